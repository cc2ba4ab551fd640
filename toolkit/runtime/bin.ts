// This installation's `polarlab` command: what the kernelspec starts and what the executors run as training processes.
import * as path from "node:path";

/** bin/polarlab.js of this installation (this file runs from dist/toolkit/runtime). */
export const POLARLAB_BIN = path.resolve(__dirname, "..", "..", "..", "bin", "polarlab.js");
