// DIP-VAE I and II (Kumar, Sattigeri & Balakrishnan 2018; thesis §4.3.3, Eq. 4.30): loss = reconstruction + KL +
// λ_od Σ_{i≠j} C_ij² + λ_d Σ_i (C_ii − 1)², with C = Cov[μ] (type "i") or Cov[μ] + E[diag σ²] (type "ii").
// Defaults (thesis Table C.2, disentanglement_lib): type "ii", λ_od = 1, λ_d = λ_od for II and 10·λ_od for I.
// Terms logged: reconstruction, kl, dip.
import * as tf from "@tensorflow/tfjs";
import { covarianceOfMean, covarianceOfSampled, dipRegulariser } from "../objectives/dip";
import { Batch, LossOutput, ModelConfig, StepContext } from "./model";
import { registerModel } from "./registry";
import { GaussianVAE, numberHyper } from "./vae";

export class DipVAE extends GaussianVAE {
  readonly dipType: "i" | "ii";
  readonly lambdaOffDiagonal: number;
  readonly lambdaDiagonal: number;

  constructor(config: ModelConfig) {
    const dipType = config.dipType ?? "ii";
    if (dipType !== "i" && dipType !== "ii") {
      throw new Error(`createModel(${config.kind}): dipType must be "i" or "ii", got ${JSON.stringify(config.dipType)}`);
    }
    const lambdaOffDiagonal = numberHyper(config, "lambdaOffDiagonal", 1, (v) => v >= 0, "a number ≥ 0 (λ_od)");
    const lambdaDiagonal = numberHyper(config, "lambdaDiagonal", dipType === "i" ? 10 * lambdaOffDiagonal : lambdaOffDiagonal, (v) => v >= 0, "a number ≥ 0 (λ_d)");
    super({ ...config, dipType, lambdaOffDiagonal, lambdaDiagonal });
    this.dipType = dipType;
    this.lambdaOffDiagonal = lambdaOffDiagonal;
    this.lambdaDiagonal = lambdaDiagonal;
  }

  lossTerms(batch: Batch, ctx: StepContext): LossOutput {
    return tf.tidy(() => {
      const { mean, logvar, reconstruction, klPerDim } = this.elbo(batch.x, ctx.rng);
      const cov = this.dipType === "i" ? covarianceOfMean(mean) : covarianceOfSampled(mean, logvar);
      const dip = dipRegulariser(cov, this.lambdaOffDiagonal, this.lambdaDiagonal);
      const kl = tf.sum(klPerDim) as tf.Scalar;
      return { loss: tf.addN([reconstruction, kl, dip]) as tf.Scalar, terms: { reconstruction, kl, dip }, klPerDim };
    });
  }
}

registerModel("dipVAE", (config) => new DipVAE(config));
