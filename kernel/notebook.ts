// Notebook files for `polarlab run` (nbformat 4.5: every cell has an id) and papermill's parameters
// convention: the cell tagged "parameters" declares the parameters and their defaults; the values go into
// a new cell tagged "injected-parameters" right after it (at the top when there is none).
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import type * as TS from "typescript";
import { writeFileAtomic } from "../toolkit/runtime/files";
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
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`NOTEBOOK ${file}: ${code === "ENOENT" ? "not found" : `cannot read it (${(e as Error).message})`}`);
  }
  let nb: Notebook;
  try {
    nb = JSON.parse(text);
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

/** Starts like a JSON number, string, array or object: such a value must parse as JSON. */
const JSON_LIKE = /^\s*(?:[[{"]|-?\.?\d)/;

/**
 * Parses --param key=value. The value is JSON when it looks like JSON (a number, a quoted string, an array
 * or object; true, false and null too), and must then be valid; any other text is a string (`label=tuned`).
 */
export function parseParam(text: string): [string, unknown] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new Error(`--param ${JSON.stringify(text)}: expected key=value`);
  const key = text.slice(0, eq);
  if (!IDENTIFIER.test(key)) throw new Error(`--param ${JSON.stringify(text)}: key ${JSON.stringify(key)} is not a TypeScript identifier`);
  const raw = text.slice(eq + 1);
  try {
    return [key, JSON.parse(raw)];
  } catch (e) {
    if (!JSON_LIKE.test(raw)) return [key, raw];
    throw new Error(
      `--param ${key}: value ${JSON.stringify(raw)} looks like JSON but is not valid JSON (${(e as Error).message}); ` +
        `quote a string as --param '${key}="…"'`,
    );
  }
}

function tagged(cell: Cell, tag: string): boolean {
  return Array.isArray(cell.metadata?.tags) && cell.metadata.tags.includes(tag);
}

/**
 * The names the cell tagged "parameters" declares at its top level (let, const or var), in order;
 * undefined when no cell is tagged "parameters".
 */
export function notebookParameters(nb: Notebook): string[] | undefined {
  const cell = nb.cells.find((c) => c.cell_type === "code" && tagged(c, "parameters"));
  if (!cell) return undefined;
  const ts = require("typescript") as typeof TS; // loaded here: the CLI starts without TypeScript
  const file = ts.createSourceFile("parameters.ts", cellSource(cell), ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const names: string[] = [];
  const collect = (name: TS.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name);
  };
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) for (const decl of statement.declarationList.declarations) collect(decl.name);
  }
  return names;
}

/** Throws unless every name in `params` is declared by the notebook's parameters cell (as papermill checks). */
export function checkParameters(nb: Notebook, params: [string, unknown][]): void {
  const declared = notebookParameters(nb);
  const unknown = params.map(([k]) => k).filter((k) => !declared?.includes(k));
  if (unknown.length === 0) return;
  const names = unknown.map((k) => JSON.stringify(k)).join(", ");
  if (declared === undefined) {
    throw new Error(`--param ${names}: the notebook has no cell tagged "parameters", so it takes no parameters; tag the cell that sets their defaults`);
  }
  const list = declared.length > 0 ? declared.join(", ") : "none (its parameters cell declares no variables)";
  throw new Error(`--param ${names}: not a parameter of this notebook; its parameters cell declares ${list}`);
}

/**
 * Inserts the injected-parameters cell (papermill's convention); returns its index, or -1 without params.
 * Injected cells left by an earlier run (an executed notebook run again) are removed first, as papermill
 * does, so the run's parameters are exactly `params` over the parameters cell's defaults.
 */
export function injectParameters(nb: Notebook, params: [string, unknown][]): number {
  nb.cells = nb.cells.filter((c) => !tagged(c, "injected-parameters"));
  if (params.length === 0) return -1;
  const source = ["// Parameters injected by polarlab run", ...params.map(([k, v]) => `let ${k} = ${JSON.stringify(v)};`)].join("\n");
  const cell: Cell = { id: newCellId(), cell_type: "code", source, metadata: { tags: ["injected-parameters"] }, outputs: [], execution_count: null };
  const at = nb.cells.findIndex((c) => tagged(c, "parameters"));
  nb.cells.splice(at + 1, 0, cell);
  return at + 1;
}

/** Writes the notebook crash-safely (toolkit/runtime/files: unique temporary file, fsync, rename). */
export function writeNotebook(file: string, nb: Notebook): void {
  writeFileAtomic(file, JSON.stringify(nb, null, 1) + "\n");
}
