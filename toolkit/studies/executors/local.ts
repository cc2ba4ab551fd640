// The local executor: runs the tasks as `polarlab train` child processes, `jobs` at a time, each with
// `threads` OpenBLAS threads (default ⌊cores / jobs⌋), output to the task's log, optionally with a live progress
// display (./progress.ts). A task that exits non-zero stays unfinished. With the native addon, OpenBLAS sums in a
// different order for another thread count, so runs are bitwise reproducible across job counts only at the same
// thread count (the wasm backend does not depend on it).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import { POLARLAB_BIN } from "../../runtime/bin";
import { SweepProgress } from "./progress";
import type { Task } from "./tasks";

export interface LocalOptions {
  jobs: number;
  /** OpenBLAS threads per training process (default ⌊cores / jobs⌋, at least 1). */
  threads?: number;
  signal?: AbortSignal;
  /** Shows the sweep's live progress (SweepProgress) under this label, refreshed every second. */
  progress?: string;
}

function runTask(task: Task, threads: number, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const log = fs.openSync(task.log, "a");
    const child = spawn(process.execPath, [POLARLAB_BIN, "train", task.specFile, "--out", task.dir], {
      stdio: ["ignore", log, log],
      env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), POLARLAB_QUIET: "1" },
    });
    const stop = () => child.kill("SIGINT");
    signal?.addEventListener("abort", stop, { once: true });
    child.on("error", reject);
    child.on("close", (code) => {
      signal?.removeEventListener("abort", stop);
      fs.closeSync(log);
      resolve(code ?? 1);
    });
  });
}

/** Runs every task; resolves to the tasks that failed. */
export async function runLocal(tasks: Task[], options: LocalOptions): Promise<Task[]> {
  if (!Number.isInteger(options.jobs) || options.jobs < 1) throw new RangeError(`runLocal: jobs must be a positive integer, got ${JSON.stringify(options.jobs)}`);
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) {
    throw new RangeError(`runLocal: threads must be a positive integer, got ${JSON.stringify(options.threads)}`);
  }
  const threads = options.threads ?? Math.max(1, Math.floor(os.availableParallelism() / options.jobs));
  const failed: Task[] = [];
  const view = options.progress === undefined ? undefined : new SweepProgress(options.progress, tasks);
  const refresh = () => view?.refresh({ failed: new Set(failed.map((t) => t.hash)) });
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && !options.signal?.aborted) {
      const task = tasks[next++];
      const code = await runTask(task, threads, options.signal);
      if (code !== 0) failed.push(task);
      refresh();
    }
  };
  refresh();
  const timer = view ? setInterval(refresh, 1000) : undefined;
  try {
    await Promise.all(Array.from({ length: Math.min(options.jobs, tasks.length) }, worker));
  } finally {
    clearInterval(timer);
  }
  return failed;
}
