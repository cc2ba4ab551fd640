// FactorVAE (Kim & Mnih 2018, Algorithm 1; thesis §4.3.3, Eq. 4.28): loss = reconstruction + KL + γ·TC, with
// TC ≈ E_q(z)[log D(z)/(1 − D(z))] from a discriminator between q(z) and ∏_j q(z_j) (dimensions permuted
// across the batch). The discriminator trains after each VAE step with its own Adam (β₁ 0.5, β₂ 0.9, lr 1e-4)
// on the same batch, as in disentanglement_lib: 6 FC layers of 1000 units, leaky ReLU 0.2, 2 logits.
// Defaults: γ (here gammaTC, since "gamma" is the Gaussian decoder's variance) = 10 (disentanglement_lib grid).
// Terms logged: reconstruction, kl, tc; after each step: discriminatorLoss.
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../compute/random";
import { discriminatorLoss, discriminatorTC, permuteDims } from "../objectives/factorDiscriminator";
import { Dense, newScope } from "./layers";
import { Batch, LossOutput, ModelConfig, StepContext } from "./model";
import { registerModel } from "./registry";
import { GaussianVAE, numberHyper } from "./vae";

/** The discriminator D(z): FC layers with leaky ReLU (slope 0.2) and a final 2-logit layer (0 = q(z), 1 = ∏ q(z_j)). */
class FactorDiscriminator {
  readonly layers: Dense[];
  constructor(latent: number, units: number, depth: number, rng: Rng, scope: string) {
    const sizes = [latent, ...new Array(depth).fill(units)];
    this.layers = sizes.slice(1).map((u, i) => new Dense(`discriminator_fc${i + 1}`, sizes[i], u, "linear", rng, scope));
    this.layers.push(new Dense("discriminator_logits", sizes[sizes.length - 1], 2, "linear", rng, scope));
  }
  logits(z: tf.Tensor2D): tf.Tensor2D {
    let h: tf.Tensor = z;
    this.layers.forEach((layer, i) => {
      h = layer.apply(h);
      if (i < this.layers.length - 1) h = tf.leakyRelu(h, 0.2);
    });
    return h as tf.Tensor2D;
  }
  variables(): tf.Variable[] {
    return this.layers.flatMap((l) => l.variables());
  }
}

export class FactorVAE extends GaussianVAE {
  readonly gammaTC: number;
  private readonly discriminator: FactorDiscriminator;
  private readonly discriminatorOptimizer: tf.Optimizer;

  constructor(config: ModelConfig) {
    const gammaTC = numberHyper(config, "gammaTC", 10, (v) => v >= 0, "a number ≥ 0 (γ, weight of the TC term)");
    const units = numberHyper(config, "discriminatorUnits", 1000, (v) => Number.isInteger(v) && v > 0, "a positive integer");
    const depth = numberHyper(config, "discriminatorLayers", 6, (v) => Number.isInteger(v) && v > 0, "a positive integer");
    const lr = numberHyper(config, "discriminatorLearningRate", 1e-4, (v) => v > 0, "a positive number");
    super({ ...config, gammaTC, discriminatorUnits: units, discriminatorLayers: depth, discriminatorLearningRate: lr });
    this.gammaTC = gammaTC;
    // A separate stream (seed + 1) so that adding the discriminator leaves the VAE's initial weights unchanged.
    this.discriminator = new FactorDiscriminator(this.latent, units, depth, new Rng((config.seed ?? 0) + 1), newScope(`${config.kind}_discriminator`));
    this.discriminatorOptimizer = tf.train.adam(lr, 0.5, 0.9);
  }

  lossTerms(batch: Batch, ctx: StepContext): LossOutput {
    return tf.tidy(() => {
      const { sampled, reconstruction, klPerDim } = this.elbo(batch.x, ctx.rng);
      const tc = discriminatorTC(this.discriminator.logits(sampled));
      const kl = tf.sum(klPerDim) as tf.Scalar;
      return { loss: tf.addN([reconstruction, kl, tf.mul(this.gammaTC, tc)]) as tf.Scalar, terms: { reconstruction, kl, tc }, klPerDim };
    });
  }

  /** One discriminator step on the batch: z ~ q(z|x) against z with every dimension permuted across the batch. */
  afterStep(batch: Batch, ctx: StepContext): Record<string, number> {
    const z = tf.tidy(() => this.encode(batch.x, undefined, ctx.rng).sampled);
    const permuted = permuteDims(z, ctx.rng);
    const cost = this.discriminatorOptimizer.minimize(
      () => discriminatorLoss(this.discriminator.logits(z), this.discriminator.logits(permuted)),
      true,
      this.discriminator.variables() as tf.Variable[],
    );
    const value = cost ? cost.dataSync()[0] : NaN;
    tf.dispose([z, permuted, ...(cost ? [cost] : [])]);
    return { discriminatorLoss: value };
  }

  /** The discriminator's probability-ratio logits for z [B, latent] (for inspection): [B, 2]. */
  discriminatorLogits(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.discriminator.logits(z));
  }

  extraState(): { variables: tf.Variable[]; optimizers: tf.Optimizer[] } {
    return { variables: this.discriminator.variables(), optimizers: [this.discriminatorOptimizer] };
  }

  dispose(): void {
    super.dispose();
    this.discriminator.variables().forEach((v) => v.dispose());
    this.discriminatorOptimizer.dispose();
  }
}

registerModel("factorVAE", (config) => new FactorVAE(config));
