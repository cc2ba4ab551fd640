// Gaussian total correlation of a representation: thesis Eq. 6.3, TC = ½(Σ_j log Σ_jj − log det Σ) with Σ the
// sample covariance (ddof 1), as disentanglement_lib computes it, but with the determinant's sign checked.
// Computed as −½ log det R (R the correlation matrix, identical in exact arithmetic) through a Cholesky factor.
import { MatrixLike, covarianceAndMeans, diagonalVariances, columnMaxAbs } from "./matrix";
import { toMatrix, requireRows, constantIndices, numberOption, finiteResult } from "./validate";
import { cholesky } from "./linalg";
import { ColumnsOption, restrict } from "./subset";

/**
 * Gaussian TC in nats (thesis Eq. 6.3). Throws, rather than returning ±Infinity/NaN, when a column has zero
 * variance (passive dimensions of a mean representation: drop them, e.g. options.columns = typeColumns(types,
 * ["active", "mixed"])) or when the covariance is singular / not positive definite (collinear columns, n ≤ d).
 */
export function gaussianTotalCorrelation(x: MatrixLike, options: ColumnsOption & { singularTolerance?: number } = {}): number {
  const m = restrict(toMatrix(x, "x"), options.columns, "x");
  const tol = numberOption(options.singularTolerance, "singularTolerance", 1e-10, (v) => v > 0 && v < 1, "a fraction of a column's variance in (0, 1)");
  requireRows(m, m.cols + 1, "x", `a non-singular ${m.cols}×${m.cols} sample covariance`);
  const d = m.cols;
  const { cov, means } = covarianceAndMeans(m, 1);
  // The diagonal is the two-pass (centred) sample variance, so no separate pass over x is needed.
  const v = Float64Array.from({ length: d }, (_, j) => cov[j * d + j]);
  const constant = constantIndices(diagonalVariances(cov, d, m.rows, 1), means, m.rows, (j) => columnMaxAbs(m, j));
  if (constant.length > 0) {
    throw new Error(`gaussianTotalCorrelation: columns [${constant.join(", ")}] have zero variance (constant up to rounding), so log Σ_jj = −∞ and TC is undefined. These are typically passive dimensions of a mean representation: drop them (options.columns = typeColumns(variableTypes(variance), ["active", "mixed"])).`);
  }
  const corr = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) corr[i * d + j] = cov[i * d + j] / Math.sqrt(v[i] * v[j]);
  const chol = cholesky(corr, d);
  if ("failedAt" in chol) {
    throw new Error(`gaussianTotalCorrelation: the covariance is not positive definite (det Σ ≤ 0; pivot ${chol.pivot} at column ${chol.failedAt}), so log det Σ is undefined. Column ${chol.failedAt} is (numerically) a linear combination of earlier columns: drop collinear or passive dimensions, or use more examples than dimensions.`);
  }
  let logDet = 0;
  for (let j = 0; j < d; j++) {
    const pivot2 = chol.l[j * d + j] ** 2; // fraction of column j's variance not explained by earlier columns
    if (pivot2 < tol) {
      throw new Error(`gaussianTotalCorrelation: column ${j} is a linear combination of earlier columns up to ${pivot2.toExponential(2)} of its variance, so det Σ ≈ 0 and TC → ∞. Drop collinear (or passive mean) dimensions before computing a Gaussian TC.`);
    }
    logDet += Math.log(pivot2);
  }
  return finiteResult(-0.5 * logDet, "gaussianTotalCorrelation", "the covariance overflows float64; rescale x.");
}
