// β-VAE_Σ (Rolinek, Zietlow & Martius 2019, §6 "Architectures" and Suppl. B.3): the control that removes the
// diagonal-posterior approximation. The encoder emits μ, the log of the Cholesky factor's diagonal and its strict
// lower triangle; q(z|x) = N(μ, LLᵀ), z = μ + Lε, KL(q ‖ N(0, I)) = ½(tr LLᵀ + ‖μ‖² − d − 2Σ log L_ii) weighted by β.
// Representations: logvar / variance are the diagonal of Σ = LLᵀ; "cholesky" is L flattened row-major [B, d·d].
// Default β = 1. Terms logged: reconstruction, kl. (klPerDim is not reported: a full-covariance KL does not split.)
// Initialisation: the two Cholesky heads start with zero kernels (and zero biases), so q(z|x) starts at N(μ, I) as a
// diagonal VAE's unit-variance start does. With Glorot kernels a linear head on raw data gives log L_ii of several
// units, exp(2 log L_ii) ≈ 10⁵ and a first KL of ≈ 2·10⁵ nats, from which the linear model never recovered.
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../compute/random";
import { choleskyFromParameters, klFullCovariance, offDiagonalCount, sampleFullCovariance } from "../objectives/fullCovarianceKL";
import { Dense } from "./layers";
import { Batch, LossOutput, ModelConfig, Representations, StepContext } from "./model";
import { registerModel } from "./registry";
import { EncoderPass, GaussianVAE, numberHyper } from "./vae";

export class BetaVAESigma extends GaussianVAE {
  readonly beta: number;
  private readonly lowerHead: Dense | undefined;

  constructor(config: ModelConfig) {
    const beta = numberHyper(config, "beta", 1, (v) => v >= 0, "a non-negative number (weight of the KL term)");
    // Heads: "mean" and "logvar" (here log L_ii, the log of the Cholesky diagonal; log Σ_ii = 2 log L_ii when L is diagonal).
    super({ ...config, beta });
    this.beta = beta;
    const count = offDiagonalCount(this.latent);
    this.lowerHead = count > 0 ? new Dense("cholesky_lower", this.network.hidden, count, "linear", new Rng((config.seed ?? 0) + 4), this.scope) : undefined;
    const [, logDiagonalHead] = this.network.heads;
    for (const head of [logDiagonalHead, this.lowerHead]) {
      for (const v of head?.variables() ?? []) tf.tidy(() => v.assign(tf.zerosLike(v)));
    }
  }

  trainableVariables(): tf.Variable[] {
    return [...super.trainableVariables(), ...(this.lowerHead ? this.lowerHead.variables() : [])];
  }

  /** μ and L [B, d, d] of q(z|x) = N(μ, LLᵀ). Call inside tf.tidy. */
  posterior(x: tf.Tensor): { mean: tf.Tensor2D; cholesky: tf.Tensor3D; hidden: Record<string, tf.Tensor> } {
    const pass = super.encoderPass(x, this.rng); // the trunk and heads draw nothing
    const last = Object.values(pass.hidden).pop() ?? x;
    const lower = this.lowerHead ? (this.lowerHead.apply(last) as tf.Tensor2D) : tf.zeros([pass.mean.shape[0], 0]) as tf.Tensor2D;
    return { mean: pass.mean, cholesky: choleskyFromParameters(pass.logvar, lower), hidden: pass.hidden };
  }

  /** The diagonal of Σ = LLᵀ as the log-variance representation. */
  protected encoderPass(x: tf.Tensor, _rng: Rng): EncoderPass {
    const { mean, cholesky, hidden } = this.posterior(x);
    return { hidden, mean, logvar: tf.log(tf.sum(tf.square(cholesky), 2)) as tf.Tensor2D };
  }

  /** Named activations with z = μ + Lε (correlated), not the diagonal reparameterisation of the base class. */
  protected allActivations(x: tf.Tensor, _u: tf.Tensor | undefined, rng: Rng): Record<string, tf.Tensor> {
    const { mean, cholesky, hidden } = this.posterior(x);
    const variance = tf.sum(tf.square(cholesky), 2);
    const sampled = sampleFullCovariance(mean, cholesky, this.epsilon(mean.shape[0], rng) as tf.Tensor2D);
    return { ...hidden, mean, logvar: tf.log(variance), variance, sampled, ...this.decoderPass(sampled).hidden };
  }

  lossTerms(batch: Batch, ctx: StepContext): LossOutput {
    return tf.tidy(() => {
      const { mean, cholesky } = this.posterior(batch.x);
      const sampled = sampleFullCovariance(mean, cholesky, this.epsilon(mean.shape[0], ctx.rng) as tf.Tensor2D);
      const reconstruction = this.reconstructionLoss(batch.x, this.decoderPass(sampled).output);
      const kl = tf.mean(klFullCovariance(mean, cholesky)) as tf.Scalar;
      return { loss: tf.add(reconstruction, tf.mul(this.beta, kl)) as tf.Scalar, terms: { reconstruction, kl } };
    });
  }

  /** mean, logvar and variance (diagonal of Σ), sampled z = μ + Lε, and cholesky (L row-major, [B, d·d]). */
  encode(x: tf.Tensor, _u?: tf.Tensor, rng: Rng = this.rng): Representations {
    return tf.tidy(() => {
      const { mean, cholesky } = this.posterior(x);
      const variance = tf.sum(tf.square(cholesky), 2) as tf.Tensor2D;
      const sampled = sampleFullCovariance(mean, cholesky, this.epsilon(mean.shape[0], rng) as tf.Tensor2D);
      return { mean, logvar: tf.log(variance) as tf.Tensor2D, variance, sampled, cholesky: cholesky.reshape([mean.shape[0], -1]) as tf.Tensor2D };
    });
  }
}

registerModel("betaVAESigma", (config) => new BetaVAESigma(config));
