// Native BLAS kernels for TensorFlow.js: MatMul/BatchMatMul, _FusedMatMul, Conv2D,
// FusedConv2D, Conv2DBackpropInput, Conv2DBackpropFilter on OpenBLAS through an N-API addon
// (native/), plus an Adam optimiser whose update runs natively (adam.ts). Convolutions are
// im2col + SGEMM (Chellapilla, Puri & Simard 2006); Adam is Kingma & Ba (2015), Algorithm 1.
//
// Why the kernels sit on the wasm backend's memory: they read and write the wasm heap in place (no
// copies), and everything left to the backend (elementwise ops, reductions) is far faster on wasm.
// bench/native.ts on this 2-core machine (heavily shared, so figures are noisy): mul+add+exp over
// 12M floats 178 ms wasm vs 1,323 ms cpu; Adam over 11.3M parameters 173 ms tfjs-wasm vs 5,554 ms
// tfjs-cpu. The cpu backend works too (its TypedArrays), for machines where wasm does not load.
import * as tf from "@tensorflow/tfjs";

import { loadNativeAddon } from "./addon";
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput, fusedConv2d } from "./conv";
import type { NativeKernelFunc } from "./kernel";
import { batchMatMul, fusedMatMul } from "./matmul";
import { installKernels, kernelStats, uninstallKernels } from "./registry";

export { loadNativeAddon, defaultAddonPath } from "./addon";
export type { NativeAddon, AddonLoad } from "./addon";
export type { KernelStats } from "./registry";
export { createAdam, NativeAdamOptimizer } from "./adam";

/** The tfjs kernel names this module replaces, with their native implementations. */
export const NATIVE_KERNELS: Record<string, NativeKernelFunc> = {
  BatchMatMul: batchMatMul,
  _FusedMatMul: fusedMatMul,
  Conv2D: conv2d,
  FusedConv2D: fusedConv2d,
  Conv2DBackpropInput: conv2dBackpropInput,
  Conv2DBackpropFilter: conv2dBackpropFilter,
};

const SUPPORTED_BACKENDS = ["wasm", "cpu"];

/**
 * Registers the native kernels for backendName ('wasm' recommended, or 'cpu'), replacing that
 * backend's own kernels, which stay as the fallback for what the native path does not cover
 * (NCHW, exotic broadcasts, non-float32). Import the backend's package and register any kernels
 * polarlab adds to it first, so that they become the fallback. Returns enabled: false and the
 * reason when POLARLAB_NATIVE=0, the addon is missing or fails to load, or the backend is not
 * supported or not registered. Calling again re-installs (it does not stack).
 */
export function enableNativeKernels(backendName: string): { enabled: boolean; reason: string } {
  if (process.env.POLARLAB_NATIVE === "0") return { enabled: false, reason: "disabled by POLARLAB_NATIVE=0" };
  if (!SUPPORTED_BACKENDS.includes(backendName)) {
    return { enabled: false, reason: `native kernels support backends ${SUPPORTED_BACKENDS.join(", ")}, not '${backendName}'` };
  }
  if (!tf.findBackendFactory(backendName)) {
    // Registering first would let the backend's own registrations, made at its import, override ours.
    return { enabled: false, reason: `backend '${backendName}' is not registered yet: import its package first` };
  }
  const { addon, reason } = loadNativeAddon();
  if (!addon) return { enabled: false, reason };
  installKernels(backendName, NATIVE_KERNELS, addon);
  return { enabled: true, reason: `native kernels on '${backendName}': ${reason}` };
}

/** Puts the backend's own kernels back; false when native kernels were not enabled for it. */
export function disableNativeKernels(backendName: string): boolean {
  return uninstallKernels(backendName);
}

/** How many calls of each kernel ran natively or fell back, for backendName. */
export function nativeKernelStats(backendName: string): ReturnType<typeof kernelStats> {
  return kernelStats(backendName);
}
