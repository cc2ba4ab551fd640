// The float64 row-major matrix every metric computes on, and its building blocks (column statistics, centring,
// cross-products, row and column selection). Inputs reach it through validate.ts's toMatrix, which checks them;
// these functions assume a checked matrix.
import type { Tensor } from "@tensorflow/tfjs";
import { nativeColumnCentring, nativeColumnSums, nativeCentredGram, nativeCentredRowProducts, nativeCrossProduct } from "./linalg";

/** A dense float64 row-major matrix: element (i, j) is data[i * cols + j]. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** What every metric accepts (rows = examples); a `Matrix` is used as is, without a copy. */
export type MatrixLike = Tensor | { data: ArrayLike<number>; shape: [number, number] } | number[][] | Matrix;

/** Widest matrix whose column means are summed one column at a time (a register sum; a third faster at 10 columns). */
const NARROW_MEANS = 32;

/** Column means; each column is summed in row order whichever loop runs, so both give the same bits. */
export function columnMeans(m: Matrix): Float64Array {
  const { rows, cols, data } = m;
  const mean = new Float64Array(cols);
  if (cols <= NARROW_MEANS) {
    const end = rows * cols;
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = j; k < end; k += cols) s += data[k];
      mean[j] = s / rows;
    }
    return mean;
  }
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  return mean;
}

/** Column variances with `ddof` (two-pass, for accuracy). */
export function columnVariances(m: Matrix, ddof = 1): Float64Array {
  const { rows, cols, data } = m;
  const mean = columnMeans(m);
  const v = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const d = data[i * cols + j] - mean[j];
      v[j] += d * d;
    }
  }
  for (let j = 0; j < cols; j++) v[j] /= rows - ddof;
  return v;
}

/**
 * The column means of a matrix, the column sums of squares of its centred values (÷ rows: the population variances),
 * and whether every entry is finite (made in the pass that gives the means).
 */
export interface ColumnStats { means: Float64Array; sumSquares: Float64Array; finite: boolean; }

/** Column statistics with the centred copy when one was asked for. */
export interface Centring extends ColumnStats { c: Matrix | null; }

/**
 * The column means (summed in row order, so the addon and JavaScript give the same bits), the centred columns' sums
 * of squares, and the centred copy when `copy`: one pass for the means, one for the rest.
 */
function centring(m: Matrix, copy: boolean): Centring {
  const native = nativeColumnCentring(m, copy);
  if (native) return native;
  const { rows, cols, data } = m;
  const finite = allFinite(data);
  const means = columnMeans(m);
  const out = copy ? new Float64Array(data.length) : null;
  const sumSquares = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j] - means[j];
      if (out) out[i * cols + j] = v;
      sumSquares[j] += v * v;
    }
  }
  return { means, sumSquares, finite, c: out && { rows, cols, data: out } };
}

/**
 * Whether every entry is finite: x · 0 is ±0 for every finite x and NaN for NaN and ±∞, so one branch-free sum
 * decides it (a third of the time of testing each entry).
 */
export function allFinite(data: ArrayLike<number>): boolean {
  let a = 0;
  let b = 0;
  let k = 0;
  for (const end = data.length - 3; k < end; k += 4) {
    a += data[k] * 0 + data[k + 1] * 0;
    b += data[k + 2] * 0 + data[k + 3] * 0;
  }
  for (; k < data.length; k++) a += data[k] * 0;
  return a + b === 0;
}

/** The column sums of a matrix and of its squares, each summed in row order, and whether every entry is finite. */
export interface RawColumnSums { sums: Float64Array; squares: Float64Array; finite: boolean; }

/**
 * One pass: the column sums and sums of squares (on the addon, split by columns between threads). A sum of squares
 * stays ±∞ or NaN once an entry is, so finite sums of squares mean finite entries; only otherwise (a non-finite
 * entry, or squares past 1e308) are the entries tested.
 */
export function columnSums(m: Matrix): RawColumnSums {
  const native = nativeColumnSums(m);
  if (native) return native;
  const { rows, cols, data } = m;
  const sums = new Float64Array(cols);
  const squares = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j];
      sums[j] += v;
      squares[j] += v * v;
    }
  }
  return { sums, squares, finite: squares.every(Number.isFinite) || allFinite(data) };
}

