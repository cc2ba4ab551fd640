// A WebAssembly trap "memory access out of bounds" (how tfjs-backend-wasm runs out of its heap) leaves the
// wasm backend's memory in an unknown state: later operations can return wrong numbers without an error.
// After one, markBackendUnusable makes every tensor operation (tfjs engine: tensor creation, kernels,
// reads) throw BackendUnusableError saying so and how to restart, until the process ends.
import * as tf from "@tensorflow/tfjs";

export class BackendUnusableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackendUnusableError";
  }
}

/** The engine methods every tensor operation goes through. */
const ENGINE_METHODS = ["makeTensor", "makeTensorFromDataId", "makeTensorFromTensorInfo", "runKernel", "readSync", "read", "readToGPU"];

/** True for the wasm out-of-memory trap (a WebAssembly.RuntimeError "memory access out of bounds"). */
function isWasmOutOfMemory(error: { name?: string; message?: string }): boolean {
  return error.name === "RuntimeError" && /memory access out of bounds/.test(error.message ?? "");
}

/**
 * After `error` (a cell's error): when it is the wasm out-of-memory trap and the backend in use is wasm,
 * refuses all later tensor work and returns the explanation to show; otherwise returns undefined.
 */
export function checkBackendAfter(error: { name?: string; message?: string }): string | undefined {
  if (!isWasmOutOfMemory(error) || tf.getBackend() !== "wasm") return undefined;
  const message =
    `the compute backend (wasm) ran out of memory ("${error.message}") and its memory may be corrupted, so results ` +
    "from it could be wrong; polarlab refuses further tensor work. Restart the kernel (Kernel → Restart, or rerun " +
    "`polarlab run`) to continue, and use smaller batches or dispose tensors (tf.tidy) to stay within memory.";
  markBackendUnusable(message);
  return message;
}

/** Makes every later tensor operation throw BackendUnusableError(message). */
export function markBackendUnusable(message: string): void {
  const engine = tf.engine() as unknown as Record<string, unknown>;
  const refuse = () => {
    throw new BackendUnusableError(message);
  };
  for (const method of ENGINE_METHODS) if (typeof engine[method] === "function") engine[method] = refuse;
}
