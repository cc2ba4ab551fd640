// The cell pipeline shared by the kernel and `polarlab run`: one tslab executor, one display sink, the
// prelude, and run(code) that sends the last expression's value (formatted by toolkit/display's
// formatBundle, as display() does) or the error to an OutputTarget.
//
// The prelude runs once, at the first call of prelude() or before the first cell that needs it. Until then
// a cell is type-checked without the toolkit's declarations (the bulk of tslab's first compile): if it
// compiles, it runs at once; if it does not (it may use a toolkit name), nothing of it ran, and it is
// compiled again after the prelude, which then reports its real errors.
import { inspect } from "node:util";
import { formatBundle, isDisplayHandle, setSink } from "../toolkit/display";
import { CellSink } from "./cell-sink";
import { CellExecutor, toCellError, type CellError, type CellOutcome, type SyncHooks } from "./executor";
import { selectBackend } from "./helpers";
import { preludeNames, preludeSource } from "./prelude";
import type { OutputTarget } from "./outputs";
import { saveTypeScriptCodeCache } from "./tslab-typescript";

export interface PreludeResult {
  ok: boolean;
  names: string[];
  error?: string;
}

/**
 * A cell error that left the compute backend unusable (the wasm out-of-memory trap) says so, and from then
 * on every tensor operation is refused (toolkit/compute/unusable.ts) rather than returning wrong numbers.
 */
function withBackendCheck(error: CellError): CellError {
  if (error.ename !== "RuntimeError") return error; // a WebAssembly trap; tfjs loads only then
  const { checkBackendAfter } = require("../toolkit/compute/unusable") as typeof import("../toolkit/compute/unusable");
  const message = checkBackendAfter({ name: error.ename, message: error.evalue });
  return message ? { ...error, traceback: [...error.traceback, "", `polarlab: ${message}`] } : error;
}

export class CellRunner {
  readonly executor: CellExecutor;
  readonly sink: CellSink;
  /** Settles when the prelude has run, whoever started it. */
  readonly preludeLoaded: Promise<PreludeResult>;
  private preludeStarted?: Promise<PreludeResult>;
  private settlePrelude!: (result: PreludeResult) => void;

  private readonly hooks?: SyncHooks;

  constructor(options: { rootDir: string; interactive: boolean; hooks?: SyncHooks }) {
    this.hooks = options.hooks;
    this.executor = new CellExecutor(options.rootDir, options.hooks);
    this.sink = new CellSink(options.interactive);
    setSink(this.sink);
    this.sink.captureStdio();
    this.guardProcess();
    this.preludeLoaded = new Promise((resolve) => (this.settlePrelude = resolve));
  }

  /**
   * Runs the prelude and selects the compute backend; a failure is returned, not thrown (cells still run).
   * An interrupt cannot stop it (the toolkit names would be missing): the kernel applies one sent during
   * start-up to the first cell.
   */
  prelude(): Promise<PreludeResult> {
    this.preludeStarted ??= this.runPrelude().then((result) => {
      this.settlePrelude(result);
      return result;
    });
    return this.preludeStarted;
  }

  private async runPrelude(): Promise<PreludeResult> {
    let names: string[] = [];
    try {
      names = preludeNames();
    } catch (e) {
      return { ok: false, names, error: `the toolkit did not load: ${(e as Error).message}` };
    }
    const locals = this.executor.locals;
    const outcome = await this.executor.run(preludeSource(names, (name) => name in locals), undefined, false);
    await selectBackend();
    saveTypeScriptCodeCache(); // once per TypeScript and Node version: it then holds the prelude's compile too
    this.guardProcess();
    if (outcome.status === "error") return { ok: false, names, error: `${outcome.error.ename}: ${outcome.error.evalue}` };
    return { ok: true, names };
  }

  /** Runs a cell, after the prelude unless the prelude has not started and the cell compiles without it. */
  private async execute(code: string, signal: AbortSignal, name: string | undefined): Promise<CellOutcome> {
    if (this.preludeStarted) await this.preludeStarted;
    else {
      const outcome = await this.executor.run(code, signal, true, name);
      if (outcome.status === "ok" || !outcome.notCompiled) return outcome;
      this.hooks?.idle?.();
      await this.prelude();
    }
    return this.executor.run(code, signal, true, name);
  }

  /**
   * Errors nobody catches (a rejected promise a cell did not await, a throw in a timer) are printed to the
   * cell's stderr instead of ending the process. Listeners that others installed are removed first: the
   * Emscripten runtime of tfjs-backend-wasm rethrows from its own, which would end the kernel.
   */
  guardProcess(): void {
    for (const event of ["uncaughtException", "unhandledRejection"] as const) {
      process.removeAllListeners(event);
      process.on(event, (reason: unknown) => this.sink.stream("stderr", `${event === "uncaughtException" ? "Uncaught exception" : "Unhandled promise rejection"}: ${inspect(reason)}\n`));
    }
  }

  /**
   * Runs one cell, sending its result or error to `target` after every display it made has rendered (a
   * display that failed to render is the cell's error). silent: no execute_result. A display handle as
   * the cell's value shows no result.
   */
  async run(code: string, target: OutputTarget, executionCount: number | null, silent = false): Promise<CellOutcome> {
    const cell = this.sink.begin(target);
    let outcome = await this.execute(code, cell.signal, executionCount === null ? undefined : `Cell In[${executionCount}]`);
    if (!cell.interrupted) await cell.flush();
    cell.finish();
    if (outcome.status === "ok" && cell.failure !== undefined) outcome = { status: "error", error: this.executor.toCellError(cell.failure), interrupted: false };
    if (outcome.status === "ok" && outcome.hasValue && !silent && !isDisplayHandle(outcome.value)) {
      try {
        target.executeResult(await formatBundle(outcome.value), executionCount);
      } catch (e) {
        outcome = { status: "error", error: toCellError(e), interrupted: false };
      }
    }
    if (outcome.status === "error") outcome = { ...outcome, error: withBackendCheck(outcome.error) };
    if (outcome.status === "error") target.error(outcome.error);
    return outcome;
  }

  /**
   * Evaluates an execute_request's user_expressions after its cell (messaging spec 5.3, "Execute"): each
   * name maps to {status: "ok", data, metadata} with the value's MIME bundle, or to the error.
   */
  async evaluate(expressions: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (Object.keys(expressions).length > 0) await this.prelude();
    const results: Record<string, unknown> = {};
    for (const [name, expression] of Object.entries(expressions)) {
      let outcome: CellOutcome;
      if (typeof expression !== "string") {
        const evalue = `user_expressions.${name} is ${JSON.stringify(expression)}; expected a string of TypeScript`;
        outcome = { status: "error", error: { ename: "TypeError", evalue, traceback: [`TypeError: ${evalue}`] }, interrupted: false };
      } else {
        outcome = await this.executor.run(`(${expression}\n)`);
      }
      try {
        results[name] = outcome.status === "ok" ? { status: "ok", data: await formatBundle(outcome.value), metadata: {} } : { status: "error", ...outcome.error };
      } catch (e) {
        results[name] = { status: "error", ...toCellError(e) };
      }
    }
    return results;
  }

  /** Interrupts the running cell: aborts its signal and stops waiting for its promise. */
  interrupt(reason?: string): void {
    this.sink.interrupt(reason);
    this.executor.interrupt();
  }
}