/**
 * The column means and centred sums of squares of m, without a centred copy, and whether every entry is finite. One
 * pass gives the column sums and sums of squares, and S_j = Σx² − n·x̄_j² is kept when every column has
 * n·x̄_j² ≤ S_j (its mean within its spread); otherwise, or when some S_j is not finite, the two-pass centring
 * gives them. The rounding error of Σx² is at most γ_n·n(σ² + x̄²) (γ_n ≈ nε) and that of n·x̄² about
 * 2γ_n·n·|x̄|·√(σ² + x̄²), so with x̄² ≤ σ² S_j is within about 5γ_n of its value relative, the order of the two-pass
 * bound (γ_n). A constant column c ≠ 0 cannot pass (its S_j is at most about γ_n·n·c², below n·c² while nε < 1/5), so
 * the constant-column rule always reads two-pass variances where cancellation could matter, as before; a column of
 * zeros gives 0 both ways.
 */
export function columnStats(m: Matrix): ColumnStats {
  const { sums, squares, finite } = columnSums(m);
  const n = m.rows;
  const means = new Float64Array(m.cols);
  const sumSquares = new Float64Array(m.cols);
  for (let j = 0; j < m.cols; j++) {
    const mean = sums[j] / n;
    const shift = n * mean * mean;
    const s = squares[j] - shift;
    if (!(shift <= s) || !Number.isFinite(s)) {
      if (!finite) return { means, sumSquares, finite };
      const { means: twoPassMeans, sumSquares: twoPass } = centring(m, false);
      return { means: twoPassMeans, sumSquares: twoPass, finite };
    }
    means[j] = mean;
    sumSquares[j] = s;
  }
  return { means, sumSquares, finite };
}

/**
 * One side of a centred cross-product (X − X̄)ᵀ(Y − Ȳ): the matrix itself with its column means when every mean
 * lies within its column's spread (x̄_j² ≤ var_j), else its centred copy (means null); with the column sums of `m`.
 */
export interface ProductFactor { m: Matrix; means: Float64Array | null; sums: Float64Array; }

export function productFactor(m: Matrix, stats: ColumnStats): ProductFactor {
  const { means, sumSquares } = stats;
  const n = m.rows;
  for (let j = 0; j < m.cols; j++) {
    if (n * means[j] * means[j] > sumSquares[j]) return centredFactor(centred(m));
  }
  return { m, means, sums: means.map((v) => n * v) };
}

/** An already centred matrix as a product factor: nothing left to subtract, its column sums (0 up to rounding). */
export function centredFactor(c: Matrix): ProductFactor {
  const sums = new Float64Array(c.cols);
  for (let i = 0; i < c.rows; i++) for (let k = 0; k < c.cols; k++) sums[k] += c.data[i * c.cols + k];
  return { m: c, means: null, sums };
}

/**
 * (X − X̄)ᵀ(Y − Ȳ) from two product factors, without centred copies where the factors are the matrices themselves:
 * MᵀN − x̄ s_Nᵀ − s_M ȳᵀ + n x̄ȳᵀ for factors M, N with column sums s and the means x̄, ȳ still to subtract (0 for a
 * centred copy), which is XᵀY − n x̄ȳᵀ for two raw factors. A centred copy's column sums are not exactly 0 (its
 * mean was rounded, by about ε|x̄|), and the terms with s keep that from scaling with the other side's mean. The
 * rounding error of XᵀY's entry (a, b) is at most about ε n √((σ_a² + x̄_a²)(σ_b² + ȳ_b²)), against ε n σ_a σ_b for
 * the product of centred copies, so with every |mean| ≤ its spread the correction costs at most a factor 2 of that
 * bound; wider means are centred first (productFactor). Equal factors give a symmetric product (dsyrk).
 */
export function centredProduct(x: ProductFactor, y: ProductFactor): Float64Array {
  return subtractMeans(crossProduct(x.m, y.m), x, y);
}

/**
 * centredProduct's correction of MᵀN, in place: x̄_a s_b + s_a ȳ_b − n x̄_a ȳ_b = x̄_a (s_b − n ȳ_b) + s_a ȳ_b, one
 * branch-free rank-2 update (a missing mean is 0; for a raw factor s_b − n ȳ_b is exactly 0, as its sums are n ȳ_b).
 */
