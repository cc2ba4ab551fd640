// The deterministic autoencoder: the β-VAE's network without sampling and without the KL term (the
// thesis's deterministic baseline, ch. 8, built from the same network): encoder → code (named "mean"), decoder(code), loss = −log p(x | code).
// Its representations have mean = sampled = code, variance 0 and log-variance −Infinity (a point mass, stated).
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../compute/rng";
import { GaussianVAE } from "./vae";
import { Batch, LossOutput, ModelConfig, Representations, StepContext } from "./model";
import { registerModel } from "./registry";

export class AE extends GaussianVAE {
  constructor(config: ModelConfig) {
    super(config, ["mean"]);
  }

  lossTerms(batch: Batch, ctx: StepContext): LossOutput {
    return tf.tidy(() => {
      const code = this.encoderPass(batch.x, ctx.rng).mean;
      const reconstruction = this.reconstructionLoss(batch.x, this.decoderPass(code).output);
      return { loss: reconstruction, terms: { reconstruction } };
    });
  }

  encode(x: tf.Tensor, _u?: tf.Tensor, rng: Rng = this.rng): Representations {
    return tf.tidy(() => {
      const { mean, logvar } = this.encoderPass(x, rng);
      return { mean, logvar, variance: tf.zerosLike(mean) as tf.Tensor2D, sampled: mean.clone() };
    });
  }

  protected representationNames(): string[] {
    return ["mean"];
  }

  protected allActivations(x: tf.Tensor, _u: tf.Tensor | undefined, rng: Rng): Record<string, tf.Tensor> {
    const { hidden, mean } = this.encoderPass(x, rng);
    return { ...hidden, mean, ...this.decoderPass(mean).hidden };
  }
}

registerModel("ae", (config) => new AE(config));
