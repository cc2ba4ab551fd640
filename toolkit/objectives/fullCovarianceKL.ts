// Full-covariance Gaussian posteriors for β-VAE_Σ (Rolinek, Zietlow & Martius 2019, §6 and Suppl. B.3): the
// encoder emits a Cholesky factor L (Σ = LLᵀ, positive diagonal), z = μ + Lε, and the KL to N(0, I) becomes
// thesis Eq. 2.19 with a full Σ: ½(tr Σ + ‖μ‖² − log det Σ − d), with log det Σ = 2 Σ_i log L_ii. Nats.
import * as tf from "@tensorflow/tfjs";

/** Number of strictly-lower-triangular entries of a d×d matrix: d(d − 1)/2. */
export function offDiagonalCount(d: number): number {
  return (d * (d - 1)) / 2;
}

/** 0/1 matrices that scatter the diagonal [d] and the strict lower triangle [d(d−1)/2] into a flat d×d. */
function scatterMatrices(d: number): { diag: tf.Tensor2D; lower: tf.Tensor2D } {
  const diag = new Float32Array(d * d * d);
  const lower = new Float32Array(offDiagonalCount(d) * d * d);
  let k = 0;
  for (let i = 0; i < d; i++) {
    diag[i * d * d + i * d + i] = 1;
    for (let j = 0; j < i; j++) lower[k++ * d * d + i * d + j] = 1;
  }
  return { diag: tf.tensor2d(diag, [d, d * d]), lower: tf.tensor2d(lower, [offDiagonalCount(d), d * d]) };
}

/**
 * Builds L [B, d, d] from the log of its diagonal [B, d] and its strict lower triangle [B, d(d−1)/2] (row-major:
 * (1,0), (2,0), (2,1), ...). The exp keeps the diagonal positive, so Σ = LLᵀ is positive definite.
 */
export function choleskyFromParameters(logDiagonal: tf.Tensor2D, lower: tf.Tensor2D): tf.Tensor3D {
  const [b, d] = logDiagonal.shape;
  if (lower.rank !== 2 || lower.shape[0] !== b || lower.shape[1] !== offDiagonalCount(d)) {
    throw new Error(`choleskyFromParameters: lower must be [${b}, ${offDiagonalCount(d)}] (d(d−1)/2 for d = ${d}), got [${lower.shape}]`);
  }
  return tf.tidy(() => {
    const s = scatterMatrices(d);
    const flat = tf.add(tf.matMul(tf.exp(logDiagonal), s.diag), tf.matMul(lower, s.lower));
    return flat.reshape([b, d, d]) as tf.Tensor3D;
  });
}

/** z = μ + Lε with ε [B, d]: [B, d]. */
export function sampleFullCovariance(mean: tf.Tensor2D, cholesky: tf.Tensor3D, epsilon: tf.Tensor2D): tf.Tensor2D {
  const [b, d] = mean.shape;
  return tf.tidy(() => tf.add(mean, tf.matMul(cholesky, epsilon.reshape([b, d, 1])).reshape([b, d])) as tf.Tensor2D);
}

/** Per-example KL(N(μ, LLᵀ) ‖ N(0, I)) = ½(Σ_ij L_ij² + ‖μ‖² − d − 2 Σ_i log L_ii), [B]. */
export function klFullCovariance(mean: tf.Tensor2D, cholesky: tf.Tensor3D): tf.Tensor1D {
  const [b, d] = mean.shape;
  if (cholesky.rank !== 3 || cholesky.shape[0] !== b || cholesky.shape[1] !== d || cholesky.shape[2] !== d) {
    throw new Error(`klFullCovariance: cholesky must be [${b}, ${d}, ${d}], got [${cholesky.shape}]`);
  }
  return tf.tidy(() => {
    const diagonal = tf.sum(tf.mul(cholesky, tf.eye(d).reshape([1, d, d])), 2);
    const trace = tf.sum(tf.square(cholesky), [1, 2]);
    const logDet = tf.mul(2, tf.sum(tf.log(diagonal), 1));
    return tf.mul(0.5, tf.sub(tf.add(trace, tf.sum(tf.square(mean), 1)), tf.add(logDet, d))) as tf.Tensor1D;
  });
}
