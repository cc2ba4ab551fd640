// `polarlab run`: executes a notebook's code cells in order through the same CellRunner (tslab executor,
// prelude, display sink) as the kernel, storing outputs as Jupyter does (kernel/notebook-outputs.ts).
// --timeout S interrupts a cell after S seconds, and SIGINT interrupts it, as in the kernel (an interrupt
// thread, kernel/run-guard-thread.ts): busy code included; the run then stops at that cell.
import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { CellRunner } from "./cell-runner";
import { InterruptControl } from "./interrupt-control";
import type { FromRunGuard, ToRunGuard } from "./run-guard-thread";
import { typescriptVersion } from "./helpers";
import { cellSource, injectParameters, prepare, readNotebook, writeNotebook } from "./notebook";
import { NotebookOutputs } from "./notebook-outputs";

export interface RunOptions {
  params?: [string, unknown][];
  outDir?: string;
  timeoutSeconds?: number;
}

export interface RunResult {
  output: string;
  cells: number;
  seconds: number;
  /** "cell 3 (id 1a2b3c4d): TypeError: …" when a cell failed. */
  failure?: string;
}

/** Where the executed notebook goes: DIR/<name>.ipynb, or <name>.out.ipynb beside the input. */
export function outputPath(notebook: string, outDir?: string): string {
  const dir = outDir ?? path.dirname(notebook);
  const target = path.join(dir, path.basename(notebook));
  return path.resolve(target) === path.resolve(notebook) ? target.replace(/(\.ipynb)?$/, ".out.ipynb") : target;
}

export async function runNotebook(notebook: string, options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const nb = prepare(readNotebook(notebook), typescriptVersion());
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
  const guard = startGuard(interrupts, runner, options.timeoutSeconds);
  const prelude = await runner.prelude();
  if (!prelude.ok) process.emitWarning(`polarlab run: the prelude failed (${prelude.error}); cells run without the toolkit names`);
  const outputs = new NotebookOutputs();
  let count = 0;
  let failure: string | undefined;
  for (const [index, cell] of nb.cells.entries()) {
    if (cell.cell_type !== "code") continue;
    const code = cellSource(cell);
    if (code.trim() === "") continue;
    count++;
    cell.execution_count = count;
    outputs.beginCell((cell.outputs = []));
    if (options.timeoutSeconds) guard.post({ kind: "arm", ms: options.timeoutSeconds * 1000 });
    const outcome = await runner.run(code, outputs, count);
    guard.post({ kind: "disarm" });
    interrupts.cellFinished();
    if (outcome.status === "error") {
      failure = `cell ${index + 1} (id ${cell.id}) failed: ${outcome.error.ename}: ${outcome.error.evalue}`;
      break;
    }
  }
  guard.post({ kind: "close" });
  await interrupts.close();
  writeNotebook(output, nb);
  return { output, cells: count, seconds: (performance.now() - started) / 1000, failure };
}

function startGuard(interrupts: InterruptControl, runner: CellRunner, timeoutSeconds: number | undefined): { post(m: ToRunGuard): void } {
  const data = { state: interrupts.state, sigintPort: interrupts.sigintPort };
  const worker = new Worker(path.join(__dirname, "run-guard-thread.js"), { workerData: data, transferList: [interrupts.sigintPort] });
  worker.unref();
  worker.on("message", (m: FromRunGuard) => {
    interrupts.handled();
    runner.interrupt(m.reason === "timeout" ? `timed out after ${timeoutSeconds} s (--timeout)` : "interrupted by SIGINT");
  });
  // Before the watcher is up, a SIGINT reaches this listener instead.
  process.on("SIGINT", () => runner.interrupt("interrupted by SIGINT"));
  return { post: (m) => worker.postMessage(m) };
}
