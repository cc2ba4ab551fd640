// Dense float64 linear algebra on row-major Float64Arrays for the metrics' hot paths: cross-products XᵀY
// (CKA, covariances, Procrustes, MCC), centred cross-products (covariances), symmetric eigenvalues (effective rank,
// Rényi entropy), singular values (the Procrustes nuclear norm), Cholesky factors (log-determinants of total
// correlation), and the k-d tree search of the intrinsic-dimension estimators. When the OpenBLAS addon of
// toolkit/compute/native is loaded they run there (cblas dgemm/dsyrk, LAPACK dsyevd/dgesdd/dpotrf, C++ loops);
// otherwise, or with POLARLAB_NATIVE=0, in JavaScript (matrix.ts's blocked loops, ml-matrix's eigensolver, kdTree.ts).
import { Matrix as MlMatrix, EigenvalueDecomposition } from "ml-matrix";
import { loadNativeAddon, NativeAddon } from "../compute/native/addon";
import type { Centring, Matrix, RawColumnSums } from "./matrix";
import type { KdTree } from "./kdTree";

/**
 * The addon when it is loaded and has the float64 routines (an addon built before them lacks them). The loader
 * caches a successful load, so POLARLAB_NATIVE=0 is also read here: setting it later in a session switches to
 * the JavaScript path.
 */
export function nativeLinalg(): NativeAddon | null {
  if (process.env.POLARLAB_NATIVE === "0") return null;
  const { addon } = loadNativeAddon();
  return addon && typeof addon.dgemm === "function" && typeof addon.dpotrf === "function" ? addon : null;
}

/** XᵀY (p×q row-major) on the addon (dsyrk when x === y, dgemm otherwise), or null without the addon. */
export function nativeCrossProduct(x: Matrix, y: Matrix): Float64Array | null {
  const addon = nativeLinalg();
  if (!addon) return null;
  const out = new Float64Array(x.cols * y.cols);
  if (x === y) addon.dsyrk(x.data, out, x.cols, x.rows, true);
  else addon.dgemm(x.data, y.data, out, x.cols, y.cols, x.rows, true, false);
  return out;
}

/** The column sums of x and of its squares and whether every entry is finite on the addon, or null without it (or with a build that predates it). */
export function nativeColumnSums(x: Matrix): RawColumnSums | null {
  const addon = nativeLinalg();
  if (!addon || typeof addon.columnSums !== "function") return null;
  const sums = new Float64Array(x.cols);
  const squares = new Float64Array(x.cols);
  const finite = addon.columnSums(x.data, sums, squares, x.rows, x.cols);
  return { sums, squares, finite };
}

/**
 * The column means of x, the column sums of squares of x − means and whether every entry is finite on the addon,
 * with the centred copy when `copy`; null without the addon (or with a build that predates it).
 */
export function nativeColumnCentring(x: Matrix, copy: boolean): Centring | null {
  const addon = nativeLinalg();
  if (!addon || typeof addon.columnCentring !== "function") return null;
  const means = new Float64Array(x.cols);
  const sumSquares = new Float64Array(x.cols);
  const out = copy ? new Float64Array(x.data.length) : undefined;
  const finite = addon.columnCentring(x.data, means, sumSquares, x.rows, x.cols, out);
  return { means, sumSquares, finite, c: out ? { rows: x.rows, cols: x.cols, data: out } : null };
}

/** Each row's ‖x_i − means‖² and (x_i − means) · weights on the addon, or null without it (or with a build that predates it). */
export function nativeCentredRowProducts(x: Matrix, means: Float64Array, weights: Float64Array): { squares: Float64Array; dots: Float64Array } | null {
  const addon = nativeLinalg();
  if (!addon || typeof addon.centredRowProducts !== "function") return null;
  const squares = new Float64Array(x.rows);
  const dots = new Float64Array(x.rows);
  addon.centredRowProducts(x.data, means, weights, squares, dots, x.rows, x.cols);
  return { squares, dots };
}

/** The column means and the centred cross-product (x − x̄)ᵀ(x − x̄) on the addon, or null without it (or with a build that predates it). */
export function nativeCentredGram(x: Matrix): { gram: Float64Array; means: Float64Array } | null {
  const addon = nativeLinalg();
  if (!addon || typeof addon.centredGram !== "function") return null;
  const means = new Float64Array(x.cols);
  const gram = new Float64Array(x.cols * x.cols);
  addon.centredGram(x.data, means, gram, x.rows, x.cols);
  return { gram, means };
}

