// Tables as MIME bundles: a danfojs DataFrame or Series, or an array of row objects, becomes an HTML table
// plus an aligned text table, both truncated to the first and last rows and columns (as pandas shows them).
import { escapeHtml } from "./html";
import type { MimeBundle } from "./protocol";

/** Rows shown in full up to this count; beyond it the head and tail are shown around an ellipsis row. */
const MAX_ROWS = 40;
const HEAD_ROWS = 20;
const TAIL_ROWS = 10;
/** Columns shown in full up to this count; beyond it the first and last columns around an ellipsis. */
const MAX_COLUMNS = 20;
const HEAD_COLUMNS = 12;
const TAIL_COLUMNS = 4;
const ELLIPSIS = "…";

export interface Table {
  columns: string[];
  index: unknown[];
  rows: unknown[][];
  /** What the text summary calls it ("DataFrame", "Series", "rows"). */
  kind: string;
}

/** A danfojs DataFrame/Series, recognised by shape rather than by class so that danfojs is not loaded here. */
export function asDataFrameTable(value: unknown): Table | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.columns) || !Array.isArray(v.values) || !Array.isArray(v.index) || !Array.isArray(v.shape)) {
    return undefined;
  }
  const isSeries = v.$isSeries === true;
  const rows = isSeries ? (v.values as unknown[]).map((x) => [x]) : (v.values as unknown[][]);
  if (!rows.every((r) => Array.isArray(r))) return undefined;
  return { columns: (v.columns as unknown[]).map(String), index: v.index as unknown[], rows, kind: isSeries ? "Series" : "DataFrame" };
}

/** An array of plain row objects (at least one row, every element a non-array object). */
export function asRowsTable(value: unknown): Table | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  if (!value.every((r) => r !== null && typeof r === "object" && isPlainObject(r))) return undefined;
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of value) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const rows = value.map((row) => columns.map((c) => (row as Record<string, unknown>)[c]));
  return { columns, index: value.map((_, i) => i), rows, kind: "rows" };
}

function isPlainObject(x: object): boolean {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Formats one cell: floats to 6 significant digits, missing values as empty, objects as JSON. */
function formatCell(x: unknown): string {
  if (x === undefined || x === null) return "";
  if (typeof x === "number") return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
  if (typeof x === "string") return x;
  if (typeof x === "bigint" || typeof x === "boolean") return String(x);
  if (x instanceof Date) return x.toISOString();
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}

interface Window {
  /** Row positions shown, with -1 marking the ellipsis row. */
  rows: number[];
  /** Column positions shown, with -1 marking the ellipsis column. */
  columns: number[];
}

function window(count: number, max: number, head: number, tail: number): number[] {
  const all = Array.from({ length: count }, (_, i) => i);
  if (count <= max) return all;
  return [...all.slice(0, head), -1, ...all.slice(count - tail)];
}

function tableWindow(t: Table): Window {
  return {
    rows: window(t.rows.length, MAX_ROWS, HEAD_ROWS, TAIL_ROWS),
    columns: window(t.columns.length, MAX_COLUMNS, HEAD_COLUMNS, TAIL_COLUMNS),
  };
}

function summary(t: Table): string {
  return `${t.rows.length} rows × ${t.columns.length} columns`;
}

function tableHtml(t: Table): string {
  const w = tableWindow(t);
  const header = w.columns.map((c) => `<th>${c < 0 ? ELLIPSIS : escapeHtml(t.columns[c])}</th>`).join("");
  const body = w.rows
    .map((r) => {
      const label = r < 0 ? ELLIPSIS : escapeHtml(formatCell(t.index[r]));
      const cells = w.columns.map((c) => `<td>${r < 0 || c < 0 ? ELLIPSIS : escapeHtml(formatCell(t.rows[r][c]))}</td>`);
      return `<tr><th>${label}</th>${cells.join("")}</tr>`;
    })
    .join("\n");
  return (
    `<table class="dataframe polarlab-table">\n<thead><tr><th></th>${header}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>\n` +
    `<p>${summary(t)}</p>`
  );
}

function tableText(t: Table): string {
  const w = tableWindow(t);
  const grid: string[][] = [["", ...w.columns.map((c) => (c < 0 ? ELLIPSIS : t.columns[c]))]];
  for (const r of w.rows) {
    const label = r < 0 ? ELLIPSIS : formatCell(t.index[r]);
    grid.push([label, ...w.columns.map((c) => (r < 0 || c < 0 ? ELLIPSIS : formatCell(t.rows[r][c])))]);
  }
  const widths = grid[0].map((_, j) => Math.max(...grid.map((row) => row[j].length)));
  const lines = grid.map((row) => row.map((cell, j) => cell.padStart(widths[j])).join("  ").trimEnd());
  return `${lines.join("\n")}\n\n[${summary(t)}]`;
}

export function tableBundle(t: Table): MimeBundle {
  return { "text/html": tableHtml(t), "text/plain": tableText(t) };
}
