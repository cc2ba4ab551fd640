// What `polarlab main` and `polarlab study` learn about the compute path at start: the backend is selected in this
// process, as the runs will select it, and the one-line notice (toolkit/compute/native/notice.ts) is printed when
// training will run without the native kernels.
import { writeSync } from "node:fs";
import type { ComputePath } from "./timings";

/**
 * Selects the compute backend, writes the slow-path notice to stderr when one is due, and returns it with the
 * compute path (native TensorFlow, the native kernels, or neither).
 */
export async function announceSlowPath(): Promise<{ notice?: string; compute: ComputePath }> {
  const compute = require("../../toolkit/compute") as typeof import("../../toolkit/compute");
  try {
    await compute.ensureBackend();
  } catch {
    return { compute: "plain" }; // no backend at all: the run itself fails with the reason
  }
  const report = compute.backendReport();
  const notice = compute.slowPathNotice(report);
  if (notice) writeSync(2, `${notice}\n`);
  const path: ComputePath = report?.backend === "tensorflow" ? "tensorflow" : report?.native?.enabled ? "native" : "plain";
  return { notice, compute: path };
}
