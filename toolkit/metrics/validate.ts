// Validation shared by every exported metric: matrices, vectors, labels and options are converted to float64
// and checked in one place, and every error names the argument, the value seen, what is expected and what to do.
// Nothing is coerced: null, booleans, strings and non-finite values are errors (with their row and column), not
// 0, 1, 3 or NaN. A column is "constant" by one rule everywhere (constantColumns), and scores are finite or throw.
// Conventions from docs/architecture.md ("Metrics accept a tfjs tensor, a typed array with a shape, or number[][]").
import * as tf from "@tensorflow/tfjs";
import { ColumnStats, Matrix, MatrixLike, allFinite, columnMeans, columnMaxAbs, columnStats, columnVariances } from "./matrix";

/** A short description of a value for error messages: `null`, `the string "3"`, `true (a boolean)`, `NaN`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + "…" : value)}`;
  if (typeof value === "boolean") return `${value} (a boolean)`;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value instanceof tf.Tensor) return `a tensor of shape [${value.shape.join(", ")}]`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === "object" ? "an object" : typeof value;
}

function isMatrix(x: unknown): x is Matrix {
  return !!x && typeof x === "object" && (x as Matrix).data instanceof Float64Array && Number.isInteger((x as Matrix).rows) && Number.isInteger((x as Matrix).cols) && !("shape" in x);
}

function entryError(name: string, i: number, j: number, value: unknown): Error {
  return new Error(`${name}: entry [${i}, ${j}] is ${describeValue(value)}; every value must be a finite number (check the model for NaN/Inf, clip log-variances, and convert strings or booleans explicitly).`);
}

function fromTensor(t: tf.Tensor, name: string): Matrix {
  if (t.isDisposed) throw new Error(`${name}: the tensor was already disposed; pass a live tensor.`);
  if (t.rank !== 2 && t.rank !== 1) {
    throw new Error(`${name}: expected a rank-2 tensor [examples, features] (or rank 1, one feature), got shape [${t.shape.join(", ")}]; reshape it first (e.g. x.reshape([n, -1])).`);
  }
  if (t.dtype !== "float32" && t.dtype !== "int32") throw new Error(`${name}: expected a float32 or int32 tensor, got dtype ${t.dtype}; cast it first (x.toFloat()).`);
  const rows = t.shape[0];
  const cols = t.rank === 2 ? (t.shape[1] as number) : 1;
  return { rows, cols, data: Float64Array.from(t.dataSync() as ArrayLike<number>) };
}

function fromNested(rowsIn: unknown[], name: string): Matrix {
  const rows = rowsIn.length;
  const first = rowsIn[0];
  if (rows > 0 && !Array.isArray(first)) {
    throw new Error(`${name}: row 0 is ${describeValue(first)}, not an array; pass number[][] with one array per example (e.g. [[1], [2], [3]] for one feature).`);
  }
  const cols = rows > 0 ? (first as unknown[]).length : 0;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = rowsIn[i];
    if (!Array.isArray(row)) throw new Error(`${name}: row ${i} is ${describeValue(row)}, not an array; every row must be an array of ${cols} numbers.`);
    if (row.length !== cols) throw new Error(`${name}: row ${i} has ${row.length} entries but row 0 has ${cols}; every row must have the same length.`);
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== "number" || !Number.isFinite(v)) throw entryError(name, i, j, v);
      data[i * cols + j] = v;
    }
  }
  return { rows, cols, data };
}

function fromShaped(x: { data: ArrayLike<number>; shape: [number, number] }, name: string): Matrix {
  const shape = x.shape as unknown;
  const data = x.data as unknown;
  if (!Array.isArray(shape) || shape.length !== 2) throw new Error(`${name}: shape is ${describeValue(shape)}; expected [rows, cols].`);
  if (!Array.isArray(data) && !(ArrayBuffer.isView(data) && !(data instanceof DataView))) {
    throw new Error(`${name}: data is ${describeValue(data)}; expected an array or typed array of rows × cols numbers.`);
  }
  const [rows, cols] = shape;
  const length = (data as ArrayLike<unknown>).length;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || length !== rows * cols) {
    throw new Error(`${name}: shape [${shape.map(describeValue).join(", ")}] does not match data of length ${length}; expected rows * cols = data.length.`);
  }
  if (Array.isArray(data)) {
    for (let k = 0; k < length; k++) {
      const v = data[k];
      if (typeof v !== "number" || !Number.isFinite(v)) throw entryError(name, Math.floor(k / cols), k % cols, v);
    }
  }
  return { rows, cols, data: Float64Array.from(data as ArrayLike<number>) };
}

/**
 * Converts any MatrixLike to a float64 matrix (rows = examples) and checks that it is non-empty and that every
 * entry is a finite number. A `Matrix` ({rows, cols, data: Float64Array}) is checked and used as is, without a copy.
 */
