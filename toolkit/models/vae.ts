// The Gaussian-encoder VAE (thesis §3, Fig. 3.1) and the β-VAE (thesis Eq. 4.25): encoder → μ, log σ²;
// z = μ + σ ⊙ ε (§3.3; ε from the run's stream StepContext.rng in training, else from the model's own stream); decoder → Bernoulli logits (summed over
// pixels) or a Gaussian mean with fixed or learned variance γ (Eq. 4.3); analytic KL to N(0, I) (Eq. 4.1).
// Loss = −E_q[log p(x|z)] + β·KL, averaged over the batch (disentanglement_lib). GaussianVAE is the base the zoo extends.
import * as tf from "@tensorflow/tfjs";
import { Rng, randomNormal } from "../compute/random";
import { bernoulliLogLikelihood, gaussianKlPerDim, gaussianLogLikelihood, reparameterise } from "../objectives";
import { buildNetwork, Network } from "./architectures";
import { newScope } from "./layers";
import { Batch, LossOutput, Model, ModelConfig, Representations, SEED_STREAMS, StepContext } from "./model";
import { registerModel } from "./registry";
import { showValue } from "../runtime/values";

const prod = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** Reads a finite number hyperparameter with a default; `ok` checks it and `expected` says what it must be. */
export function numberHyper(config: ModelConfig, name: string, fallback: number, ok: (v: number) => boolean, expected: string): number {
  const value = config[name] ?? fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
    throw new Error(`createModel(${config.kind}): ${name} must be ${expected}, got ${showValue(config[name])}`);
  }
  return value;
}

export function booleanHyper(config: ModelConfig, name: string, fallback: boolean): boolean {
  const value = config[name] ?? fallback;
  if (typeof value !== "boolean") {
    throw new Error(`createModel(${config.kind}): ${name} must be true or false, got ${JSON.stringify(config[name])}`);
  }
  return value;
}

/** Encoder outputs of one forward pass: every named trunk activation, then μ and log σ². */
export interface EncoderPass {
  hidden: Record<string, tf.Tensor>;
  mean: tf.Tensor2D;
  logvar: tf.Tensor2D;
}

/** The pieces of the ELBO for a batch (means over the batch, in nats). */
export interface ElboParts {
  mean: tf.Tensor2D;
  logvar: tf.Tensor2D;
  sampled: tf.Tensor2D;
  /** −(1/B) Σ_b log p(x_b | z_b). */
  reconstruction: tf.Scalar;
  /** (1/B) Σ_b KL_j(q(z|x_b) ‖ N(0, 1)) for each latent j. */
  klPerDim: tf.Tensor1D;
}

/** A VAE with a diagonal Gaussian encoder, a standard normal prior and a Bernoulli or Gaussian decoder. */
export class GaussianVAE implements Model {
  readonly kind: string;
  readonly config: ModelConfig;
  readonly latent: number;
  readonly rng: Rng;
  protected readonly network: Network;
  protected readonly logGamma: tf.Variable | undefined;
  protected readonly fixedLogGamma: number;
  protected readonly scope: string;

  constructor(config: ModelConfig, headNames: string[] = ["mean", "logvar"]) {
    this.kind = config.kind;
    this.latent = config.latent;
    const gamma = numberHyper(config, "gamma", 1, (v) => v > 0, "a positive number (decoder variance γ)");
    const learnGamma = booleanHyper(config, "learnGamma", false);
    this.config = { ...config, gamma, learnGamma };
    this.scope = newScope(config.kind);
    this.network = buildNetwork(this.config, headNames, new Rng(config.seed ?? 0), this.scope);
    this.rng = new Rng(config.seed ?? 0).fork(SEED_STREAMS.sampling);
    this.fixedLogGamma = Math.log(gamma);
    this.logGamma = config.likelihood === "gaussian" && learnGamma
      ? tf.variable(tf.scalar(this.fixedLogGamma), true, `${this.scope}/logGamma`)
      : undefined;
  }

  trainableVariables(): tf.Variable[] {
    const layers = [...this.network.encoder, ...this.network.heads, ...this.network.decoder];
    const vars = layers.flatMap((l) => l.variables());
    return this.logGamma ? [...vars, this.logGamma] : vars;
  }

