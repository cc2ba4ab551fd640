// What a native kernel is: a function of the tfjs kernel arguments that either computes the
// result in native memory or returns the reason it cannot (then the original kernel runs).
import * as tf from "@tensorflow/tfjs";

import type { NativeAddon } from "./addon";
import type { TensorMemory } from "./memory";

export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

/** A tensor result, or a string saying why this call falls back to the backend's own kernel. */
export type NativeKernelFunc = (args: KernelArgs, addon: NativeAddon, memory: TensorMemory) => tf.TensorInfo | string;

/** Activation codes of native/src/kernels.h, keyed by the tfjs fused activation names. */
export const ACTIVATIONS: Record<string, number> = {
  linear: 0, relu: 1, relu6: 2, prelu: 3, leakyrelu: 4, sigmoid: 5, elu: 6,
};

/**
 * Length of a per-channel vector (bias, PReLU weights) that broadcasts along the last axis only,
 * i.e. shape [..., 1, n] or [1] with rank <= outRank; null for any other broadcast.
 */
export function lastAxisLength(shape: number[], outRank: number, n: number): number | null {
  if (shape.length > outRank) return null;
  const size = tf.util.sizeFromShape(shape);
  if (size === 1) return 1;
  return shape[shape.length - 1] === n && size === n ? n : null;
}
