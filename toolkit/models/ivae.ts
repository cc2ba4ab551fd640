// iVAE (Khemakhem et al. 2020; thesis §4.4.2, Eq. 4.31, and ch. 5): a VAE whose prior is conditional on an
// observed auxiliary variable u, p(z|u) = N(μ†(u), diag Σ†(u)). The prior network is 3 × 50 units with leaky ReLU
// 0.1 (thesis Table A.2); it outputs log Σ† (variant priorMean "fixed": μ† = 0, the original) and also μ†
// (priorMean "learned"). The encoder sees (x, u): u joins the trunk's last hidden layer before the μ / log σ²
// heads (Table A.2: FC 256 + 5 = 261 inputs). Loss = reconstruction + β·KL(q(z|x,u) ‖ p(z|u)) in closed form.
// Defaults: β = 1, priorMean "fixed"; auxDim (the width of u) is required. Terms logged: reconstruction, kl.
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../compute/random";
import { gaussianKlToPriorPerDim, reparameterise } from "../objectives/gaussian";
import { Dense } from "./layers";
import { Batch, LossOutput, ModelConfig, Representations, StepContext } from "./model";
import { registerModel } from "./registry";
import { EncoderPass, GaussianVAE, numberHyper } from "./vae";

/** Per-example prior parameters μ†(u), log Σ†(u): [B, latent] each. */
export interface ConditionalPrior {
  mean: tf.Tensor2D;
  logvar: tf.Tensor2D;
}

export class IVAE extends GaussianVAE {
  readonly beta: number;
  readonly auxDim: number;
  readonly priorMeanMode: "fixed" | "learned";
  private readonly auxHeads: Dense[];
  private readonly priorNet: Dense[];
  private readonly priorHeads: Dense[];

  constructor(config: ModelConfig) {
    const beta = numberHyper(config, "beta", 1, (v) => v > 0, "a positive number (weight of the KL term)");
    const auxDim = numberHyper(config, "auxDim", NaN, (v) => Number.isInteger(v) && v > 0, "a positive integer (the width of u, e.g. the number of segments)");
    const priorMean = config.priorMean ?? "fixed";
    if (priorMean !== "fixed" && priorMean !== "learned") {
      throw new Error(`createModel(${config.kind}): priorMean must be "fixed" (μ† = 0) or "learned", got ${JSON.stringify(config.priorMean)}`);
    }
    super({ ...config, beta, auxDim, priorMean }, []);
    this.beta = beta;
    this.auxDim = auxDim;
    this.priorMeanMode = priorMean;
    // A separate stream (seed + 2) keeps the trunk and decoder weights those of a β-VAE with the same seed.
    const rng = new Rng((config.seed ?? 0) + 2);
    this.auxHeads = ["mean", "logvar"].map((n) => new Dense(n, this.network.hidden + auxDim, this.latent, "linear", rng, this.scope));
    this.priorNet = [auxDim, 50, 50].map((inUnits, i) => new Dense(`prior_fc${i + 1}`, inUnits, 50, "leakyrelu", rng, this.scope));
    this.priorHeads = (priorMean === "learned" ? ["prior_logvar", "prior_mean"] : ["prior_logvar"])
      .map((n) => new Dense(n, 50, this.latent, "linear", rng, this.scope));
  }

  trainableVariables(): tf.Variable[] {
    const own = [...this.auxHeads, ...this.priorNet, ...this.priorHeads].flatMap((l) => l.variables());
    return [...super.trainableVariables(), ...own];
  }

  private checkAux(u: tf.Tensor | undefined, rows: number): tf.Tensor2D {
    if (!u) throw new Error(`${this.kind}: u (the auxiliary variable, [batch, ${this.auxDim}]) is required; batches must carry u`);
    if (u.rank !== 2 || u.shape[0] !== rows || u.shape[1] !== this.auxDim) {
      throw new Error(`${this.kind}: u must have shape [${rows}, ${this.auxDim}], got [${u.shape.join(", ")}]`);
    }
    return u as tf.Tensor2D;
  }