  protected checkInput(x: tf.Tensor): void {
    const per = prod(x.shape.slice(1));
    if (x.rank < 2 || per !== prod(this.config.inputShape)) {
      throw new Error(
        `${this.kind}: x must have shape [batch, ${this.config.inputShape.join(", ")}] (or [batch, ${prod(this.config.inputShape)}]), got [${x.shape.join(", ")}]`,
      );
    }
  }

  /** Runs the encoder trunk, keeping every named activation; `output` is the trunk's last one (x for `linear`). */
  protected trunkPass(x: tf.Tensor): { hidden: Record<string, tf.Tensor>; output: tf.Tensor } {
    this.checkInput(x);
    const hidden: Record<string, tf.Tensor> = {};
    let h = x.rank === 2 && this.config.inputShape.length > 1 ? x.reshape([x.shape[0], ...this.config.inputShape]) : x;
    for (const layer of this.network.encoder) {
      h = layer.apply(h);
      hidden[layer.name] = h;
    }
    return { hidden, output: h };
  }

  /** Runs the encoder trunk and heads, keeping every named activation (`rng` serves encoders that sample: VGON). */
  protected encoderPass(x: tf.Tensor, _rng: Rng): EncoderPass {
    const { hidden, output: h } = this.trunkPass(x);
    const [meanHead, logvarHead] = this.network.heads;
    const mean = meanHead.apply(h) as tf.Tensor2D;
    const logvar = (logvarHead ? logvarHead.apply(h) : tf.fill(mean.shape, -Infinity)) as tf.Tensor2D;
    return { hidden, mean, logvar };
  }

  /** Decoder output before the likelihood's link: Bernoulli logits or the Gaussian mean, shaped [B, ...inputShape]. */
  decodeRaw(z: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.decoderPass(z).output);
  }

  protected decoderPass(z: tf.Tensor): { hidden: Record<string, tf.Tensor>; output: tf.Tensor } {
    if (z.rank !== 2 || z.shape[1] !== this.latent) {
      throw new Error(`${this.kind}: z must have shape [batch, ${this.latent}], got [${z.shape.join(", ")}]`);
    }
    const hidden: Record<string, tf.Tensor> = {};
    let h: tf.Tensor = z;
    for (const layer of this.network.decoder) {
      h = layer.apply(h);
      hidden[layer.name] = h;
    }
    return { hidden, output: h.reshape([z.shape[0], ...this.config.inputShape]) };
  }

  /** Standard normal noise ε [rows, latent] for the reparameterisation, drawn from `rng`. */
  protected epsilon(rows: number, rng: Rng): tf.Tensor {
    return randomNormal([rows, this.latent], rng);
  }

  /** −(1/B) Σ_b log p(x_b | decoder output_b), in nats. */
  reconstructionLoss(x: tf.Tensor, raw: tf.Tensor): tf.Scalar {
    return tf.tidy(() => {
      const ll = this.config.likelihood === "gaussian"
        ? gaussianLogLikelihood(x, raw, this.logGamma ?? this.fixedLogGamma)
        : bernoulliLogLikelihood(x, raw);
      return tf.neg(tf.mean(ll)) as tf.Scalar;
    });
  }

  /** Encodes, samples (ε from `rng`) and decodes a batch, returning the ELBO's pieces (not disposed: call inside tf.tidy). */
  elbo(x: tf.Tensor, rng: Rng): ElboParts {
    const { mean, logvar } = this.encoderPass(x, rng);
    const sampled = reparameterise(mean, logvar, this.epsilon(mean.shape[0], rng));
    const reconstruction = this.reconstructionLoss(x, this.decoderPass(sampled).output);
    const klPerDim = tf.mean(gaussianKlPerDim(mean, logvar), 0) as tf.Tensor1D;
    return { mean, logvar, sampled, reconstruction, klPerDim };
  }

  /** The plain VAE loss (β = 1); subclasses reweight or add terms. */
  lossTerms(batch: Batch, ctx: StepContext): LossOutput {
    return tf.tidy(() => {
      const { reconstruction, klPerDim } = this.elbo(batch.x, ctx.rng);
      const kl = tf.sum(klPerDim) as tf.Scalar;
      return { loss: tf.add(reconstruction, kl) as tf.Scalar, terms: { reconstruction, kl }, klPerDim };
    });
  }

  encode(x: tf.Tensor, _u?: tf.Tensor, rng: Rng = this.rng): Representations {
    return tf.tidy(() => {
      const { mean, logvar } = this.encoderPass(x, rng);
      const sampled = reparameterise(mean, logvar, this.epsilon(mean.shape[0], rng));
      return { mean, logvar, variance: tf.exp(logvar) as tf.Tensor2D, sampled };
    });
  }

  /** The decoder's mean: sigmoid(logits) for Bernoulli, the mean for Gaussian. */
  decode(z: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const raw = this.decoderPass(z).output;
      return this.config.likelihood === "gaussian" ? raw : tf.sigmoid(raw);
    });
  }

  /** decode(mean representation): the deterministic reconstruction. */
  reconstruct(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.decode(this.encoderPass(x, this.rng).mean));
  }

  /** Representation rows after the heads, in order; "sampled" draws fresh noise. */
  protected representationNames(): string[] {
    return ["mean", "logvar", "variance", "sampled"];
  }

  layerNames(): string[] {
    return [...this.network.encoder.map((l) => l.name), ...this.representationNames(), ...this.network.decoder.map((l) => l.name)];
  }

  activations(x: tf.Tensor, layers?: string[], u?: tf.Tensor, rng: Rng = this.rng): Record<string, tf.Tensor2D> {
    const known = this.layerNames();
    const names = layers ?? known;
    const unknown = names.filter((n) => !known.includes(n));
    if (unknown.length > 0) throw new Error(`${this.kind}.activations: unknown layers ${JSON.stringify(unknown)}; layers are ${known.join(", ")}`);
    return tf.tidy(() => {
      const all = this.allActivations(x, u, rng);
      const out: Record<string, tf.Tensor2D> = {};
      for (const n of names) out[n] = all[n].reshape([all[n].shape[0], -1]) as tf.Tensor2D;
      return out;
    });
  }

  /** Every named activation of one pass; `u` is the auxiliary input of models that take one (iVAE). */
  protected allActivations(x: tf.Tensor, _u: tf.Tensor | undefined, rng: Rng): Record<string, tf.Tensor> {
    const { hidden, mean, logvar } = this.encoderPass(x, rng);
    const sampled = reparameterise(mean, logvar, this.epsilon(mean.shape[0], rng));
    const decoded = this.decoderPass(sampled).hidden;
    return { ...hidden, mean, logvar, variance: tf.exp(logvar), sampled, ...decoded };
  }

  dispose(): void {
    for (const v of this.trainableVariables()) v.dispose();
  }
}

