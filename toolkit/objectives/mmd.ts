// Maximum mean discrepancy between the aggregate posterior q(z) and a prior p(z), with a kernel on the marginals
// k(x, y) = Σ_d k_1(x_d, y_d) (Mathieu et al. 2019, §6.3: "a kernel that only considers difference between the
// marginal distributions"), unbiased U-statistic (Gretton et al. 2012, Eq. 3) summed over several scales.
// The kernel family and scales are our choice (the paper defers them to its Appendix B): inverse multiquadratic
// k_1 = C/(C + (a − b)²) (heavy tails, as in WAE) or RBF k_1 = exp(−(a − b)²/(2C)), C ∈ scales.
// jointMMD uses the same kernels on whole vectors (‖a − b‖² for (a − b)²): it sees the joint structure (clusters
// of a mixture) that a kernel on the marginals cannot, and serves as an evaluation of q(z) against p(z).
import * as tf from "@tensorflow/tfjs";

export type MarginalKernel = "imq" | "rbf";

export interface MarginalMMDOptions {
  /** Default "imq". */
  kernel?: MarginalKernel;
  /** Kernel scales C, summed; default [0.1, 0.2, 0.5, 1, 2, 5, 10] (unit-variance priors; a spike of σ₀² = 0.05). */
  scales?: number[];
}

const DEFAULT_SCALES = [0.1, 0.2, 0.5, 1, 2, 5, 10];

/** Σ_C Σ_d k_1(a_i,d, b_k,d) for every pair (marginals), or Σ_C k_1 of ‖a_i − b_k‖² (joint): [n, m]. */
function gram(a: tf.Tensor2D, b: tf.Tensor2D, kernel: MarginalKernel, scales: number[], joint: boolean): tf.Tensor2D {
  return tf.tidy(() => {
    const [n, d] = a.shape;
    const m = b.shape[0];
    const perDim = tf.square(tf.sub(a.reshape([n, 1, d]), b.reshape([1, m, d])));
    const sq = joint ? tf.sum(perDim, 2, true) : perDim;
    let total: tf.Tensor = tf.zeros([n, m]);
    for (const c of scales) {
      const k = kernel === "imq" ? tf.div(c, tf.add(c, sq)) : tf.exp(tf.div(sq, -2 * c));
      total = tf.add(total, tf.sum(k, 2));
    }
    return total as tf.Tensor2D;
  });
}

function meanOffDiagonal(gram: tf.Tensor2D): tf.Scalar {
  const n = gram.shape[0];
  return tf.tidy(() => tf.div(tf.sub(tf.sum(gram), tf.sum(tf.mul(gram, tf.eye(n)))), n * (n - 1)) as tf.Scalar);
}

/** Unbiased MMD² between samples x [n, d] (e.g. z of a batch) and y [m, d] (e.g. prior samples); n, m ≥ 2. */
export function marginalMMD(x: tf.Tensor2D, y: tf.Tensor2D, options: MarginalMMDOptions = {}): tf.Scalar {
  return mmd("marginalMMD", x, y, options, false);
}

/** Unbiased MMD² with the kernels on whole vectors (same options and defaults as marginalMMD); n, m ≥ 2. */
export function jointMMD(x: tf.Tensor2D, y: tf.Tensor2D, options: MarginalMMDOptions = {}): tf.Scalar {
  return mmd("jointMMD", x, y, options, true);
}

function mmd(name: string, x: tf.Tensor2D, y: tf.Tensor2D, options: MarginalMMDOptions, joint: boolean): tf.Scalar {
  const kernel = options.kernel ?? "imq";
  const scales = options.scales ?? DEFAULT_SCALES;
  if (kernel !== "imq" && kernel !== "rbf") throw new Error(`${name}: kernel must be "imq" or "rbf", got ${JSON.stringify(kernel)}`);
  if (!Array.isArray(scales) || scales.length === 0 || scales.some((c) => !(c > 0) || !Number.isFinite(c))) {
    throw new Error(`${name}: scales must be a non-empty array of positive numbers, got ${JSON.stringify(scales)}`);
  }
  if (x.rank !== 2 || y.rank !== 2 || x.shape[1] !== y.shape[1]) {
    throw new Error(`${name}: x and y must be [n, d] and [m, d] with the same d, got [${x.shape}] and [${y.shape}]`);
  }
  if (x.shape[0] < 2 || y.shape[0] < 2) {
    throw new Error(`${name}: x and y need at least 2 rows each, got ${x.shape[0]} and ${y.shape[0]}`);
  }
  return tf.tidy(() => {
    const kxx = meanOffDiagonal(gram(x, x, kernel, scales, joint));
    const kyy = meanOffDiagonal(gram(y, y, kernel, scales, joint));
    const kxy = tf.mean(gram(x, y, kernel, scales, joint));
    return tf.sub(tf.add(kxx, kyy), tf.mul(2, kxy)) as tf.Scalar;
  });
}
