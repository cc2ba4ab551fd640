// Input handling shared by every metric: tfjs tensors, typed arrays with a shape, or number[][]
// (rows = examples) become a float64 row-major matrix, with validation errors that say what to do.
// Conventions from ARCHITECTURE.md ("metrics accept a tfjs tensor, a typed array with a shape, or number[][]").
import * as tf from "@tensorflow/tfjs";
import { nativeCrossProduct } from "./linalg";

/** A dense float64 row-major matrix: element (i, j) is data[i * cols + j]. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** What every metric accepts (rows = examples); a `Matrix` is used as is, without a copy. */
export type MatrixLike = tf.Tensor | { data: ArrayLike<number>; shape: [number, number] } | number[][] | Matrix;

function isMatrix(x: unknown): x is Matrix {
  return !!x && typeof x === "object" && (x as Matrix).data instanceof Float64Array && Number.isInteger((x as Matrix).rows) && Number.isInteger((x as Matrix).cols) && !("shape" in x);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value instanceof tf.Tensor) return `a tensor of shape [${value.shape.join(", ")}]`;
  return typeof value === "object" ? "an object without {data, shape}" : `${typeof value} ${String(value)}`;
}

function fromTensor(t: tf.Tensor, name: string): Matrix {
  if (t.isDisposed) throw new Error(`${name}: the tensor was already disposed; pass a live tensor.`);
  if (t.rank !== 2 && t.rank !== 1) {
    throw new Error(`${name}: expected a rank-2 tensor [examples, features] (or rank 1, one feature), got shape [${t.shape.join(", ")}]; reshape it first (e.g. x.reshape([n, -1])).`);
  }
  const rows = t.shape[0];
  const cols = t.rank === 2 ? (t.shape[1] as number) : 1;
  return { rows, cols, data: Float64Array.from(t.dataSync() as ArrayLike<number>) };
}

function fromNested(rowsIn: number[][], name: string): Matrix {
  const rows = rowsIn.length;
  const cols = rows > 0 && Array.isArray(rowsIn[0]) ? rowsIn[0].length : 0;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = rowsIn[i];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new Error(`${name}: row ${i} has ${Array.isArray(row) ? row.length : "no"} entries but row 0 has ${cols}; every row must have the same length.`);
    }
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j];
  }
  return { rows, cols, data };
}

/** Converts any MatrixLike to a float64 matrix and checks that it is non-empty and finite. */
export function toMatrix(x: MatrixLike, name: string): Matrix {
  let m: Matrix;
  if (x instanceof tf.Tensor) m = fromTensor(x, name);
  else if (Array.isArray(x)) m = fromNested(x, name);
  else if (isMatrix(x)) {
    if (x.data.length !== x.rows * x.cols) throw new Error(`${name}: rows × cols = ${x.rows} × ${x.cols} does not match data of length ${x.data.length}.`);
    m = x;
  }
  else if (x && typeof x === "object" && "data" in x && "shape" in x) {
    const [rows, cols] = x.shape;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || x.data.length !== rows * cols) {
      throw new Error(`${name}: shape [${x.shape.join(", ")}] does not match data of length ${x.data.length}; expected rows * cols = data.length.`);
    }
    m = { rows, cols, data: Float64Array.from(x.data) };
  } else {
    throw new Error(`${name}: expected a tf.Tensor, {data, shape: [rows, cols]} or number[][], got ${describe(x)}.`);
  }
  if (m.rows === 0 || m.cols === 0) throw new Error(`${name}: the matrix is empty (shape [${m.rows}, ${m.cols}]).`);
  assertFinite(m, name);
  return m;
}

export function assertFinite(m: Matrix, name: string): void {
  const { data, cols } = m;
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      throw new Error(`${name}: entry [${Math.floor(k / cols)}, ${k % cols}] is ${data[k]}; every value must be finite (check the model for NaN/Inf or clip log-variances).`);
    }
  }
}

export function requireRows(m: Matrix, minRows: number, name: string, why: string): void {
  if (m.rows < minRows) throw new Error(`${name}: ${why} needs at least ${minRows} rows (examples), got ${m.rows}.`);
}

export function requireSameRows(a: Matrix, b: Matrix, nameA: string, nameB: string): void {
  if (a.rows !== b.rows) {
    throw new Error(`${nameA} has ${a.rows} rows but ${nameB} has ${b.rows}; rows are examples and must match one to one.`);
  }
}

export function requireSameShape(a: Matrix, b: Matrix, nameA: string, nameB: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new Error(`${nameA} has shape [${a.rows}, ${a.cols}] but ${nameB} has [${b.rows}, ${b.cols}]; they must have the same shape.`);
  }
}

/** Column means. */
export function columnMeans(m: Matrix): Float64Array {
  const { rows, cols, data } = m;
  const mean = new Float64Array(cols);
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

/** A copy of m with column means subtracted. */
export function centred(m: Matrix): Matrix {
  const { rows, cols, data } = m;
  const mean = columnMeans(m);
  const out = new Float64Array(data.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = data[i * cols + j] - mean[j];
  return { rows, cols, data: out };
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
  const cm = centred(m);
  const c = crossProduct(cm, cm);
  const denom = m.rows - ddof;
  for (let k = 0; k < c.length; k++) c[k] /= denom;
  return c;
}

/** The listed columns of m, in the order given (validated against m.cols). */
export function selectColumns(m: Matrix, columns: readonly number[], name: string): Matrix {
  for (const c of columns) {
    if (!Number.isInteger(c) || c < 0 || c >= m.cols) {
      throw new Error(`${name}: column index ${c} is out of range; expected integers in [0, ${m.cols - 1}].`);
    }
  }
  if (columns.length === 0) throw new Error(`${name}: the column subset is empty; pass at least one column index.`);
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

/** Indices of columns whose variance is exactly zero (or below `tolerance`); used where a formula divides by it. */
export function constantColumns(m: Matrix, tolerance = 0): number[] {
  const v = columnVariances(m, 0);
  const out: number[] = [];
  for (let j = 0; j < v.length; j++) if (!(v[j] > tolerance)) out.push(j);
  return out;
}

export function frobeniusSquared(a: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * a[k];
  return s;
}

/** Throws when a computed score is not finite, so no NaN/Infinity is ever returned silently. */
export function finiteResult(value: number, what: string, advice: string): number {
  if (!Number.isFinite(value)) throw new Error(`${what} is ${value}: ${advice}`);
  return value;
}