/** β-VAE (Higgins et al. 2017; thesis Eq. 4.25): −E_q[log p(x|z)] + β·KL(q(z|x) ‖ N(0, I)); β defaults to 1.
 *  With betaWarmup = W > 0 steps the KL weight at step t is β·min(1, t / W), the deterministic warm-up of
 *  Sønderby et al. (2016, §2.3) and Bowman et al. (2016): from step W on the objective is the β-VAE's. A strong β
 *  from the first step can hold a short run at the mean image, where every KL is 0 and its gradient too. */
export class BetaVAE extends GaussianVAE {
  readonly beta: number;
  readonly betaWarmup: number;

  constructor(config: ModelConfig) {
    const beta = numberHyper(config, "beta", 1, (v) => v >= 0, "a non-negative number (weight of the KL term)");
    const betaWarmup = numberHyper(config, "betaWarmup", 0, (v) => Number.isInteger(v) && v >= 0, "a whole number of steps ≥ 0 (0: no warm-up)");
    super({ ...config, beta, betaWarmup });
    this.beta = beta;
    this.betaWarmup = betaWarmup;
  }

  lossTerms(batch: Batch, ctx: StepContext): LossOutput {
    return tf.tidy(() => {
      const { reconstruction, klPerDim } = this.elbo(batch.x, ctx.rng);
      const kl = tf.sum(klPerDim) as tf.Scalar;
      const weight = this.betaWarmup > 0 ? this.beta * Math.min(1, ctx.step / this.betaWarmup) : this.beta;
      return { loss: tf.add(reconstruction, tf.mul(weight, kl)) as tf.Scalar, terms: { reconstruction, kl }, klPerDim };
    });
  }
}

registerModel("betaVAE", (config) => new BetaVAE(config));
