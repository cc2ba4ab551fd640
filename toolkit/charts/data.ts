// Turning what the builders accept (tidy rows, column arrays, a danfojs DataFrame) into tidy rows,
// and the checks every builder makes on them, with errors that name the argument and the column.

export type Row = Record<string, unknown>;

/** The parts of a danfojs DataFrame the charts read (duck-typed so that danfojs is not loaded here). */
export interface DataFrameLike {
  readonly columns: string[];
  readonly values: unknown[][] | unknown[];
  readonly shape: number[];
}

/** Tidy rows, an object of equal-length column arrays (typed arrays allowed), or a danfojs DataFrame. */
export type TableInput = readonly Row[] | Readonly<Record<string, ArrayLike<unknown>>> | DataFrameLike;

export function isDataFrameLike(value: unknown): value is DataFrameLike {
  const v = value as DataFrameLike;
  return (
    v !== null && typeof v === "object" && Array.isArray(v.columns) && Array.isArray(v.values) && Array.isArray(v.shape)
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "object") return `an object with keys [${Object.keys(value as object).slice(0, 8).join(", ")}]`;
  return `${typeof value} ${String(value)}`;
}

function fromDataFrame(df: DataFrameLike): Row[] {
  // A one-column DataFrame may hold a flat values array; treat it as one value per row.
  const values = df.values as unknown[];
  return values.map((row) => {
    const cells = Array.isArray(row) ? row : [row];
    const out: Row = {};
    df.columns.forEach((c, j) => (out[c] = cells[j]));
    return out;
  });
}

function fromColumns(columns: Readonly<Record<string, ArrayLike<unknown>>>, argName: string): Row[] {
  const names = Object.keys(columns);
  const lengths = names.map((n) => {
    const col = columns[n];
    if (col === null || typeof col !== "object" || typeof (col as ArrayLike<unknown>).length !== "number") {
      throw new TypeError(`${argName}.${n}: expected an array of column values, got ${describe(col)}`);
    }
    return col.length;
  });
  const n = lengths[0] ?? 0;
  names.forEach((name, j) => {
    if (lengths[j] !== n) {
      throw new RangeError(`${argName}: column "${name}" has ${lengths[j]} values but "${names[0]}" has ${n}; columns must have equal lengths`);
    }
  });
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: Row = {};
    for (const name of names) row[name] = columns[name][i];
    rows[i] = row;
  }
  return rows;
}

/** Tidy rows from any TableInput (a new array; row objects are read, never changed). */
export function toRows(input: TableInput, argName = "data"): Row[] {
  if (Array.isArray(input)) {
    input.forEach((row, i) => {
      if (row === null || typeof row !== "object" || Array.isArray(row)) {
        throw new TypeError(`${argName}[${i}]: expected a row object, got ${describe(row)}`);
      }
    });
    // The rows themselves are shared, not copied (10,000s of rows): builders only read them.
    return [...(input as Row[])];
  }
  if (isDataFrameLike(input)) return fromDataFrame(input);
  if (input !== null && typeof input === "object") return fromColumns(input as Record<string, ArrayLike<unknown>>, argName);
  throw new TypeError(`${argName}: expected rows, column arrays or a DataFrame, got ${describe(input)}`);
}

/** Throws unless every row has the named fields. */
export function requireFields(rows: readonly Row[], fields: readonly string[], argName: string): void {
  if (rows.length === 0) throw new RangeError(`${argName}: expected at least one row, got none`);
  const present = Object.keys(rows[0]);
  for (const field of fields) {
    const i = rows.findIndex((r) => !(field in r));
    if (i >= 0) {
      throw new RangeError(`${argName}[${i}]: missing column "${field}" (columns present: ${present.join(", ")})`);
    }
  }
}

/** The field as a finite number, or an error naming the row, column and value. */
export function finiteAt(row: Row, field: string, i: number, argName: string): number {
  const v = row[field];
  const x = typeof v === "bigint" ? Number(v) : v;
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new RangeError(`${argName}[${i}].${field}: expected a finite number, got ${describe(v)}`);
  }
  return x;
}

/**
 * The field as a finite number, or null where the row holds null / undefined: the studies write null
 * for a score that is undefined (e.g. total correlation with a zero-variance column), and charts leave
 * such values out and say so. NaN and ±Infinity remain errors.
 */
export function finiteOrNull(row: Row, field: string, i: number, argName: string): number | null {
  const v = row[field];
  return v === null || v === undefined ? null : finiteAt(row, field, i, argName);
}

/** The subtitle note for values left out, or "" when none were. */
export function missingNote(count: number): string {
  return count > 0 ? `${count} undefined (null) value${count === 1 ? "" : "s"} left out` : "";
}

/** Checks that a numeric column holds finite numbers; returns them. */
export function numericColumn(rows: readonly Row[], field: string, argName: string): number[] {
  return rows.map((r, i) => finiteAt(r, field, i, argName));
}

/** Distinct values of a field in first-seen order, numbers sorted ascending when all are numbers. */
export function distinct(rows: readonly Row[], field: string): unknown[] {
  const seen = new Set<unknown>();
  for (const r of rows) seen.add(r[field]);
  const values = [...seen];
  return values.every((v) => typeof v === "number") ? (values as number[]).sort((a, b) => a - b) : values;
}

/** A positive integer option, or an error naming it. */
export function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name}: expected a positive integer, got ${value}`);
  return value;
}

/** Axis labels as strings, exactly n of them and all distinct, or an error naming the option. */
export function uniqueLabels(labels: readonly string[], n: number, name: string): string[] {
  if (labels.length !== n) throw new RangeError(`options.${name}: expected ${n} labels, got ${labels.length}`);
  const seen = new Set(labels.map(String));
  if (seen.size !== labels.length) throw new RangeError(`options.${name}: labels must be unique, got [${labels.join(", ")}]`);
  return labels.map(String);
}

/** A matrix given as number[][] or { data, shape: [rows, cols] }, read into rows of numbers with checks. */
export type MatrixInput = readonly (readonly number[])[] | { data: ArrayLike<number>; shape: readonly number[] };

export function matrixRows(m: MatrixInput, argName: string): number[][] {
  let rows: number[][];
  if (Array.isArray(m)) {
    rows = (m as number[][]).map((r, i) => {
      if (!Array.isArray(r) && !ArrayBuffer.isView(r)) throw new TypeError(`${argName}[${i}]: expected a row of numbers, got ${describe(r)}`);
      return Array.from(r as ArrayLike<number>);
    });
  } else if (m && typeof m === "object" && "data" in m && "shape" in m && m.shape.length === 2) {
    const [r, c] = m.shape;
    if (m.data.length !== r * c) throw new RangeError(`${argName}: data has ${m.data.length} values but shape [${r}, ${c}] needs ${r * c}`);
    rows = Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => m.data[i * c + j]));
  } else {
    throw new TypeError(`${argName}: expected number[][] or { data, shape: [rows, cols] }, got ${describe(m)}`);
  }
  if (rows.length === 0) throw new RangeError(`${argName}: expected at least one row, got none`);
  rows.forEach((r, i) => {
    if (r.length !== rows[0].length) throw new RangeError(`${argName}[${i}]: has ${r.length} columns, row 0 has ${rows[0].length}`);
    r.forEach((x, j) => {
      if (typeof x !== "number" || !Number.isFinite(x)) throw new RangeError(`${argName}[${i}][${j}]: expected a finite number, got ${x}`);
    });
  });
  return rows;
}
