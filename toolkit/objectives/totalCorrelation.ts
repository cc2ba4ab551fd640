// Total correlation TC(z) = KL(q(z) ‖ ∏_j q(z_j)) estimated on a minibatch, as in β-TC VAE
// (Chen et al. 2018, §3 and Appendix C; thesis §4.3.3, Eq. 4.29). Minibatch-weighted sampling (MWS) and
// minibatch-stratified sampling (MSS), both in nats. Inputs: sampled z, posterior mean and log-variance, all [B, d].
import * as tf from "@tensorflow/tfjs";

const LOG_2PI = Math.log(2 * Math.PI);

/** Element-wise log N(z; mean, exp(logvar)) in nats; broadcasting shapes. */
export function gaussianLogDensity(z: tf.Tensor, mean: tf.Tensor, logvar: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const diff = tf.sub(z, mean);
    return tf.mul(-0.5, tf.add(tf.add(LOG_2PI, logvar), tf.mul(tf.square(diff), tf.exp(tf.neg(logvar)))));
  });
}

/** log q(z_i,j | x_k,j) for every pair (i, k) of the batch: [B (sample i), B (component k), d]. */
export function pairwiseGaussianLogDensity(z: tf.Tensor2D, mean: tf.Tensor2D, logvar: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, d] = z.shape;
    return gaussianLogDensity(z.reshape([b, 1, d]), mean.reshape([1, b, d]), logvar.reshape([1, b, d])) as tf.Tensor3D;
  });
}

/** Estimates of log q(z_i) (joint, [B]) and log q(z_i,j) (marginals, [B, d]) for each sample of the batch. */
export interface AggregateLogDensity {
  joint: tf.Tensor1D;
  marginals: tf.Tensor2D;
}

function checkInputs(fn: string, z: tf.Tensor2D, mean: tf.Tensor2D, logvar: tf.Tensor2D, datasetSize: number): void {
  if (z.rank !== 2) throw new Error(`${fn}: z must be a [batch, latent] matrix, got shape [${z.shape}]`);
  for (const [name, t] of [["mean", mean], ["logvar", logvar]] as const) {
    if (t.rank !== 2 || t.shape[0] !== z.shape[0] || t.shape[1] !== z.shape[1]) {
      throw new Error(`${fn}: ${name} must have the shape of z [${z.shape}], got [${t.shape}]`);
    }
  }
  if (z.shape[0] < 2) throw new Error(`${fn}: the batch must hold at least 2 examples, got ${z.shape[0]}`);
  if (!Number.isFinite(datasetSize) || datasetSize < z.shape[0]) {
    throw new Error(`${fn}: datasetSize must be a number ≥ the batch size ${z.shape[0]}, got ${datasetSize}`);
  }
}

/**
 * Minibatch-weighted sampling as written in Chen et al. 2018 (Appendix C.1) and thesis Eq. 4.29:
 * log q(z_i) ≈ log Σ_k q(z_i | x_k) − log(N·M), with N the dataset size and M the batch size, and the same for
 * every marginal. Note that these values sit log N below the batch average (1/M) Σ_k q(z_i | x_k), which is what
 * estimates q(z_i); `totalCorrelation` and `aggregateKL` correct for it.
 */
export function aggregateLogDensityMWS(
  z: tf.Tensor2D, mean: tf.Tensor2D, logvar: tf.Tensor2D, datasetSize: number,
): AggregateLogDensity {
  checkInputs("aggregateLogDensityMWS", z, mean, logvar, datasetSize);
  const logNM = Math.log(datasetSize * z.shape[0]);
  return tf.tidy(() => {
    const pair = pairwiseGaussianLogDensity(z, mean, logvar);
    return {
      joint: tf.sub(tf.logSumExp(tf.sum(pair, 2), 1), logNM) as tf.Tensor1D,
      marginals: tf.sub(tf.logSumExp(pair, 1), logNM) as tf.Tensor2D,
    };
  });
}

