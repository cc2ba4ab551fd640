// The deterministic autoencoder: the β-VAE's network without sampling and without the KL term (the
// thesis's deterministic baseline, ch. 8, built from the same network): encoder → code (named "mean"), decoder(code), loss = −log p(x | code).
// Its representations have mean = sampled = code, variance 0 and log-variance −Infinity (a point mass, stated).
import * as tf from "@tensorflow/tfjs";
import { GaussianVAE } from "./vae";
import { Batch, LossOutput, ModelConfig, Representations, StepContext } from "./model";
import { registerModel } from "./registry";

export class AE extends GaussianVAE {
  constructor(config: ModelConfig) {
    super(config, ["mean"]);
  }

  lossTerms(batch: Batch, _ctx: StepContext): LossOutput {
    return tf.tidy(() => {
      const code = this.encoderPass(batch.x).mean;
      const reconstruction = this.reconstructionLoss(batch.x, this.decoderPass(code).output);
      return { loss: reconstruction, terms: { reconstruction } };
    });
  }

  encode(x: tf.Tensor): Representations {
    return tf.tidy(() => {
      const { mean, logvar } = this.encoderPass(x);
      return { mean, logvar, variance: tf.zerosLike(mean) as tf.Tensor2D, sampled: mean.clone() };
    });
  }

  protected representationNames(): string[] {
    return ["mean"];
  }

  protected allActivations(x: tf.Tensor): Record<string, tf.Tensor> {
    const { hidden, mean } = this.encoderPass(x);
    return { ...hidden, mean, ...this.decoderPass(mean).hidden };
  }
}

registerModel("ae", (config) => new AE(config));
