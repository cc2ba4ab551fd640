// Procrustes similarity (Ding et al. 2021), thesis Eqs. 7.6–7.8: centre, divide by the Frobenius norm (Eq. 7.7),
// P_s = 1 − ½(‖Ẋ‖² + ‖Ẏ‖² − 2‖ẎᵀẊ‖_*) = ‖ẎᵀẊ‖_* (Eq. 8). The nuclear norm is the sum of the singular values of
// the small q×p cross-product: LAPACK dgesdd on the OpenBLAS addon, else the square roots of the eigenvalues of
// its smaller Gram matrix (ml-matrix symmetric eigensolver).
import { ColumnStats, MatrixLike, Matrix, ProductFactor, centred, centredProduct, crossProduct, frobeniusSquared, productFactor } from "./matrix";
import { toMatrixWithStats, requireRows, requireSameRows, constantColumns, constantColumnsOf, finiteResult } from "./validate";
import { nativeSingularValues, symmetricEigenvalues } from "./linalg";

function normalised(m: Matrix, name: string): Matrix {
  if (constantColumns(m).length === m.cols) throw constantError(name);
  const c = centred(m);
  const norm = finiteResult(Math.sqrt(frobeniusSquared(c.data)), `${name}: ‖X − X̄‖_F`, "the representation overflows float64 when squared; rescale it.");
  // A plain loop in place on the fresh centred copy: Float64Array.prototype.map costs ~10× more per element.
  for (let k = 0; k < c.data.length; k++) c.data[k] /= norm;
  return c;
}

/**
 * Nuclear norm of a p×q row-major matrix: the sum of its singular values (LAPACK dgesdd on the OpenBLAS addon),
 * else Σ √eig(CᵀC or CCᵀ), whichever Gram matrix is smaller.
 */
export function nuclearNorm(c: Float64Array, p: number, q: number): number {
  const singular = nativeSingularValues(c, p, q);
  if (singular) return singular.reduce((s, v) => s + v, 0);
  const small = Math.min(p, q);
  const gram = new Float64Array(small * small);
  if (q <= p) {
    for (let i = 0; i < p; i++) for (let a = 0; a < q; a++) { const v = c[i * q + a]; for (let b = 0; b < q; b++) gram[a * q + b] += v * c[i * q + b]; }
  } else {
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) { let s = 0; for (let k = 0; k < q; k++) s += c[a * q + k] * c[b * q + k]; gram[a * p + b] = s; }
  }
  return symmetricEigenvalues(gram, small).reduce((s, e) => s + Math.sqrt(Math.max(0, e)), 0);
}

/**
 * m as a factor of centred cross-products (matrix.ts's productFactor) and its squared Frobenius norm ‖X − X̄‖²_F, or
 * an error when every column is constant by validate.ts's rule (its column statistics give both).
 */
function factorWithNorm(m: Matrix, stats: ColumnStats, name: string): { f: ProductFactor; norm2: number } {
  if (constantColumnsOf(m, stats).length === m.cols) throw constantError(name);
  const norm2 = stats.sumSquares.reduce((s, v) => s + v, 0);
  return { f: productFactor(m, stats), norm2: finiteResult(norm2, `${name}: ‖X − X̄‖²_F`, "the representation overflows float64 when squared; rescale it.") };
}

function constantError(name: string): Error {
  return new Error(`${name}: every column is constant (up to rounding), so ‖X − X̄‖_F = 0 and Eq. 7.7 divides by zero; pass a representation that varies.`);
}

/**
 * Procrustes similarity in [0, 1] (thesis Eq. 7.8); widths of x and y may differ. Needs n ≥ 2. The nuclear norm is
 * homogeneous, so ‖ẎᵀẊ‖_* = ‖(Y − Ȳ)ᵀ(X − X̄)‖_* / (‖X − X̄‖_F ‖Y − Ȳ‖_F) without dividing the data.
 */
export function procrustesSimilarity(x: MatrixLike, y: MatrixLike): number {
  const { m: mx, stats: sx } = toMatrixWithStats(x, "x");
  const { m: my, stats: sy } = toMatrixWithStats(y, "y");
  requireSameRows(mx, my, "x", "y");
  requireRows(mx, 2, "x", "Procrustes similarity");
  const a = factorWithNorm(mx, sx, "x");
  const b = factorWithNorm(my, sy, "y");
  const nuclear = nuclearNorm(centredProduct(a.f, b.f), mx.cols, my.cols) / Math.sqrt(a.norm2 * b.norm2);
  return Math.min(1, finiteResult(nuclear, "procrustesSimilarity", "the singular value decomposition did not converge."));
}

export function procrustesOfNormalised(nx: Matrix, ny: Matrix): number {
  return Math.min(1, finiteResult(nuclearNorm(crossProduct(nx, ny), nx.cols, ny.cols), "procrustesSimilarity", "the singular value decomposition did not converge."));
}

export { normalised as procrustesNormalise };