export function toMatrix(x: MatrixLike, name: string): Matrix {
  const m = toMatrixUnchecked(x, name);
  assertFinite(m, name);
  return m;
}

/**
 * x as a matrix with its column statistics (matrix.ts's columnStats), for scores whose first pass over the data is
 * those statistics: the finiteness test is made in that pass (beside the column sums, on the addon), and only a
 * failed one scans the entries to name the first bad one.
 */
export function toMatrixWithStats(x: MatrixLike, name: string): { m: Matrix; stats: ColumnStats } {
  const m = toMatrixUnchecked(x, name);
  const stats = columnStats(m);
  if (!stats.finite) assertFinite(m, name);
  return { m, stats };
}

/** toMatrix without the finiteness test. */
function toMatrixUnchecked(x: MatrixLike, name: string): Matrix {
  let m: Matrix;
  if (x instanceof tf.Tensor) m = fromTensor(x, name);
  else if (Array.isArray(x)) m = fromNested(x, name);
  else if (isMatrix(x)) {
    if (x.data.length !== x.rows * x.cols) throw new Error(`${name}: rows × cols = ${x.rows} × ${x.cols} does not match data of length ${x.data.length}.`);
    m = x;
  } else if (x && typeof x === "object" && "data" in x && "shape" in x) m = fromShaped(x, name);
  else throw new Error(`${name}: expected a tf.Tensor, {data, shape: [rows, cols]} or number[][], got ${describeValue(x)}.`);
  if (m.rows === 0 || m.cols === 0) throw new Error(`${name}: the matrix is empty (shape [${m.rows}, ${m.cols}]); pass at least one row and one column.`);
  return m;
}

export function assertFinite(m: Matrix, name: string): void {
  const { data, cols } = m;
  if (allFinite(data)) return;
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) throw entryError(name, Math.floor(k / cols), k % cols, data[k]);
  }
}