/**
 * op(A)·op(B) (m×n row-major, inner size k) of row-major a and b into `out` on the addon (dgemm), op transposing
 * where asked (a is k×m when transposeA, b is n×k when transposeB); false without the addon.
 */
export function nativeProduct(a: Float64Array, b: Float64Array, out: Float64Array, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean): boolean {
  const addon = nativeLinalg();
  if (!addon) return false;
  addon.dgemm(a, b, out, m, n, k, transposeA, transposeB);
  return true;
}

/**
 * kdTree.ts's search for the rows at tree positions [start, end) on the addon (the same neighbours and float64
 * distances, in C++), offering them to the max-heaps heapD/heapI of k entries per row; false without the addon.
 */
export function nativeKdTreeSearch(tree: KdTree, d: number, k: number, heapD: Float64Array, heapI: Int32Array, start: number, end: number): boolean {
  const addon = nativeLinalg();
  if (!addon || typeof addon.kdTreeSearch !== "function") return false;
  addon.kdTreeSearch(tree.points, tree.idx, tree.lo, tree.hi, tree.dim, tree.split, tree.left, tree.right, d, k, heapD, heapI, start, end);
  return true;
}

/** Singular values (descending) of a rows×cols row-major matrix on the addon (LAPACK dgesdd), or null without it. */
export function nativeSingularValues(a: Float64Array, rows: number, cols: number): Float64Array | null {
  const addon = nativeLinalg();
  if (!addon) return null;
  const s = new Float64Array(Math.min(rows, cols));
  addon.dgesdd(a, s, rows, cols);
  return s;
}

/**
 * Cholesky factor L (row-major, lower) of a symmetric d×d matrix, or the index of the first pivot that is not
 * positive (the matrix is not positive definite). LAPACK dpotrf on the OpenBLAS addon, else JavaScript.
 */
export function cholesky(a: Float64Array, d: number): { l: Float64Array } | { failedAt: number; pivot: number } {
  const addon = nativeLinalg();
  if (addon) {
    const l = Float64Array.from(a);
    // On failure LAPACK gives no pivot value: the JavaScript factorisation below says where and how it fails.
    if (addon.dpotrf(l, d) === 0) return { l };
  }
  return choleskyJs(a, d);
}

function choleskyJs(a: Float64Array, d: number): { l: Float64Array } | { failedAt: number; pivot: number } {
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

/**
 * Eigenvalues (ascending) and unit eigenvectors of a symmetric d×d row-major matrix: row i of `vectors` (d×d,
 * row-major) belongs to values[i]. LAPACK dsyevd on the addon, else ml-matrix (its eigenvectors are columns).
 */
export function symmetricEigen(a: ArrayLike<number>, d: number): { values: Float64Array; vectors: Float64Array } {
  const addon = nativeLinalg();
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  if (addon) {
    addon.dsyevd(a instanceof Float64Array ? a : Float64Array.from(a), values, d, vectors);
    return { values, vectors };
  }
  const eig = new EigenvalueDecomposition(toMl(a, d, d), { assumeSymmetric: true });
  const order = eig.realEigenvalues.map((v, j) => [v, j] as const).sort((x, y) => x[0] - y[0]);
  const columns = eig.eigenvectorMatrix;
  order.forEach(([v, j], i) => {
    values[i] = v;
    for (let r = 0; r < d; r++) vectors[i * d + r] = columns.get(r, j);
  });
  return { values, vectors };
}

/** Eigenvalues (ascending) of a symmetric d×d row-major matrix: LAPACK dsyevd on the addon, else ml-matrix. */
export function symmetricEigenvalues(a: ArrayLike<number>, d: number): number[] {
  const addon = nativeLinalg();
  if (addon) {
    const w = new Float64Array(d);
    addon.dsyevd(a instanceof Float64Array ? a : Float64Array.from(a), w, d);
    return Array.from(w);
  }
  return new EigenvalueDecomposition(toMl(a, d, d), { assumeSymmetric: true }).realEigenvalues;
}
