// Analytic KL divergences between diagonal Gaussians, per latent dimension (thesis Eq. 2.18, and Eq. 2.19 / 4.1
// for the standard normal prior). Inputs are [batch, latent] tensors; outputs are per example and per dimension,
// in nats, so that callers can sum over dimensions and average over the batch.
import * as tf from "@tensorflow/tfjs";

/** KL(N(μ, σ²) ‖ N(0, 1)) per example and dimension: ½(μ² + σ² − log σ² − 1) (thesis Eq. 2.19). */
export function gaussianKlPerDim(mean: tf.Tensor2D, logvar: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(0.5, tf.sub(tf.add(tf.square(mean), tf.exp(logvar)), tf.add(logvar, 1))) as tf.Tensor2D);
}

/** KL(N(μ, σ²) ‖ N(μp, σp²)) per example and dimension:
 *  ½(log σp² − log σ² + (σ² + (μ − μp)²) / σp² − 1) (thesis Eq. 2.18 with diagonal covariances). Used by iVAE. */
export function gaussianKlToPriorPerDim(
  mean: tf.Tensor2D, logvar: tf.Tensor2D, priorMean: tf.Tensor, priorLogvar: tf.Tensor,
): tf.Tensor2D {
  return tf.tidy(() => {
    const ratio = tf.div(tf.add(tf.exp(logvar), tf.square(tf.sub(mean, priorMean))), tf.exp(priorLogvar));
    return tf.mul(0.5, tf.sub(tf.add(tf.sub(priorLogvar, logvar), ratio), 1)) as tf.Tensor2D;
  });
}

/** Reparameterised sample z = μ + σ ⊙ ε (thesis §3.3), with ε supplied by the caller (seeded noise). */
export function reparameterise(mean: tf.Tensor2D, logvar: tf.Tensor2D, epsilon: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logvar)), epsilon)) as tf.Tensor2D);
}
