// β-TC VAE (Chen et al. 2018; thesis §4.3.3, Eq. 4.28–4.29): loss = reconstruction + KL + (β − 1)·TC, with the
// total correlation of q(z) estimated on the batch by minibatch-weighted sampling using the dataset size
// (disentanglement_lib's form), or by minibatch-stratified sampling (estimator: "mss").
// Defaults: β = 2 (thesis Table C.5), estimator "mws". Terms logged: reconstruction, kl, tc.
import * as tf from "@tensorflow/tfjs";
import { totalCorrelation } from "../objectives/totalCorrelation";
import { Batch, LossOutput, ModelConfig, StepContext } from "./model";
import { registerModel } from "./registry";
import { GaussianVAE, numberHyper } from "./vae";

export class BetaTCVAE extends GaussianVAE {
  readonly beta: number;
  readonly estimator: "mws" | "mss";

  constructor(config: ModelConfig) {
    const beta = numberHyper(config, "beta", 2, (v) => v > 0, "a positive number (TC weight is β − 1)");
    const estimator = config.estimator ?? "mws";
    if (estimator !== "mws" && estimator !== "mss") {
      throw new Error(`createModel(${config.kind}): estimator must be "mws" or "mss", got ${JSON.stringify(config.estimator)}`);
    }
    super({ ...config, beta, estimator });
    this.beta = beta;
    this.estimator = estimator;
  }

  lossTerms(batch: Batch, ctx: StepContext): LossOutput {
    return tf.tidy(() => {
      const { mean, logvar, sampled, reconstruction, klPerDim } = this.elbo(batch.x, ctx.rng);
      // Without a dataset size (a plain stream of batches) the batch stands for the whole dataset.
      const datasetSize = Math.max(ctx.datasetSize, mean.shape[0]);
      const tc = totalCorrelation(sampled, mean, logvar, datasetSize, this.estimator);
      const kl = tf.sum(klPerDim) as tf.Scalar;
      const loss = tf.addN([reconstruction, kl, tf.mul(this.beta - 1, tc)]) as tf.Scalar;
      return { loss, terms: { reconstruction, kl, tc }, klPerDim };
    });
  }
}

registerModel("betaTCVAE", (config) => new BetaTCVAE(config));
