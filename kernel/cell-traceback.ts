// Tracebacks in the cell's own lines, as IPython shows them ("Cell In[5]", line 3). tslab compiles a cell
// in two passes (TypeScript to an ES module, then to CommonJS) without source maps, and runs it with
// vm.runInThisContext as "evalmachine.<anonymous>". This module names each cell's script "Cell In[N]"
// (vm.runInThisContext is wrapped once per process to pass the filename while a cell starts) and maps the
// lines of tslab's JavaScript back to the cell: the cell is transpiled again with a source map (the same
// TypeScript printer, tslab's @tslab/typescript-for-tslab), the two JavaScript texts are aligned line by
// line (longest common subsequence, after undoing tslab's `exports.` rewrites), and the source map gives
// the TypeScript line. Frames of Node internals, node:vm, tslab and the kernel are cut.
import { SourceMap } from "node:module";
import vm = require("node:vm"); // the module object itself (a namespace import's properties are read-only)
import { ts } from "./tslab-typescript";

interface Compiled {
  source: string;
  js: string;
  lines?: (line: number, column: number) => { line: number; column: number } | undefined;
}

const WRAPPED = Symbol.for("polarlab.cellScriptNames");
const INTERNAL_FRAME = /node_modules[\\/]tslab[\\/]|node:internal|node:vm|sigintHandlersWrap|[\\/]dist[\\/]kernel[\\/]/;

export class CellScripts {
  private readonly cells = new Map<string, Compiled>();
  private starting?: { name: string; source: string };

  constructor() {
    const runner = vm as unknown as { runInThisContext: typeof vm.runInThisContext & { [WRAPPED]?: CellScripts } };
    const original = runner.runInThisContext;
    const owner = this;
    const named = function (code: string, options?: vm.RunningScriptOptions | string) {
      const start = named[WRAPPED]?.take(code);
      if (!start || typeof options === "string" || options?.filename) return original.call(vm, code, options);
      return original.call(vm, code, { ...options, filename: start });
    } as typeof runner.runInThisContext & { [WRAPPED]?: CellScripts };
    if (original[WRAPPED]) {
      original[WRAPPED] = owner; // the newest executor names the scripts
      return;
    }
    named[WRAPPED] = owner;
    runner.runInThisContext = named;
  }

  /** Names the next script tslab runs (the cell `source`, shown as `name`). */
  willRun(name: string, source: string): void {
    this.starting = { name, source };
  }

  /** The name for the script `js` about to run, recording what to map its lines with; once per willRun. */
  private take(js: string): string | undefined {
    const start = this.starting;
    this.starting = undefined;
    if (!start) return undefined;
    this.cells.set(start.name, { source: start.source, js });
    return start.name;
  }

  /** The stack lines of an error from a cell: frames in the cells' own lines, internal frames cut. */
  traceback(stack: string[]): string[] {
    let lines = stack;
    // Node decorates an error thrown while a script starts with "file:line", the line and a caret.
    const blank = lines.indexOf("");
    if (blank > 0 && /:\d+$/.test(lines[0]) && !/^\s+at /.test(lines[0])) lines = lines.slice(blank + 1);
    const out: string[] = [];
    for (const line of lines) {
      if (/^\s+at /.test(line) && INTERNAL_FRAME.test(line)) break;
      const mapped = this.mapFrame(line);
      if (mapped !== null) out.push(mapped);
    }
    return out;
  }

  /** A frame in a cell's script rewritten to the cell's line and column; null for tslab's wrapper frame. */
  private mapFrame(line: string): string | null {
    const m = /^(.*?)(Cell In\[[^\]]*\]):(\d+):(\d+)(\)?)$/.exec(line);
    if (!m) return line;
    const cell = this.cells.get(m[2]);
    if (!cell) return line;
    cell.lines ??= lineMap(cell.source, cell.js);
    const at = cell.lines(Number(m[3]), Number(m[4]));
    // A call through tslab's exports object (an earlier cell's function) is named "Proxy.name" by V8.
    return at ? `${m[1].replace(/^(\s+at )Proxy\./, "$1")}${m[2]}:${at.line}:${at.column}${m[5]}` : null;
  }
}

/** Maps 1-based (line, column) of tslab's JavaScript for `source` to 1-based positions in `source`. */
export function lineMap(source: string, js: string): (line: number, column: number) => { line: number; column: number } | undefined {
  const again = ts.transpileModule(source, {
    fileName: "cell.ts",
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: true, noImplicitUseStrict: true, experimentalDecorators: true, newLine: ts.NewLineKind.LineFeed },
  });
  const map = new SourceMap(JSON.parse(again.sourceMapText!));
  const mine = again.outputText.split("\n");
  const theirs = js.split("\n");
  const match = alignLines(theirs.map(normalise), mine.map(normalise));
  const sourceLines = source.split("\n").length;
  return (line, column) => {
    const j = match[line - 1];
    if (j === undefined) return undefined;
    const shift = Math.max(0, theirs[line - 1].length - mine[j].length); // tslab's rewrites lengthen a line
    const text = mine[j];
    const first = text.length - text.trimStart().length;
    const entry = map.findEntry(j, Math.max(first, column - 1 - shift)) as { originalLine?: number; originalColumn?: number };
    if (entry.originalLine === undefined || entry.originalLine >= sourceLines) return undefined;
    return { line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
  };
}

/** A line without tslab's rewrites of top-level names (`exports.x`, the last expression's variable). */
function normalise(line: string): string {
  return line
    .trim()
    .replace(/^exports\.tsLastExpr = /, "")
    .replace(/\(0, exports\.([\w$]+)\)/g, "$1")
    .replace(/exports\.([\w$]+)/g, "$1");
}

/** For each line of `a`, the index of the line of `b` it aligns with (longest common subsequence). */
function alignLines(a: string[], b: string[]): (number | undefined)[] {
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] = a[i] !== "" && a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const out: (number | undefined)[] = new Array(n).fill(undefined);
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] !== "" && a[i] === b[j]) out[i++] = j++;
    else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  return out;
}
