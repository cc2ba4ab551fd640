// Annealed VAE (Burgess et al. 2018; thesis §4.3.3, Eq. 4.26): loss = reconstruction + γ·|KL − C|, with the
// capacity C rising linearly from 0 to C_max over `iterationThreshold` steps (disentanglement_lib's schedule).
// Defaults (thesis Tables C.2/C.5): C_max = 5 nats, γ = 1000, iterationThreshold = 100,000 steps.
// Terms logged: reconstruction, kl, capacity (the current C), capacityPenalty.
import * as tf from "@tensorflow/tfjs";
import { annealedCapacity, capacityPenalty } from "../objectives/capacity";
import { Batch, LossOutput, ModelConfig, StepContext } from "./model";
import { registerModel } from "./registry";
import { GaussianVAE, numberHyper } from "./vae";

export class AnnealedVAE extends GaussianVAE {
  readonly cMax: number;
  readonly gammaCapacity: number;
  readonly iterationThreshold: number;

  constructor(config: ModelConfig) {
    const cMax = numberHyper(config, "cMax", 5, (v) => v >= 0, "a number ≥ 0 (C_max, nats)");
    // "gamma" already names the Gaussian decoder variance in GaussianVAE, so the capacity weight is gammaCapacity.
    const gammaCapacity = numberHyper(config, "gammaCapacity", 1000, (v) => v >= 0, "a number ≥ 0 (γ, weight of |KL − C|)");
    const iterationThreshold = numberHyper(config, "iterationThreshold", 100000, (v) => v > 0, "a positive number of steps");
    super({ ...config, cMax, gammaCapacity, iterationThreshold });
    this.cMax = cMax;
    this.gammaCapacity = gammaCapacity;
    this.iterationThreshold = iterationThreshold;
  }

  lossTerms(batch: Batch, ctx: StepContext): LossOutput {
    return tf.tidy(() => {
      const { reconstruction, klPerDim } = this.elbo(batch.x, ctx.rng);
      const kl = tf.sum(klPerDim) as tf.Scalar;
      const c = annealedCapacity(ctx.step, this.cMax, this.iterationThreshold);
      const penalty = capacityPenalty(kl, c, this.gammaCapacity);
      return {
        loss: tf.add(reconstruction, penalty) as tf.Scalar,
        terms: { reconstruction, kl, capacity: tf.scalar(c), capacityPenalty: penalty },
        klPerDim,
      };
    });
  }
}

registerModel("annealedVAE", (config) => new AnnealedVAE(config));
