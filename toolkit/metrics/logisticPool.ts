// The factors of one logisticProbe call fitted on a pool of worker threads (logisticWorker.ts) created for the call
// and terminated at its end: the factor with the most classes (the slowest fit) goes first, and each worker takes
// the next factor as it finishes one. The probe's rows are copied to each worker once (workerData); each factor's
// labels and folds are transferred to the worker that fits it, and its predictions back. A fit is deterministic
// given its inputs, so the results are those of probeFactor.ts's fitFactor in the calling thread, bit for bit.
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { Matrix } from "./matrix";
import type { ProbeData, FactorJob, FactorFit } from "./probeFactor";
import type { WorkerJob, WorkerReply } from "./logisticWorker";

/** The matrix with its own buffer, so that a view into a larger buffer does not copy all of it to each worker. */
function ownBuffer(m: Matrix): Matrix {
  const { data } = m;
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? m : { rows: m.rows, cols: m.cols, data: data.slice() };
}

/**
 * Fits every job on min(threads, jobs) workers; resolves with the fits in the order of `jobs`. Transfers (and so
 * detaches) each job's `y` and `fold` buffers. On an abort of `signal` or on a worker's error, terminates every worker
 * and rejects with the signal's reason or that error.
 */
export function fitFactorsInWorkers(data: ProbeData, jobs: FactorJob[], threads: number, signal?: AbortSignal): Promise<FactorFit[]> {
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b].classes - jobs[a].classes || a - b);
  const shared: ProbeData = { ...data, x: ownBuffer(data.x), xTest: ownBuffer(data.xTest), strengths: [...data.strengths] };
  const results: FactorFit[] = new Array(jobs.length);
  const workers: Worker[] = [];
  return new Promise<FactorFit[]>((resolve, reject) => {
    let next = 0;
    let done = 0;
    let settled = false;
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      void Promise.all(workers.map((w) => w.terminate())).then(() => (error === undefined ? resolve(results) : reject(error)));
    };
    const onAbort = () => finish(signal!.reason);
    const dispatch = (worker: Worker): void => {
      if (next >= order.length) return;
      const index = order[next++];
      const job = jobs[index];
      worker.postMessage({ index, job } satisfies WorkerJob, [job.y.buffer, job.fold.buffer]);
    };
    if (signal?.aborted) return finish(signal.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    for (let t = 0; t < Math.min(threads, jobs.length); t++) {
      const worker = new Worker(path.join(__dirname, "logisticWorker.js"), { workerData: shared });
      workers.push(worker);
      worker.on("message", (reply: WorkerReply) => {
        if ("error" in reply) return finish(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
        results[reply.index] = { cv: Array.from(reply.cv), best: reply.best, predicted: reply.predicted };
        if (++done === jobs.length) finish();
        else dispatch(worker);
      });
      worker.on("error", (e) => finish(e));
      worker.on("exit", (code) => finish(new Error(`logisticProbe: a worker thread exited (code ${code}) before its factors were fitted.`)));
      dispatch(worker);
    }
  });
}
