// Effective rank (Roy & Vetterli, 2007), thesis §6.4.2.3: singular values s of the sample covariance (ddof 1),
// zeros dropped, p = s / Σ s, erank = exp(−Σ p log p).
import { ColumnStats, Matrix, MatrixLike, allFinite, centredProduct, columnStats, productFactor } from "./matrix";
import { toMatrix, toMatrixWithStats, requireRows, constantColumnsOf, finiteResult } from "./validate";
import { symmetricEigenvalues } from "./linalg";
import { ColumnsOption, restrict } from "./subset";

/**
 * Effective rank of the covariance of x, in [1, d]. The covariance is symmetric positive semi-definite, so its
 * singular values are its eigenvalues (LAPACK dsyevd on the OpenBLAS addon, else ml-matrix's symmetric
 * eigensolver); values ≤ 1e-12 · max are treated as zero. p is invariant to the scale of s, so the eigenvalues are
 * those of the centred cross-product (X − X̄)ᵀ(X − X̄) itself, not divided by n − 1: matrix.ts's centredProduct,
 * which multiplies x itself and subtracts n·x̄x̄ᵀ when every column's mean lies within its spread (no centred copy).
 */
export function effectiveRank(x: MatrixLike, options: ColumnsOption = {}): number {
  const { m, stats } = withStats(x, options);
  requireRows(m, 2, "x", "a sample covariance");
  if (constantColumnsOf(m, stats).length === m.cols) {
    throw new Error("effectiveRank: every column of x is constant (up to rounding), so the covariance is zero and the effective rank is undefined; pass a representation that varies.");
  }
  const factor = productFactor(m, stats);
  const gram = centredProduct(factor, factor);
  if (!allFinite(gram)) gram.forEach((v) => finiteResult(v, "effectiveRank: an entry of the covariance", "x is too large to square in float64; rescale it."));
  const s = symmetricEigenvalues(gram, m.cols).map(Math.abs);
  const max = Math.max(...s);
  const kept = s.filter((v) => v > 1e-12 * max);
  const total = kept.reduce((a, b) => a + b, 0);
  let h = 0;
  for (const v of kept) { const p = v / total; h -= p * Math.log(p); }
  return finiteResult(Math.exp(h), "effectiveRank", "the eigensolver returned non-finite values; rescale x.");
}

/** x (its chosen columns) with their column statistics; every entry of x is checked to be finite. */
function withStats(x: MatrixLike, options: ColumnsOption): { m: Matrix; stats: ColumnStats } {
  if (options.columns === undefined) return toMatrixWithStats(x, "x");
  const m = restrict(toMatrix(x, "x"), options.columns, "x");
  return { m, stats: columnStats(m) };
}