/** A vector of `length` finite numbers (an array, typed array or rank-1 tensor) as a Float64Array. */
export function toVector(x: unknown, name: string, length: number): Float64Array {
  const values = x instanceof tf.Tensor ? (x.rank === 1 ? x.dataSync() : undefined) : x;
  if (!Array.isArray(values) && !(ArrayBuffer.isView(values) && !(values instanceof DataView))) {
    throw new Error(`${name}: expected an array of ${length} numbers, got ${describeValue(x)}.`);
  }
  const list = values as ArrayLike<unknown>;
  if (list.length !== length) throw new Error(`${name}: expected ${length} values (one per row), got ${list.length}.`);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const v = list[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${name}[${i}] is ${describeValue(v)}; every value must be a finite number.`);
    out[i] = v;
  }
  return out;
}

/** The columns of m as integers (labels, factor value indices), or an error naming the first non-integer entry. */
export function integerColumns(m: Matrix, name: string, what: string): Int32Array[] {
  return Array.from({ length: m.cols }, (_, j) => {
    const col = new Int32Array(m.rows);
    for (let i = 0; i < m.rows; i++) {
      const v = m.data[i * m.cols + j];
      if (!Number.isInteger(v) || Math.abs(v) > 2 ** 31 - 1) throw new Error(`${name}: entry [${i}, ${j}] is ${v}; ${what} must be integers.`);
      col[i] = v;
    }
    return col;
  });
}

/** Class labels 0..classes−1, one per row, from an Int32Array or an array of integers. */
export function classLabels(y: unknown, name: string, rows: number, classes: number): Int32Array {
  const v = toVector(y, name, rows);
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    if (!Number.isInteger(v[i]) || v[i] < 0 || v[i] >= classes) throw new Error(`${name}[${i}] is ${v[i]}; expected a class index, an integer in [0, ${classes - 1}].`);
    out[i] = v[i];
  }
  return out;
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

/** The listed column indices, checked against a width of `cols`. */
export function columnIndices(columns: unknown, cols: number, name: string): number[] {
  if (!Array.isArray(columns)) throw new Error(`${name}: expected an array of column indices, got ${describeValue(columns)}.`);
  for (const c of columns) {
    if (!Number.isInteger(c) || c < 0 || c >= cols) throw new Error(`${name}: column index ${describeValue(c)} is out of range; expected integers in [0, ${cols - 1}].`);
  }
  if (columns.length === 0) throw new Error(`${name}: the column subset is empty; pass at least one column index.`);
  return columns;
}

/**
 * The one definition of "constant": a spread (population standard deviation) of `count` values whose largest
 * magnitude is `scale` is zero when sd ≤ count · ε · scale, with ε = 2⁻⁵² the float64 machine epsilon. That is the
 * rounding-error bound of a two-pass variance of exactly equal values (the mean's summation error, the rule of
 * scikit-learn's StandardScaler), so a column of 0.1s (variance ≈ 1e-32 after rounding) is as constant as a column
 * of 1s, while any variation resolvable in float64 at that magnitude is kept.
 */
export function negligibleSpread(variance: number, count: number, scale: number): boolean {
  const bound = count * Number.EPSILON * scale;
  return !(variance > bound * bound);
}

/** Indices of the constant columns of m: negligibleSpread of each column's variance (population variances may be passed in). */
export function constantColumns(m: Matrix, variances: Float64Array = columnVariances(m, 0)): number[] {
  return constantIndices(variances, columnMeans(m), m.rows, (j) => columnMaxAbs(m, j));
}

/** constantColumns from m's column statistics (matrix.ts's columnStats), without another pass over m. */
export function constantColumnsOf(m: Matrix, { means, sumSquares }: ColumnStats): number[] {
  return constantIndices(sumSquares.map((s) => s / m.rows), means, m.rows, (j) => columnMaxAbs(m, j));
}

/**
 * Indices j − from, for j in [from, to), of the columns that are constant by negligibleSpread, given their
 * (population) variances and means over `rows` values. The largest magnitude is at most |mean| + √(rows · variance),
 * so a column that varies even at that bound varies; only the others pay for the exact scale, `scaleOf(j)`.
 */
export function constantIndices(variances: ArrayLike<number>, means: ArrayLike<number>, rows: number, scaleOf: (j: number) => number, from = 0, to = variances.length): number[] {
  const out: number[] = [];
  for (let j = from; j < to; j++) {
    const bound = Math.abs(means[j]) + Math.sqrt(rows * variances[j]);
    if (negligibleSpread(variances[j], rows, bound) && negligibleSpread(variances[j], rows, scaleOf(j))) out.push(j - from);
  }
  return out;
}

export { finiteResult } from "./finite";

function optionError(name: string, value: unknown, expected: string): Error {
  return new Error(`${name}: expected ${expected}, got ${describeValue(value)}.`);
}

/** An integer option in [min, max] (`fallback` when undefined; a required argument when `fallback` is undefined). */
export function integerOption(value: unknown, name: string, fallback: number | undefined, min: number, max = Infinity, why = ""): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw optionError(name, value, `an integer ${max === Infinity ? `≥ ${min}` : `in [${min}, ${max}]`}${why ? ` (${why})` : ""}`);
  }
  return value;
}

/** A finite number accepted by `valid` (`fallback` when undefined; required when `fallback` is undefined); `expected` describes the range. */
export function numberOption(value: unknown, name: string, fallback: number | undefined, valid: (v: number) => boolean, expected: string): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || !valid(value)) throw optionError(name, value, expected);
  return value;
}

/** One of the listed strings (`fallback` when undefined). */
export function choiceOption<T extends string>(value: unknown, name: string, fallback: T, choices: readonly T[]): T {
  if (value === undefined) return fallback;
  if (!choices.includes(value as T)) throw optionError(name, value, `one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`);
  return value as T;
}

/** A seed for an Rng (toolkit/compute/rng): a non-negative safe integer (default 0). */
export function seedOption(value: unknown): number {
  return numberOption(value, "seed", 0, (v) => Number.isSafeInteger(v) && v >= 0, "a non-negative integer");
}

/** A fraction of rows held out for testing, in (0, 1) (default 1/3). */
export function testFractionOption(value: unknown): number {
  return numberOption(value, "testFraction", 1 / 3, (v) => v > 0 && v < 1, "a number in (0, 1)");
}

/** Training rows of a seeded split holding out `fraction` of `rows`; both parts must be non-empty. */
export function trainTestCut(rows: number, fraction: number): number {
  const cut = Math.round(rows * (1 - fraction));
  if (cut < 1 || cut >= rows) {
    throw new Error(`testFraction: holding out ${fraction} of ${rows} rows leaves ${cut} for training and ${rows - cut} for testing; each needs at least one row (use more rows or a fraction nearer 1/3).`);
  }
  return cut;
}