function subtractMeans(out: Float64Array, x: ProductFactor, y: ProductFactor): Float64Array {
  if (!x.means && !y.means) return out;
  const n = x.m.rows;
  const p = x.m.cols;
  const q = y.m.cols;
  const xMeans = x.means ?? new Float64Array(p);
  const yMeans = y.means ?? new Float64Array(q);
  const xSums = x.sums;
  const rest = y.sums.map((s, b) => s - n * yMeans[b]);
  for (let a = 0; a < p; a++) {
    const xm = xMeans[a];
    const xs = xSums[a];
    const o = a * q;
    for (let b = 0; b < q; b++) out[o + b] -= xm * rest[b] + xs * yMeans[b];
  }
  return out;
}

/**
 * For each row x_i of m: ‖x_i − means‖² (squares) and (x_i − means) · weights (dots), each summed in column order, so
 * the addon (rows split between threads) and JavaScript give the same bits.
 */
export function centredRowProducts(m: Matrix, means: Float64Array, weights: Float64Array): { squares: Float64Array; dots: Float64Array } {
  const native = nativeCentredRowProducts(m, means, weights);
  if (native) return native;
  const { rows, cols, data } = m;
  const squares = new Float64Array(rows);
  const dots = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let sq = 0;
    let dot = 0;
    for (let j = 0; j < cols; j++) { const v = data[o + j] - means[j]; sq += v * v; dot += v * weights[j]; }
    squares[i] = sq;
    dots[i] = dot;
  }
  return { squares, dots };
}

/** A copy of m with column means subtracted. */
export function centred(m: Matrix): Matrix {
  return centring(m, true).c!;
}

/** Rows per block of centredGram for narrow inputs: 4,096 rows of ≤ 64 columns stay within 2 MB. */
const GRAM_BLOCK_ROWS = 4096;

/**
 * G = CᵀC for C = m − m̄ (column-centred), with the column means, without keeping C. On the OpenBLAS addon: means,
 * centring and products in one call. Otherwise matrices of ≤ 64 columns are centred in blocks of 4,096 rows into
 * one small buffer and the blocks' products summed (no large copy to allocate), wider ones in one block.
 */
export function centredGram(m: Matrix): { gram: Float64Array; means: Float64Array } {
  const native = nativeCentredGram(m);
  if (native) return native;
  const { rows, cols, data } = m;
  const means = columnMeans(m);
  const blockRows = cols <= 64 ? Math.min(rows, GRAM_BLOCK_ROWS) : rows;
  const buffer = new Float64Array(blockRows * cols);
  let gram: Float64Array | undefined;
  for (let start = 0; start < rows; start += blockRows) {
    const count = Math.min(blockRows, rows - start);
    for (let r = 0; r < count; r++) {
      const io = (start + r) * cols;
      for (let j = 0; j < cols; j++) buffer[r * cols + j] = data[io + j] - means[j];
    }
    const block = { rows: count, cols, data: count === blockRows ? buffer : buffer.subarray(0, count * cols) };
    const g = crossProduct(block, block);
    if (!gram) gram = g;
    else for (let k = 0; k < g.length; k++) gram[k] += g[k];
  }
  return { gram: gram!, means };
}

/** The largest |value| of column j. */
export function columnMaxAbs(m: Matrix, j: number): number {
  let max = 0;
  for (let i = 0; i < m.rows; i++) { const a = Math.abs(m.data[i * m.cols + j]); if (a > max) max = a; }
  return max;
}

/** Column-major copy (cols×rows) of a row-major matrix, so that each column is contiguous. */
function columnMajor(m: Matrix): Float64Array {
  const { rows, cols, data } = m;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j];
  return out;
}

/**
 * XᵀY for row-major X (n×p) and Y (n×q): a p×q row-major Float64Array, accumulated in float64 (the hot loop of
 * CKA, covariances and Procrustes). On the OpenBLAS addon when it is loaded (linalg.ts), else in JavaScript.
 */
export function crossProduct(x: Matrix, y: Matrix): Float64Array {
  return nativeCrossProduct(x, y) ?? crossProductJs(x, y);
}

/**
 * The JavaScript XᵀY: columns are made contiguous and 2×4 output tiles share each load; XᵀX only computes the
 * upper triangle.
 */
