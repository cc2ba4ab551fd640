// Tidy tables (arrays of flat row objects) as files: CSV (RFC 4180 quoting) and JSON, as the
// `polarlab study` command writes them next to the charts.
import { promises as fs } from "node:fs";
import * as path from "node:path";

export type Row = Record<string, unknown>;
/** Named tables; rows are flat objects (interfaces welcome: they need no index signature). */
export type Tables = Record<string, readonly object[]>;

/** The union of the rows' keys, in first-seen order. */
export function columnsOf(rows: readonly object[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text =
    typeof value === "number"
      ? Number.isFinite(value) ? String(value) : ""
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a header row; missing, null and non-finite cells are empty, nested values are JSON. */
export function toCsv(rows: readonly object[]): string {
  const columns = columnsOf(rows);
  const lines = [columns.map(cell).join(",")];
  for (const row of rows as readonly Row[]) lines.push(columns.map((c) => cell(row[c])).join(","));
  return lines.join("\n") + "\n";
}

/** Writes `name.csv` and `name.json` for every table into `dir`; returns the paths written. */
export async function writeTables(dir: string, tables: Tables): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, rows] of Object.entries(tables)) {
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
      throw new RangeError(`writeTables: table name must be letters, digits, '_', '.' or '-', got ${JSON.stringify(name)}`);
    }
    const csv = path.join(dir, `${name}.csv`);
    const json = path.join(dir, `${name}.json`);
    await fs.writeFile(csv, toCsv(rows));
    await fs.writeFile(json, JSON.stringify(rows, null, 1) + "\n");
    written.push(csv, json);
  }
  return written;
}
