// Worker thread of logisticProbe (probe.ts, threads > 1; logisticPool.ts): fits the factors it is sent, one at a time,
// with probeFactor.ts's fitFactor on the probe's shared rows (workerData), and posts back each factor's
// cross-validated accuracies, chosen strength and held-out predictions, or the error it raised. It holds no state
// between calls of logisticProbe: its workers are created for one call and terminated at its end.
import { parentPort, workerData } from "node:worker_threads";
import { fitFactor, ProbeData, FactorJob } from "./probeFactor";

/** A factor to fit, by its position in the probe's labels. */
export interface WorkerJob { index: number; job: FactorJob; }

/** The answer for one job: its fit, or the error it raised (name and message). */
export type WorkerReply =
  | { index: number; cv: Float64Array; best: number; predicted: Int32Array }
  | { index: number; error: { name: string; message: string } };

const port = parentPort;
if (!port) throw new Error("logisticWorker: this module runs as a worker thread of logisticProbe; import probe.ts instead.");
const data = workerData as ProbeData;

port.on("message", async ({ index, job }: WorkerJob) => {
  try {
    const fit = await fitFactor(data, job);
    const cv = Float64Array.from(fit.cv);
    const reply: WorkerReply = { index, cv, best: fit.best, predicted: fit.predicted };
    port.postMessage(reply, [cv.buffer, fit.predicted.buffer]);
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, message: e.message } : { name: "Error", message: String(e) };
    port.postMessage({ index, error } satisfies WorkerReply);
  }
});