export function crossProductJs(x: Matrix, y: Matrix): Float64Array {
  const n = x.rows;
  const p = x.cols;
  const q = y.cols;
  const symmetric = x === y;
  const xc = columnMajor(x);
  const yc = symmetric ? xc : columnMajor(y);
  const out = new Float64Array(p * q);
  // Rows in chunks of 256 keep the six streamed column pieces in L1 while all tiles are visited.
  for (let i0 = 0; i0 < n; i0 += 256) {
    const i1 = Math.min(n, i0 + 256);
    for (let a = 0; a < p; a += 2) {
      const a1 = Math.min(a + 1, p - 1);
      const ao = a * n;
      const a1o = a1 * n;
      for (let b = symmetric ? a - (a % 4) : 0; b < q; b += 4) {
        const b1 = Math.min(b + 1, q - 1);
        const b2 = Math.min(b + 2, q - 1);
        const b3 = Math.min(b + 3, q - 1);
        const bo = b * n, b1o = b1 * n, b2o = b2 * n, b3o = b3 * n;
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        for (let i = i0; i < i1; i++) {
          const u = xc[ao + i];
          const v = xc[a1o + i];
          const y0 = yc[bo + i], y1 = yc[b1o + i], y2 = yc[b2o + i], y3 = yc[b3o + i];
          s00 += u * y0; s01 += u * y1; s02 += u * y2; s03 += u * y3;
          s10 += v * y0; s11 += v * y1; s12 += v * y2; s13 += v * y3;
        }
        const row0 = a * q;
        const row1 = a1 * q;
        out[row0 + b] += s00;
        if (a1 !== a) out[row1 + b] += s10;
        if (b + 1 < q) { out[row0 + b1] += s01; if (a1 !== a) out[row1 + b1] += s11; }
        if (b + 2 < q) { out[row0 + b2] += s02; if (a1 !== a) out[row1 + b2] += s12; }
        if (b + 3 < q) { out[row0 + b3] += s03; if (a1 !== a) out[row1 + b3] += s13; }
      }
    }
  }
  if (symmetric) for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) out[a * q + b] = out[b * q + a];
  return out;
}

/** Sample covariance (ddof 1 unless told) as a d×d row-major array. */
export function covariance(m: Matrix, ddof = 1): Float64Array {
  return covarianceAndMeans(m, ddof).cov;
}

/** The sample covariance (ddof 1 unless told) and the column means it was centred with. */
export function covarianceAndMeans(m: Matrix, ddof = 1): { cov: Float64Array; means: Float64Array } {
  const { gram: cov, means } = centredGram(m);
  const denom = m.rows - ddof;
  for (let k = 0; k < cov.length; k++) cov[k] /= denom;
  return { cov, means };
}

/** Population variances (ddof 0) from the diagonal of a d×d covariance computed with `ddof` over `rows` rows. */
export function diagonalVariances(cov: Float64Array, d: number, rows: number, ddof: number): Float64Array {
  return Float64Array.from({ length: d }, (_, j) => (cov[j * d + j] * (rows - ddof)) / rows);
}

/** The listed columns of m, in the order given (indices checked by the caller, validate.ts's columnIndices). */
export function selectColumns(m: Matrix, columns: readonly number[]): Matrix {
  const out = new Float64Array(m.rows * columns.length);
  for (let i = 0; i < m.rows; i++) {
    for (let k = 0; k < columns.length; k++) out[i * columns.length + k] = m.data[i * m.cols + columns[k]];
  }
  return { rows: m.rows, cols: columns.length, data: out };
}

/** The listed rows of m. */
export function selectRows(m: Matrix, rowsIdx: ArrayLike<number>): Matrix {
  const out = new Float64Array(rowsIdx.length * m.cols);
  for (let k = 0; k < rowsIdx.length; k++) out.set(m.data.subarray(rowsIdx[k] * m.cols, (rowsIdx[k] + 1) * m.cols), k * m.cols);
  return { rows: rowsIdx.length, cols: m.cols, data: out };
}

/** Σ a_k², in four interleaved partial sums (a quarter of the dependent additions of one running sum). */
export function frobeniusSquared(a: ArrayLike<number>): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (const end = a.length - 3; k < end; k += 4) {
    s0 += a[k] * a[k];
    s1 += a[k + 1] * a[k + 1];
    s2 += a[k + 2] * a[k + 2];
    s3 += a[k + 3] * a[k + 3];
  }
  for (; k < a.length; k++) s0 += a[k] * a[k];
  return s0 + s1 + (s2 + s3);
}