/**
 * Log importance weights of minibatch-stratified sampling, [B, B] (Chen et al. 2018, Appendix C.2): with
 * M = B − 1 other examples, row i gives weight 1/N to its own example, (N − M)/(N·M) to the next one
 * ((i + 1) mod B, the stratum that stands for the rest of the dataset) and 1/M to the others; each row sums to 1.
 * (The authors' code writes the diagonal with a wrong stride; this follows the paper.)
 */
export function stratifiedLogWeights(batchSize: number, datasetSize: number): tf.Tensor2D {
  if (!Number.isInteger(batchSize) || batchSize < 2) {
    throw new Error(`stratifiedLogWeights: batchSize must be an integer ≥ 2, got ${batchSize}`);
  }
  if (!Number.isFinite(datasetSize) || datasetSize < batchSize) {
    throw new Error(`stratifiedLogWeights: datasetSize must be ≥ batchSize ${batchSize}, got ${datasetSize}`);
  }
  const n = datasetSize;
  const m = batchSize - 1;
  const w = new Float32Array(batchSize * batchSize).fill(Math.log(1 / m));
  for (let i = 0; i < batchSize; i++) {
    w[i * batchSize + i] = Math.log(1 / n);
    // datasetSize ≥ batchSize keeps N − M ≥ 1, so no weight is log 0.
    w[i * batchSize + ((i + 1) % batchSize)] = Math.log((n - m) / (n * m));
  }
  return tf.tensor2d(w, [batchSize, batchSize]);
}

/** Minibatch-stratified sampling estimates of log q(z_i) and log q(z_i,j) (Chen et al. 2018, Appendix C.2). */
export function aggregateLogDensityMSS(
  z: tf.Tensor2D, mean: tf.Tensor2D, logvar: tf.Tensor2D, datasetSize: number,
): AggregateLogDensity {
  checkInputs("aggregateLogDensityMSS", z, mean, logvar, datasetSize);
  return tf.tidy(() => {
    const b = z.shape[0];
    const logW = stratifiedLogWeights(b, datasetSize);
    const pair = pairwiseGaussianLogDensity(z, mean, logvar);
    return {
      joint: tf.logSumExp(tf.add(logW, tf.sum(pair, 2)), 1) as tf.Tensor1D,
      marginals: tf.logSumExp(tf.add(logW.reshape([b, b, 1]), pair), 1) as tf.Tensor2D,
    };
  });
}

/**
 * TC ≈ mean_i [log q(z_i) − Σ_j log q(z_i,j)] in nats. Can be negative on small batches
 * (docs/reference-implementations.md, "Known pitfalls").
 * "mws" removes the constant (d − 1)·log N that Eq. 4.29's 1/(NM) normalisation adds to TC, so the value estimates
 * TC (it equals the estimate with the batch average (1/M) Σ_k); the gradients are those of Chen et al. and of
 * disentanglement_lib (which drops every constant, leaving −(d − 1)·log M). "mss" is minibatch-stratified sampling.
 */
export function totalCorrelation(
  z: tf.Tensor2D, mean: tf.Tensor2D, logvar: tf.Tensor2D, datasetSize: number,
  estimator: "mws" | "mss" = "mws",
): tf.Scalar {
  if (estimator !== "mws" && estimator !== "mss") {
    throw new Error(`totalCorrelation: estimator must be "mws" or "mss", got ${JSON.stringify(estimator)}`);
  }
  return tf.tidy(() => {
    const est = estimator === "mws"
      ? aggregateLogDensityMWS(z, mean, logvar, datasetSize)
      : aggregateLogDensityMSS(z, mean, logvar, datasetSize);
    const offset = estimator === "mws" ? (z.shape[1] - 1) * Math.log(datasetSize) : 0;
    return tf.sub(tf.mean(tf.sub(est.joint, tf.sum(est.marginals, 1))), offset) as tf.Scalar;
  });
}
