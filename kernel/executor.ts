// Runs TypeScript cells with tslab's converter and executor (tslab/dist/converter, tslab/dist/executor),
// capturing what tslab prints (the last expression's value, compile diagnostics, thrown errors) as data
// instead, so that the kernel can send execute_result and error messages and `polarlab run` can store them.
import { setTimeout as sleep } from "node:timers/promises";
// First: tslab's modules then get this TypeScript, loaded through the code cache, from require.cache.
import { ts } from "./tslab-typescript";
import { createConverter, isCompleteCode, type Converter } from "tslab/dist/converter";
import { createExecutor, type ConverterSet, type Executor } from "tslab/dist/executor";
import { printQuickInfo } from "tslab/dist/inspect";
import { CellScripts } from "./cell-traceback";
import { fullDeclarationTexts, stripDeclarationComments } from "./declaration-texts";
import type * as TS from "typescript";

export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

export type CellOutcome =
  | { status: "ok"; hasValue: boolean; value?: unknown }
  /** notCompiled: the cell had compile errors (a TSError), so none of it ran. */
  | { status: "error"; error: CellError; interrupted: boolean; notCompiled?: true };

export interface SyncHooks {
  /** Called right before the cell's synchronous part runs (vm breakOnSigint armed) and after it. */
  enterSync(): void;
  leaveSync(): void;
  /**
   * No code of the cell runs for a while (the prelude loads inside the cell's wait): an interrupt then waits
   * for the main thread instead of ending busy JavaScript, which would cut the prelude.
   */
  idle?(): void;
}

const INTERRUPTED = "Interrupted";

interface Capture {
  value?: unknown;
  hasValue: boolean;
  diagnostics: string[];
  errors: unknown[];
}

class LazyConverters implements ConverterSet {
  readonly node: Converter;
  private browserConverter?: Converter;
  constructor() {
    stripDeclarationComments(); // the library's documentation is read when inspection first asks for it
    this.node = createConverter({ isJS: false, isBrowser: false });
  }
  get browser(): Converter {
    return (this.browserConverter ??= createConverter({ isJS: false, isBrowser: true }));
  }
  close(): void {
    this.node.close();
    this.browserConverter?.close();
  }
}

export class CellExecutor {
  private readonly converters = new LazyConverters();
  private readonly executor: Executor;
  private readonly scripts = new CellScripts();
  private capture: Capture = newCapture();

  constructor(rootDir: string, private readonly hooks?: SyncHooks) {
    this.executor = createExecutor(rootDir, this.converters, {
      // tslab logs the last expression's value (only that) with log, and diagnostics and errors with error.
      log: (value: unknown) => {
        this.capture.value = value;
        this.capture.hasValue = true;
      },
      error: (first: unknown, ...rest: unknown[]) => {
        if (typeof first === "string" && first.startsWith("%s%d:%d - %s")) {
          const [file, line, col, text] = rest;
          this.capture.diagnostics.push(`${file ? `${file} ` : ""}${line}:${col} - ${text}`);
        } else {
          this.capture.errors.push(first);
        }
      },
    });
  }

  /** The variables of the session (tslab's exports object). */
  get locals(): Record<string, unknown> {
    return this.executor.locals;
  }

  /**
   * Runs one cell; `signal` aborting (an interrupt) ends the wait even if the cell's promise never settles.
   * interruptible = false: no SIGINT can stop the synchronous part (the sync hooks are not called).
   * name ("Cell In[3]"): what tracebacks call the cell, in its own line numbers.
   */
  async run(code: string, signal?: AbortSignal, interruptible = true, name?: string): Promise<CellOutcome> {
    if (signal?.aborted) return { status: "error", error: interruptedError(signal), interrupted: true };
    const capture = (this.capture = newCapture());
    let ok: boolean;
    try {
      if (name) this.scripts.willRun(name, code);
      ok = await Promise.race([this.start(code, interruptible ? this.hooks : undefined), aborted(signal)]);
    } catch (e) {
      capture.errors.push(e);
      ok = false;
    }
    // A SIGINT raised by an interrupt thread ends the synchronous part first; its message (with the
    // reason, e.g. a --timeout) follows through the event loop, so give it a moment to arrive.
    if (!ok && signal && !signal.aborted && capture.errors.some(isSigintError)) await sleep(50); // not a cell timer (kernel/cell-timers.ts)
    if (signal?.aborted) return { status: "error", error: interruptedError(signal), interrupted: true };
    if (ok) return { status: "ok", hasValue: capture.hasValue, value: capture.value };
    if (capture.diagnostics.length > 0) {
      return { status: "error", interrupted: false, notCompiled: true, error: { ename: "TSError", evalue: capture.diagnostics[0], traceback: capture.diagnostics } };
    }
    const error = this.toCellError(capture.errors[capture.errors.length - 1]);
    return { status: "error", error, interrupted: error.ename === INTERRUPTED };
  }

