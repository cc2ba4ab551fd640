// Mathieu, Rainforth, Siddharth & Teh (2019), "Disentangling Disentanglement", §5 Eq. 7: the decomposition
// objective L_α,β = E_q[log p(x|z)] − β·KL(q(z|x) ‖ p(z)) − α·D(q(z), p(z)), minimised here as
// reconstruction + β·KL + α·D. D is an MMD with a kernel on the marginals (the paper's choice for sparsity, §6.3)
// or the sampled KL(q(z) ‖ p(z)) (minibatch estimate of log q(z)). Priors (§6): isotropic, anisotropic (fixed or
// learned variances), product of Student-t, mixture of Gaussians, sparse (σ₀² = 0.05); KL in closed form for
// Gaussian priors, by Monte Carlo (one sample) otherwise.
// Defaults: prior isotropic N(0, I), β = 1, α = 0 (the β-VAE with a structured prior of §6.1), divergence "mmd".
// Terms logged: reconstruction, kl, and mmd or aggregateKL.
import * as tf from "@tensorflow/tfjs";
import { gaussianKlToPriorPerDim, reparameterise } from "../objectives/gaussian";
import { marginalMMD, MarginalKernel } from "../objectives/mmd";
import { aggregateKL, monteCarloKL, monteCarloKLPerDim } from "../objectives/monteCarloKL";
import { createPrior, Prior, PriorConfig } from "../objectives/priors";
import { Batch, LossOutput, ModelConfig, StepContext } from "./model";
import { registerModel } from "./registry";
import { GaussianVAE, numberHyper } from "./vae";

export class DecompositionVAE extends GaussianVAE {
  readonly alpha: number;
  readonly beta: number;
  readonly divergence: "mmd" | "kl";
  readonly prior: Prior;
  private readonly mmdOptions: { kernel?: MarginalKernel; scales?: number[] };

  constructor(config: ModelConfig) {
    const alpha = numberHyper(config, "alpha", 0, (v) => v >= 0, "a number ≥ 0 (weight α of D(q(z), p(z)))");
    const beta = numberHyper(config, "beta", 1, (v) => v >= 0, "a number ≥ 0 (weight β of the KL term)");
    const divergence = config.divergence ?? "mmd";
    if (divergence !== "mmd" && divergence !== "kl") {
      throw new Error(`createModel(${config.kind}): divergence must be "mmd" or "kl", got ${JSON.stringify(config.divergence)}`);
    }
    const priorConfig = (config.prior ?? { kind: "isotropic" }) as PriorConfig;
    const prior = createPrior(priorConfig, config.latent);
    super({ ...config, alpha, beta, divergence, prior: priorConfig });
    this.alpha = alpha;
    this.beta = beta;
    this.divergence = divergence;
    this.prior = prior;
    this.mmdOptions = { kernel: config.mmdKernel as MarginalKernel | undefined, scales: config.mmdScales as number[] | undefined };
  }

  trainableVariables(): tf.Variable[] {
    return [...super.trainableVariables(), ...this.prior.variables()];
  }

  /** KL(q(z|x) ‖ p(z)): closed form per latent for Gaussian priors, else a one-sample Monte-Carlo estimate
   *  (per latent where the prior factorises, so that kl_j is logged; as a whole for the mixture). */
  private klTerm(mean: tf.Tensor2D, logvar: tf.Tensor2D, sampled: tf.Tensor2D): { kl: tf.Scalar; klPerDim?: tf.Tensor1D } {
    const gaussian = this.prior.gaussian();
    if (gaussian) {
      const klPerDim = tf.mean(gaussianKlToPriorPerDim(mean, logvar, gaussian.mean, gaussian.logvar), 0) as tf.Tensor1D;
      return { kl: tf.sum(klPerDim) as tf.Scalar, klPerDim };
    }
    if (this.prior.logDensityPerDim) {
      const klPerDim = tf.mean(monteCarloKLPerDim(sampled, mean, logvar, this.prior), 0) as tf.Tensor1D;
      return { kl: tf.sum(klPerDim) as tf.Scalar, klPerDim };
    }
    return { kl: tf.mean(monteCarloKL(sampled, mean, logvar, this.prior)) as tf.Scalar };
  }

  lossTerms(batch: Batch, ctx: StepContext): LossOutput {
    return tf.tidy(() => {
      const { mean, logvar } = this.encoderPass(batch.x, ctx.rng);
      const sampled = reparameterise(mean, logvar, this.epsilon(mean.shape[0], ctx.rng));
      const reconstruction = this.reconstructionLoss(batch.x, this.decoderPass(sampled).output);
      const { kl, klPerDim } = this.klTerm(mean, logvar, sampled);
      const rows = mean.shape[0];
      const divergence = this.divergence === "mmd"
        ? marginalMMD(sampled, this.prior.sample(rows, ctx.rng), this.mmdOptions)
        : aggregateKL(sampled, mean, logvar, this.prior, Math.max(ctx.datasetSize, rows));
      const loss = tf.addN([reconstruction, tf.mul(this.beta, kl), tf.mul(this.alpha, divergence)]) as tf.Scalar;
      const name = this.divergence === "mmd" ? "mmd" : "aggregateKL";
      return { loss, terms: { reconstruction, kl, [name]: divergence }, ...(klPerDim ? { klPerDim } : {}) };
    });
  }

  dispose(): void {
    // The prior owns its (possibly learned) variables: dispose the network's, then the prior.
    for (const v of super.trainableVariables()) v.dispose();
    this.prior.dispose();
  }
}

registerModel("decomposition", (config) => new DecompositionVAE(config));
