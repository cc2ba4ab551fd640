// The one line `polarlab main` and `polarlab study` print at start when training will run without the native
// kernels (toolkit/compute/native/notice.ts): selects the backend in this process, as the runs will.
import { writeSync } from "node:fs";

/** Selects the compute backend and writes the slow-path notice to stderr when one is due; returns it. */
export async function announceSlowPath(): Promise<string | undefined> {
  const compute = require("../../toolkit/compute") as typeof import("../../toolkit/compute");
  try {
    await compute.ensureBackend();
  } catch {
    return undefined; // no backend at all: the run itself fails with the reason
  }
  const notice = compute.slowPathNotice(compute.backendReport());
  if (notice) writeSync(2, `${notice}\n`);
  return notice;
}