  /** Starts tslab's execute in its own macrotask, so that terminating busy code never unwinds the caller. */
  private start(code: string, hooks: SyncHooks | undefined): Promise<boolean> {
    return new Promise((resolve, reject) => {
      setImmediate(() => {
        hooks?.enterSync();
        try {
          resolve(this.executor.execute(expandShorthandProperties(code)));
        } catch (e) {
          reject(e);
        } finally {
          hooks?.leaveSync();
        }
      });
    });
  }

  /** ename/evalue/traceback of anything a cell threw, its frames in the cells' own lines. */
  toCellError(e: unknown): CellError {
    return toCellError(e, (stack) => this.scripts.traceback(stack));
  }

  /** Stops tslab's wait on the running cell's promise (asynchronous interrupt). */
  interrupt(): void {
    this.executor.interrupt();
  }

  complete(code: string, cursor: number): { start: number; end: number; candidates: string[] } {
    const info = this.executor.complete(code, cursor);
    return { start: info.start, end: info.end, candidates: info.candidates };
  }

  /** Quick info (type and documentation) at the cursor, or undefined where there is none. */
  inspect(code: string, cursor: number): string | undefined {
    fullDeclarationTexts();
    const info = this.executor.inspect(code, cursor);
    return info ? printQuickInfo(info) : undefined;
  }

  close(): void {
    this.executor.close();
  }
}

/** "complete", "incomplete" (open brackets, strings, trailing operators) or "invalid" (a syntax error). */
export function completeness(code: string): { status: "complete" | "incomplete" | "invalid"; indent?: string } {
  const res = isCompleteCode(code);
  if (!res.completed) return { status: "incomplete", indent: res.indent ?? "" };
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const syntax = (file as unknown as { parseDiagnostics: TS.Diagnostic[] }).parseDiagnostics ?? [];
  return { status: syntax.length > 0 ? "invalid" : "complete" };
}

function isSigintError(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
}

function newCapture(): Capture {
  return { hasValue: false, diagnostics: [], errors: [] };
}

function aborted(signal?: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    const fail = () => reject(signal.reason);
    if (signal.aborted) fail();
    else signal.addEventListener("abort", fail, { once: true });
  });
}

function interruptedError(signal: AbortSignal): CellError {
  const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? "interrupted");
  return { ename: INTERRUPTED, evalue: reason, traceback: [`${INTERRUPTED}: ${reason}`] };
}

/** ename/evalue/traceback of anything thrown; `frames` rewrites the stack (default: cut internal frames). */
export function toCellError(e: unknown, frames: (stack: string[]) => string[] = cutInternalFrames): CellError {
  if (e instanceof Error || (e !== null && typeof e === "object" && "message" in e)) {
    const err = e as Error & { code?: string };
    const interrupted = isSigintError(err) || err.message === "Interrupted asynchronously";
    if (interrupted) return { ename: INTERRUPTED, evalue: String(err.message), traceback: [`${INTERRUPTED}: ${err.message}`] };
    const ename = err.name || err.constructor?.name || "Error";
    const stack = typeof err.stack === "string" ? frames(err.stack.split("\n")) : [`${ename}: ${err.message}`];
    return { ename, evalue: String(err.message), traceback: stack };
  }
  const text = e === undefined ? "undefined was thrown" : `${typeof e === "string" ? JSON.stringify(e) : String(e)} was thrown`;
  return { ename: "Error", evalue: text, traceback: [`Error: ${text}`] };
}

function cutInternalFrames(stack: string[]): string[] {
  const cut = stack.findIndex((l) => /node_modules[\\/]tslab[\\/]|node:internal|node:vm|[\\/]dist[\\/]kernel[\\/]/.test(l));
  return cut > 0 ? stack.slice(0, cut) : stack;
}

/**
 * Rewrites shorthand properties `{ a }` as `{ a: a }` (also in destructuring, where it means the same).
 * tslab rewrites a reference to an earlier cell's variable `a` as `exports.a`, which it cannot do inside
 * a shorthand property: `{ mean }` would fail with "mean is not defined". Offsets change, lines do not.
 */
export function expandShorthandProperties(code: string): string {
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const names: TS.Identifier[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) names.push(node.name);
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = code;
  for (const name of names.reverse()) {
    const end = name.getEnd();
    out = `${out.slice(0, end)}: ${name.text}${out.slice(end)}`;
  }
  return out;
}
