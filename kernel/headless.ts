// `polarlab run`: executes a notebook's code cells in order through the same CellRunner (tslab executor,
// prelude, display sink) as the kernel, storing outputs as Jupyter does (kernel/notebook-outputs.ts).
// --timeout S interrupts a cell after S seconds, and SIGINT interrupts it, as in the kernel (an interrupt
// thread, kernel/run-guard-thread.ts): busy code included; the run then stops at that cell. SIGTERM, which
// the parent process passes on through the control pipe (kernel/commands/supervisor.ts), interrupts the
// running cell the same way and stops the run. The executed notebook is written before the first cell and
// after every cell (papermill does the same), so a run killed in native code leaves every finished cell.
import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { CellRunner } from "./cell-runner";
import { InterruptControl } from "./interrupt-control";
import type { FromRunGuard, ToRunGuard } from "./run-guard-thread";
import { typescriptVersion } from "./versions";
import { cellSource, injectParameters, prepare, writeNotebook, type Notebook } from "./notebook";
import { NotebookOutputs } from "./notebook-outputs";

export interface RunOptions {
  params?: [string, unknown][];
  outDir?: string;
  timeoutSeconds?: number;
  /** The control pipe of the supervising parent (kernel/commands/supervisor.ts). */
  controlFd?: number;
}

export interface RunResult {
  output: string;
  cells: number;
  seconds: number;
  /** "cell 3 (id 1a2b3c4d): TypeError: …" when a cell failed. */
  failure?: string;
  /** True when SIGTERM stopped the run. */
  terminated: boolean;
}

/** Where the executed notebook goes: DIR/<name>.ipynb, or <name>.out.ipynb beside the input. */
export function outputPath(notebook: string, outDir?: string): string {
  const dir = outDir ?? path.dirname(notebook);
  const target = path.join(dir, path.basename(notebook));
  return path.resolve(target) === path.resolve(notebook) ? target.replace(/(\.ipynb)?$/, ".out.ipynb") : target;
}

/** Executes `source` (read from the file `notebook`, whose directory the cells run in); params are checked by the caller. */
export async function runNotebook(notebook: string, source: Notebook, options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const nb = prepare(source, typescriptVersion());
  injectParameters(nb, options.params ?? []);
  // Every output comes from this run: a cell that does not run (after a failure or an interrupt) is
  // left empty, never with an earlier run's outputs.
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    cell.outputs = [];
    cell.execution_count = null;
  }
  const output = outputPath(notebook, options.outDir);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  // Cells see the notebook's directory as their working directory, as under Jupyter.
  process.chdir(path.dirname(notebook));
  const interrupts = new InterruptControl();
  const runner = new CellRunner({ rootDir: path.dirname(notebook), interactive: false, hooks: interrupts });
  // A signal stops the run: the running cell is interrupted, and one that came before a cell started
  // (the prelude cannot be interrupted) stops the run before that cell.
  let stopped: string | undefined;
  let terminated = false;
  const stop = (reason: string, stopsRun = true) => {
    if (stopsRun) stopped ??= reason;
    runner.interrupt(reason);
  };
  const terminate = () => {
    terminated = true;
    stop("terminated by SIGTERM");
  };
  const guard = startGuard(interrupts, options, stop, terminate);
  process.on("SIGTERM", terminate);
  writeNotebook(output, nb);
  const prelude = await runner.prelude();
  if (!prelude.ok) process.emitWarning(`polarlab run: the prelude failed (${prelude.error}); cells run without the toolkit names`);
  const outputs = new NotebookOutputs();
  let count = 0;
  let failure: string | undefined;
  for (const [index, cell] of nb.cells.entries()) {
    if (cell.cell_type !== "code") continue;
    const code = cellSource(cell);
    if (code.trim() === "") continue;
    if (stopped) {
      failure = `${stopped} before cell ${index + 1} (id ${cell.id})`;
      break;
    }
    count++;
    cell.execution_count = count;
    outputs.beginCell((cell.outputs = []));
    if (options.timeoutSeconds) guard.post({ kind: "arm", ms: options.timeoutSeconds * 1000 });
    const outcome = await runner.run(code, outputs, count);
    guard.post({ kind: "disarm" });
    interrupts.cellFinished();
    writeNotebook(output, nb);
    if (outcome.status === "error") {
      failure = `cell ${index + 1} (id ${cell.id}) failed: ${outcome.error.ename}: ${outcome.error.evalue}`;
      break;
    }
  }
  guard.post({ kind: "close" });
  await interrupts.close();
  process.off("SIGTERM", terminate);
  return { output, cells: count, seconds: (performance.now() - started) / 1000, failure, terminated };
}

/**
 * Starts the interrupt thread; `stop` interrupts the running cell (a timeout only that cell, SIGINT the run),
 * `terminate` stops the run for SIGTERM.
 */
function startGuard(
  interrupts: InterruptControl,
  { timeoutSeconds, controlFd }: RunOptions,
  stop: (reason: string, stopsRun?: boolean) => void,
  terminate: () => void,
): { post(m: ToRunGuard): void } {
  const data = { state: interrupts.state, sigintPort: interrupts.sigintPort, controlFd };
  const worker = new Worker(path.join(__dirname, "run-guard-thread.js"), { workerData: data, transferList: [interrupts.sigintPort] });
  worker.unref();
  worker.on("message", (m: FromRunGuard) => {
    interrupts.handled();
    if (m.reason === "timeout") stop(`timed out after ${timeoutSeconds} s (--timeout)`, false);
    else if (m.reason === "sigterm") terminate();
    else stop("interrupted by SIGINT");
  });
  // Before the watcher is up, a SIGINT reaches this listener instead.
  process.on("SIGINT", () => stop("interrupted by SIGINT"));
  return { post: (m) => worker.postMessage(m) };
}
