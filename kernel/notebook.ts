// Notebook files for `polarlab run` (nbformat 4.5: every cell has an id) and papermill's parameters
// convention: the values go into a new cell tagged "injected-parameters" right after the cell tagged
// "parameters" (at the top when there is none).
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { DISPLAY_NAME, KERNEL_NAME } from "./kernelspec";

export interface Cell {
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: Record<string, any>;
  outputs?: Record<string, unknown>[];
  execution_count?: number | null;
  attachments?: unknown;
}

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, any>;
  cells: Cell[];
}

export function readNotebook(file: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`NOTEBOOK ${file}: cannot read it as JSON (${(e as Error).message})`);
  }
  if (nb?.nbformat !== 4 || !Array.isArray(nb.cells)) {
    throw new Error(`NOTEBOOK ${file}: nbformat is ${JSON.stringify(nb?.nbformat)}; expected a version 4 notebook with a cells array`);
  }
  return nb;
}

export function cellSource(cell: Cell): string {
  return multiline(cell.source);
}

/** nbformat's multiline strings (a cell's source, stream text, MIME data) are a string or a list of lines. */
export function multiline(text: unknown): string {
  return Array.isArray(text) ? text.join("") : String(text ?? "");
}

const ID = /^[a-zA-Z0-9-_]+$/;

/** Upgrades to nbformat 4.5 (unique cell ids), sets the polarlab kernelspec, clears old outputs. */
export function prepare(nb: Notebook, languageVersion: string): Notebook {
  const seen = new Set<string>();
  const cells = nb.cells.map((cell) => {
    let id = cell.id;
    if (typeof id !== "string" || !ID.test(id) || id.length > 64 || seen.has(id)) id = newCellId();
    seen.add(id);
    const out: Cell = { ...cell, id, metadata: cell.metadata ?? {} };
    if (cell.cell_type === "code") {
      out.outputs = [];
      out.execution_count = null;
    }
    return out;
  });
  return {
    ...nb,
    nbformat: 4,
    nbformat_minor: Math.max(5, nb.nbformat_minor ?? 0),
    metadata: {
      ...nb.metadata,
      kernelspec: { name: KERNEL_NAME, display_name: DISPLAY_NAME, language: "typescript" },
      language_info: { name: "typescript", version: languageVersion, mimetype: "text/typescript", file_extension: ".ts" },
    },
    cells,
  };
}

export function newCellId(): string {
  return randomBytes(4).toString("hex");
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Parses --param key=value: value as JSON when it is valid JSON (numbers, booleans, quoted strings, arrays), else a string. */
export function parseParam(text: string): [string, unknown] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new Error(`--param ${JSON.stringify(text)}: expected key=value`);
  const key = text.slice(0, eq);
  if (!IDENTIFIER.test(key)) throw new Error(`--param ${JSON.stringify(text)}: key ${JSON.stringify(key)} is not a TypeScript identifier`);
  const raw = text.slice(eq + 1);
  try {
    return [key, JSON.parse(raw)];
  } catch {
    return [key, raw];
  }
}

/** Inserts the injected-parameters cell (papermill's convention); returns its index, or -1 without params. */
export function injectParameters(nb: Notebook, params: [string, unknown][]): number {
  if (params.length === 0) return -1;
  const source = ["// Parameters injected by polarlab run", ...params.map(([k, v]) => `let ${k} = ${JSON.stringify(v)};`)].join("\n");
  const cell: Cell = { id: newCellId(), cell_type: "code", source, metadata: { tags: ["injected-parameters"] }, outputs: [], execution_count: null };
  const at = nb.cells.findIndex((c) => Array.isArray(c.metadata?.tags) && c.metadata.tags.includes("parameters"));
  nb.cells.splice(at + 1, 0, cell);
  return at + 1;
}

export function writeNotebook(file: string, nb: Notebook): void {
  fs.writeFileSync(file, JSON.stringify(nb, null, 1) + "\n");
}
