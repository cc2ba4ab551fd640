// Effective rank (Roy & Vetterli, 2007), thesis §6.4.2.3: singular values s of the sample covariance (ddof 1),
// zeros dropped, p = s / Σ s, erank = exp(−Σ p log p).
import { MatrixLike, covarianceAndMeans, diagonalVariances, columnMaxAbs } from "./matrix";
import { toMatrix, requireRows, constantIndices, finiteResult } from "./validate";
import { symmetricEigenvalues } from "./linalg";
import { ColumnsOption, restrict } from "./subset";

/**
 * Effective rank of the covariance of x, in [1, d]. The covariance is symmetric positive semi-definite, so its
 * singular values are its eigenvalues (LAPACK dsyevd on the OpenBLAS addon, else ml-matrix's symmetric
 * eigensolver); values ≤ 1e-12 · max are treated as zero.
 */
export function effectiveRank(x: MatrixLike, options: ColumnsOption = {}): number {
  const m = restrict(toMatrix(x, "x"), options.columns, "x");
  requireRows(m, 2, "x", "a sample covariance");
  const { cov, means } = covarianceAndMeans(m, 1);
  if (constantIndices(diagonalVariances(cov, m.cols, m.rows, 1), means, m.rows, (j) => columnMaxAbs(m, j)).length === m.cols) {
    throw new Error("effectiveRank: every column of x is constant (up to rounding), so the covariance is zero and the effective rank is undefined; pass a representation that varies.");
  }
  cov.forEach((v) => finiteResult(v, "effectiveRank: an entry of the covariance", "x is too large to square in float64; rescale it."));
  const s = symmetricEigenvalues(cov, m.cols).map(Math.abs);
  const max = Math.max(...s);
  const kept = s.filter((v) => v > 1e-12 * max);
  const total = kept.reduce((a, b) => a + b, 0);
  let h = 0;
  for (const v of kept) { const p = v / total; h -= p * Math.log(p); }
  return finiteResult(Math.exp(h), "effectiveRank", "the eigensolver returned non-finite values; rescale x.");
}