  /** The encoder trunk on x, then μ and log σ² from [trunk output, u]. */
  private encoderPassAux(x: tf.Tensor, u: tf.Tensor | undefined): { hidden: Record<string, tf.Tensor>; mean: tf.Tensor2D; logvar: tf.Tensor2D } {
    const { hidden, output: h } = this.trunkPass(x);
    const aux = this.checkAux(u, x.shape[0]);
    const joined = tf.concat([h.reshape([h.shape[0], -1]), aux], 1);
    const [meanHead, logvarHead] = this.auxHeads;
    return { hidden, mean: meanHead.apply(joined) as tf.Tensor2D, logvar: logvarHead.apply(joined) as tf.Tensor2D };
  }

  /** The base class's u-less encoder pass (used by its elbo/encode helpers) cannot serve an iVAE. */
  protected encoderPass(_x: tf.Tensor, _rng: Rng): EncoderPass {
    throw new Error(`${this.kind}: the encoder needs u as well as x; call encode(x, u), reconstruct(x, u) or activations(x, layers, u)`);
  }

  /** μ†(u) (zeros for the fixed variant) and log Σ†(u), [B, latent] each. Call inside tf.tidy. */
  conditionalPrior(u: tf.Tensor): ConditionalPrior {
    const aux = this.checkAux(u, u.shape[0]);
    let h: tf.Tensor = aux;
    for (const layer of this.priorNet) h = layer.apply(h);
    const logvar = this.priorHeads[0].apply(h) as tf.Tensor2D;
    const mean = (this.priorHeads[1] ? this.priorHeads[1].apply(h) : tf.zerosLike(logvar)) as tf.Tensor2D;
    return { mean, logvar };
  }

  lossTerms(batch: Batch, ctx: StepContext): LossOutput {
    return tf.tidy(() => {
      const { mean, logvar } = this.encoderPassAux(batch.x, batch.u);
      const sampled = reparameterise(mean, logvar, this.epsilon(mean.shape[0], ctx.rng));
      const reconstruction = this.reconstructionLoss(batch.x, this.decoderPass(sampled).output);
      const prior = this.conditionalPrior(batch.u as tf.Tensor2D);
      const klPerDim = tf.mean(gaussianKlToPriorPerDim(mean, logvar, prior.mean, prior.logvar), 0) as tf.Tensor1D;
      const kl = tf.sum(klPerDim) as tf.Scalar;
      return { loss: tf.add(reconstruction, tf.mul(this.beta, kl)) as tf.Scalar, terms: { reconstruction, kl }, klPerDim };
    });
  }

  /** mean, logvar, variance, sampled, and the conditional prior's priorMean and priorVariance per example. */
  encode(x: tf.Tensor, u?: tf.Tensor, rng: Rng = this.rng): Representations {
    return tf.tidy(() => {
      const { reps } = this.representations(x, u, rng);
      return { ...reps } as Representations;
    });
  }

  reconstruct(x: tf.Tensor, u?: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.decode(this.encoderPassAux(x, u).mean));
  }

  protected representationNames(): string[] {
    return ["mean", "logvar", "variance", "sampled", "priorMean", "priorVariance"];
  }

  private representations(x: tf.Tensor, u: tf.Tensor | undefined, rng: Rng): { reps: Record<string, tf.Tensor2D>; hidden: Record<string, tf.Tensor> } {
    const { hidden, mean, logvar } = this.encoderPassAux(x, u);
    const sampled = reparameterise(mean, logvar, this.epsilon(mean.shape[0], rng));
    const prior = this.conditionalPrior(u as tf.Tensor);
    const variance = tf.exp(logvar) as tf.Tensor2D;
    return { reps: { mean, logvar, variance, sampled, priorMean: prior.mean, priorVariance: tf.exp(prior.logvar) as tf.Tensor2D }, hidden };
  }

  protected allActivations(x: tf.Tensor, u: tf.Tensor | undefined, rng: Rng): Record<string, tf.Tensor> {
    const { hidden, reps } = this.representations(x, u, rng);
    return { ...hidden, ...reps, ...this.decoderPass(reps.sampled).hidden };
  }
}

registerModel("iVAE", (config) => new IVAE(config));
