// The local executor: runs the tasks as `polarlab train` child processes, `jobs` at a time, each with
// `threads` OpenBLAS threads (default ⌊cores / jobs⌋), output to the task's log. A task that exits non-zero stays
// unfinished. With the native addon, OpenBLAS sums in a different order for another thread count, so runs are
// bitwise reproducible across job counts only at the same thread count (the wasm backend does not depend on it).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import { POLARLAB_BIN } from "../kernelspec";
import type { Task } from "./tasks";

export interface LocalOptions {
  jobs: number;
  /** OpenBLAS threads per training process (default ⌊cores / jobs⌋, at least 1). */
  threads?: number;
  signal?: AbortSignal;
  /** Called after each task ends, with the counts so far. */
  onProgress?: (done: number, failed: number, total: number) => void;
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
  const threads = options.threads ?? Math.max(1, Math.floor(os.availableParallelism() / options.jobs));
  const failed: Task[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < tasks.length && !options.signal?.aborted) {
      const task = tasks[next++];
      const code = await runTask(task, threads, options.signal);
      if (code !== 0) failed.push(task);
      done += 1;
      options.onProgress?.(done, failed.length, tasks.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, tasks.length) }, worker));
  return failed;
}
