// Kernels polarlab adds to backends that lack them, or puts in front of slow ones, so that every operation the
// toolkit's models need for training runs, and runs fast, there (docs/decisions.md, "Backends"). Each is composed from kernels the
// backend has; tests compare them with the `cpu` backend.
import * as tf from "@tensorflow/tfjs";
import { transposingBatchMatMul } from "./batchMatMul";
import { conv2dBackpropFilterKernel } from "./conv2dBackpropFilter";
import { conv2dBackpropInputWrapper } from "./conv2dBackpropInput";
import { sharedIdentity } from "./identity";
import { sumLeadingAxesWrapper } from "./sumLeadingAxes";

/** Kernels registered only where the backend has none. */
const MISSING: Array<(backendName: string) => tf.KernelConfig> = [conv2dBackpropFilterKernel];

/** Wrappers put in front of a backend's own kernel, by backend. */
const WRAPPERS: Record<string, Array<{ kernelName: string; wrap: (original: tf.KernelConfig) => tf.KernelConfig | undefined }>> = {
  wasm: [
    { kernelName: "BatchMatMul", wrap: transposingBatchMatMul },
    { kernelName: "Conv2DBackpropInput", wrap: conv2dBackpropInputWrapper },
    { kernelName: "Identity", wrap: sharedIdentity },
    { kernelName: "Sum", wrap: sumLeadingAxesWrapper },
  ],
};

export interface KernelPatches {
  /** Kernels the backend lacked, now registered. */
  added: string[];
  /** Kernels of the backend now wrapped by a faster composition. */
  wrapped: string[];
}

/** Registers the kernels `backendName` lacks and wraps its slow ones; idempotent. */
export function patchBackendKernels(backendName: string): KernelPatches {
  const added: string[] = [];
  const wrapped: string[] = [];
  for (const make of MISSING) {
    const config = make(backendName);
    if (tf.getKernel(config.kernelName, backendName)) continue;
    tf.registerKernel(config);
    added.push(config.kernelName);
  }
  for (const { kernelName, wrap } of WRAPPERS[backendName] ?? []) {
    const original = tf.getKernel(kernelName, backendName);
    const replacement = original && wrap(original);
    if (!replacement) continue;
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel(replacement);
    wrapped.push(kernelName);
  }
  return { added, wrapped };
}

/** The kernels `backendName` lacked, now registered (the wrappers of patchBackendKernels are applied too). */
export function registerMissingKernels(backendName: string): string[] {
  return patchBackendKernels(backendName).added;
}
