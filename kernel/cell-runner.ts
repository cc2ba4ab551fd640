// The cell pipeline shared by the kernel and `polarlab run`: one tslab executor, one display sink, the
// prelude, and run(code) that sends the last expression's value (formatted by toolkit/display's
// formatBundle, as display() does) or the error to an OutputTarget.
import { inspect } from "node:util";
import { formatBundle, setSink } from "../toolkit/display";
import { CellSink } from "./cell-sink";
import { CellExecutor, toCellError, type CellOutcome, type SyncHooks } from "./executor";
import { selectBackend } from "./helpers";
import { preludeNames, preludeSource } from "./prelude";
import type { OutputTarget } from "./outputs";

export interface PreludeResult {
  ok: boolean;
  names: string[];
  error?: string;
}

export class CellRunner {
  readonly executor: CellExecutor;
  readonly sink: CellSink;

  constructor(options: { rootDir: string; interactive: boolean; hooks?: SyncHooks }) {
    this.executor = new CellExecutor(options.rootDir, options.hooks);
    this.sink = new CellSink(options.interactive);
    setSink(this.sink);
    this.sink.captureStdio();
    this.guardProcess();
  }

  /** Runs the prelude and selects the compute backend; a failure is returned, not thrown (cells still run). */
  async prelude(): Promise<PreludeResult> {
    let names: string[] = [];
    try {
      names = preludeNames();
    } catch (e) {
      return { ok: false, names, error: `the toolkit did not load: ${(e as Error).message}` };
    }
    const quiet: OutputTarget = { stream() {}, display() {}, clearOutput() {}, executeResult() {}, error() {} };
    const outcome = await this.run(preludeSource(names), quiet, null);
    await selectBackend();
    this.guardProcess();
    if (outcome.status === "error") return { ok: false, names, error: `${outcome.error.ename}: ${outcome.error.evalue}` };
    return { ok: true, names };
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

  /** Runs one cell, sending its result or error to `target`. silent: no execute_result. */
  async run(code: string, target: OutputTarget, executionCount: number | null, silent = false): Promise<CellOutcome> {
    const signal = this.sink.begin(target);
    let outcome = await this.executor.run(code, signal);
    if (outcome.status === "ok" && outcome.hasValue && !silent) {
      try {
        target.executeResult(await formatBundle(outcome.value), executionCount);
      } catch (e) {
        outcome = { status: "error", error: toCellError(e), interrupted: false };
      }
    }
    if (outcome.status === "error") target.error(outcome.error);
    return outcome;
  }

  /** Interrupts the running cell: aborts its signal and stops waiting for its promise. */
  interrupt(reason?: string): void {
    this.sink.interrupt(reason);
    this.executor.interrupt();
  }
}
