// Monte-Carlo KL estimates for priors without a closed form (Mathieu et al. 2019, §6: Student-t, mixture, sparse):
// KL(q(z|x) ‖ p(z)) ≈ log q(z|x) − log p(z) at z ~ q(z|x) (one reparameterised sample per example), and the
// aggregate-posterior KL(q(z) ‖ p(z)) ≈ mean_i [log q̂(z_i) − log p(z_i)] with q̂ by minibatch-weighted
// sampling (Chen et al. 2018), the "sampled KL" choice of D in Mathieu's Eq. 7. Nats.
import * as tf from "@tensorflow/tfjs";
import { Prior } from "./priors";
import { aggregateLogDensityMWS, gaussianLogDensity } from "./totalCorrelation";

/** Per-example single-sample estimate log q(z|x) − log p(z), [B]; z must be drawn from N(mean, exp(logvar)). */
export function monteCarloKL(z: tf.Tensor2D, mean: tf.Tensor2D, logvar: tf.Tensor2D, prior: Prior): tf.Tensor1D {
  if (z.shape.join() !== mean.shape.join() || z.shape.join() !== logvar.shape.join()) {
    throw new Error(`monteCarloKL: z, mean and logvar must share one [batch, latent] shape, got [${z.shape}], [${mean.shape}], [${logvar.shape}]`);
  }
  return tf.tidy(() => tf.sub(tf.sum(gaussianLogDensity(z, mean, logvar), 1), prior.logDensity(z)) as tf.Tensor1D);
}

/**
 * Per-example, per-latent single-sample estimate log q(z_d|x) − log p(z_d), [B, d], for priors that factorise over
 * latents (all but the mixture): the KL per latent that the polarised-regime analyses read.
 */
export function monteCarloKLPerDim(z: tf.Tensor2D, mean: tf.Tensor2D, logvar: tf.Tensor2D, prior: Prior): tf.Tensor2D {
  if (!prior.logDensityPerDim) throw new Error(`monteCarloKLPerDim: the ${prior.kind} prior does not factorise over latents; use monteCarloKL`);
  if (z.shape.join() !== mean.shape.join() || z.shape.join() !== logvar.shape.join()) {
    throw new Error(`monteCarloKLPerDim: z, mean and logvar must share one [batch, latent] shape, got [${z.shape}], [${mean.shape}], [${logvar.shape}]`);
  }
  const perDim = prior.logDensityPerDim.bind(prior);
  return tf.tidy(() => tf.sub(gaussianLogDensity(z, mean, logvar), perDim(z)) as tf.Tensor2D);
}

/**
 * KL(q(z) ‖ p(z)) ≈ mean_i [log q̂(z_i) − log p(z_i)] with q̂(z_i) = (1/M) Σ_k q(z_i | x_k) (Eq. 4.29 + log N):
 * a scalar, biased for small batches. `datasetSize` ≥ the batch size.
 */
export function aggregateKL(
  z: tf.Tensor2D, mean: tf.Tensor2D, logvar: tf.Tensor2D, prior: Prior, datasetSize: number,
): tf.Scalar {
  return tf.tidy(() => {
    const { joint } = aggregateLogDensityMWS(z, mean, logvar, datasetSize);
    return tf.mean(tf.sub(tf.add(joint, Math.log(datasetSize)), prior.logDensity(z))) as tf.Scalar;
  });
}
