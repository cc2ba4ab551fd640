// DIP-VAE regularisers (Kumar, Sattigeri & Balakrishnan 2018; thesis §4.3.3, Eq. 4.30): push the covariance of
// the mean representation (DIP-VAE I) or of the sampled one, Cov[μ] + E[diag σ²] (DIP-VAE II), to the identity.
// Covariances are the biased batch estimates E[μμᵀ] − E[μ]E[μ]ᵀ, as in disentanglement_lib.
import * as tf from "@tensorflow/tfjs";

/** Cov_p(x)[μ] over the batch (divides by B): [d, d]. */
export function covarianceOfMean(mean: tf.Tensor2D): tf.Tensor2D {
  if (mean.rank !== 2) throw new Error(`covarianceOfMean: mean must be [batch, latent], got shape [${mean.shape}]`);
  return tf.tidy(() => {
    const centred = tf.sub(mean, tf.mean(mean, 0, true));
    return tf.div(tf.matMul(centred, centred, true, false), mean.shape[0]) as tf.Tensor2D;
  });
}

/** Cov_q(z)[z] = Cov[μ] + diag(E[σ²]) (Eq. 4.30), from the posterior mean and log-variance [B, d]: [d, d]. */
export function covarianceOfSampled(mean: tf.Tensor2D, logvar: tf.Tensor2D): tf.Tensor2D {
  if (logvar.rank !== 2 || logvar.shape[0] !== mean.shape[0] || logvar.shape[1] !== mean.shape[1]) {
    throw new Error(`covarianceOfSampled: logvar must have the shape of mean [${mean.shape}], got [${logvar.shape}]`);
  }
  // eye ⊙ row-vector builds the diagonal matrix: tf.diag has no gradient in tfjs.
  return tf.tidy(() => tf.add(covarianceOfMean(mean), tf.mul(tf.eye(mean.shape[1]), tf.mean(tf.exp(logvar), 0, true))) as tf.Tensor2D);
}

/** λ_od Σ_{i≠j} C_ij² + λ_d Σ_i (C_ii − 1)² (thesis §4.3.3, DIP-VAE I/II regulariser). */
export function dipRegulariser(covariance: tf.Tensor2D, lambdaOffDiagonal: number, lambdaDiagonal: number): tf.Scalar {
  for (const [name, v] of [["lambdaOffDiagonal", lambdaOffDiagonal], ["lambdaDiagonal", lambdaDiagonal]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new Error(`dipRegulariser: ${name} (λ) must be a finite number ≥ 0, got ${v}`);
  }
  if (covariance.rank !== 2 || covariance.shape[0] !== covariance.shape[1]) {
    throw new Error(`dipRegulariser: covariance must be a square matrix, got shape [${covariance.shape}]`);
  }
  return tf.tidy(() => {
    const eye = tf.eye(covariance.shape[0]);
    const diagonal = tf.sum(tf.mul(covariance, eye), 1);
    const offDiagonal = tf.mul(covariance, tf.sub(1, eye));
    return tf.add(
      tf.mul(lambdaOffDiagonal, tf.sum(tf.square(offDiagonal))),
      tf.mul(lambdaDiagonal, tf.sum(tf.square(tf.sub(diagonal, 1)))),
    ) as tf.Scalar;
  });
}
