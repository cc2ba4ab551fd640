// The factors of one logisticProbe call fitted on `threads` threads: the calling thread and threads − 1 worker threads
// (logisticWorker.ts) created for the call and terminated at its end. The factor with the most classes (the slowest
// fit) goes first, to a worker, and each thread takes the next factor as it finishes one. The calling thread takes
// part because its compiled code is warm: a fresh worker spends a few tenths of a second compiling the fit, a cost
// paid per call. The probe's rows are copied to each worker once (workerData); each factor's labels and folds are
// transferred to the worker that fits it, and its predictions back. A fit is deterministic given its inputs, so the
// results are those of probeFactor.ts's fitFactor in the calling thread, bit for bit.
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { Matrix } from "./matrix";
import { fitFactor, ProbeData, FactorJob, FactorFit } from "./probeFactor";
import type { WorkerJob, WorkerReply } from "./logisticWorker";

/** The matrix with its own buffer, so that a view into a larger buffer does not copy all of it to each worker. */
function ownBuffer(m: Matrix): Matrix {
  const { data } = m;
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? m : { rows: m.rows, cols: m.cols, data: data.slice() };
}

/**
 * Fits every job on min(threads, jobs) threads, threads ≥ 2; resolves with the fits in the order of `jobs`. Transfers
 * (and so detaches) the `y` and `fold` buffers of the jobs a worker fits. On an abort of `signal` or on an error,
 * rejects with the signal's reason or that error once the workers are terminated and the calling thread's fit stopped.
 */
export async function fitFactorsInParallel(data: ProbeData, jobs: FactorJob[], threads: number, signal?: AbortSignal): Promise<FactorFit[]> {
  signal?.throwIfAborted();
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b].classes - jobs[a].classes || a - b);
  const stop = new AbortController();
  let next = 0;
  const take = (): number => (stop.signal.aborted || next >= order.length ? -1 : order[next++]);
  const results: FactorFit[] = new Array(jobs.length);
  const shared: ProbeData = { ...data, x: ownBuffer(data.x), xTest: ownBuffer(data.xTest), strengths: [...data.strengths] };
  const workers: Worker[] = [];

  const onWorker = (): Promise<void> => new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, "logisticWorker.js"), { workerData: shared });
    workers.push(worker);
    const send = (): void => {
      const index = take();
      if (index < 0) return resolve();
      const job = jobs[index];
      worker.postMessage({ index, job } satisfies WorkerJob, [job.y.buffer, job.fold.buffer]);
    };
    worker.on("message", (reply: WorkerReply) => {
      if ("error" in reply) return reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
      results[reply.index] = { cv: Array.from(reply.cv), best: reply.best, predicted: reply.predicted };
      send();
    });
    worker.on("error", reject);
    worker.on("exit", (code) => reject(new Error(`logisticProbe: a worker thread exited (code ${code}) before its factors were fitted.`)));
    send();
  });
  // The calling thread's fit stops on `stop`, which an abort of `signal` aborts with the signal's reason.
  const inThread = async (): Promise<void> => {
    for (let index = take(); index >= 0; index = take()) results[index] = await fitFactor(data, jobs[index], stop.signal);
  };

  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      stop.abort(signal!.reason);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  const running = Array.from({ length: Math.min(threads, jobs.length) - 1 }, onWorker);
  const calling = inThread();
  try {
    await Promise.race([Promise.all([...running, calling]), aborted]);
    return results;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    stop.abort();
    await Promise.all([...workers.map((w) => w.terminate()), calling.catch(() => undefined)]);
  }
}
