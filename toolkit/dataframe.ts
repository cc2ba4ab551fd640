// Tidy tables (arrays of flat row objects: study tables, training histories) as danfo.js DataFrames, which
// display as HTML tables in a notebook (toolkit/display/table.ts) and offer groupby, query and describe.
// danfojs (with mathjs and xlsx, ~75 MB) is loaded on the first call, so a kernel's start does not pay for it.
// Types from the file its "node" export loads (this project resolves modules the node10 way, without "exports").
import type { DataFrame } from "danfojs/dist/danfojs-browser/src/index";

export type { DataFrame };

type Danfo = typeof import("danfojs/dist/danfojs-browser/src/index");

function danfo(): Danfo {
  return require("danfojs") as Danfo;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A cell as a DataFrame holds it: numbers, strings, booleans and null as they are; other values as JSON. */
function cellValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

/**
 * A DataFrame of `rows` (flat row objects), one column per key in first-seen order (or `options.columns`, which
 * also names the columns of an empty table). A key missing from a row is null there; nested values (arrays,
 * objects) become their JSON text, as in the CSV files `polarlab study` writes.
 */
export function toDataFrame(rows: readonly object[], options: { columns?: readonly string[] } = {}): DataFrame {
  if (!Array.isArray(rows)) {
    throw new TypeError(`toDataFrame(rows): rows must be an array of row objects, got ${rows === null ? "null" : typeof rows}`);
  }
  rows.forEach((row, i) => {
    if (!isPlainObject(row)) {
      const seen = row === null ? "null" : Array.isArray(row) ? "an array" : typeof row === "object" ? `a ${row.constructor?.name ?? "object"}` : typeof row;
      throw new TypeError(`toDataFrame(rows): rows[${i}] must be a plain object (one row), got ${seen}`);
    }
  });
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  const columns = options.columns ? [...options.columns] : [...seen];
  if (options.columns) {
    const unknown = [...seen].filter((c) => !columns.includes(c));
    if (unknown.length > 0) throw new RangeError(`toDataFrame(rows, { columns }): the rows have columns ${unknown.join(", ")} that columns does not name`);
  }
  if (columns.length === 0) throw new RangeError("toDataFrame(rows): no columns: the rows are empty; pass options.columns to name them");
  const values = rows.map((row) => columns.map((c) => cellValue((row as Record<string, unknown>)[c])));
  return new (danfo().DataFrame)(values, { columns });
}
