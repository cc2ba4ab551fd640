// Small dense linear algebra on row-major Float64Arrays that the metrics need in hot paths
// (Cholesky for log-determinants); eigen decompositions come from ml-matrix.
import { Matrix as MlMatrix, EigenvalueDecomposition } from "ml-matrix";

/**
 * Cholesky factor L (row-major, lower) of a symmetric d×d matrix, or the index of the first pivot
 * that is not positive (the matrix is not positive definite).
 */
export function cholesky(a: Float64Array, d: number): { l: Float64Array } | { failedAt: number; pivot: number } {
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j];
    for (let k = 0; k < j; k++) s -= l[j * d + k] * l[j * d + k];
    if (!(s > 0)) return { failedAt: j, pivot: s };
    const ljj = Math.sqrt(s);
    l[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j];
      const io = i * d;
      const jo = j * d;
      for (let k = 0; k < j; k++) t -= l[io + k] * l[jo + k];
      l[io + j] = t / ljj;
    }
  }
  return { l };
}

export function toMl(a: ArrayLike<number>, rows: number, cols: number): MlMatrix {
  const m = new MlMatrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, a[i * cols + j]);
  return m;
}

/** Eigenvalues of a symmetric d×d row-major matrix, via ml-matrix (assumeSymmetric). */
export function symmetricEigenvalues(a: ArrayLike<number>, d: number): number[] {
  return new EigenvalueDecomposition(toMl(a, d, d), { assumeSymmetric: true }).realEigenvalues;
}
