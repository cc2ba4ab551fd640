// MatMul (BatchMatMul) and _FusedMatMul (bias + activation) on OpenBLAS sgemm, with the shapes,
// broadcasting and attributes of tfjs-backend-cpu/wasm (transposeA/B, bias, activation,
// preluActivationWeights, leakyreluAlpha).
import * as tf from "@tensorflow/tfjs";

import type { NativeAddon } from "./addon";
import { ACTIVATIONS, KernelArgs, lastAxisLength } from "./kernel";
import type { TensorMemory } from "./memory";

interface Product {
  out: tf.TensorInfo;
  rows: number; // every row of the output matrix, batches stacked
  n: number;
}

function product(args: KernelArgs, addon: NativeAddon, memory: TensorMemory): Product | string {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const transposeA = Boolean(args.attrs?.transposeA), transposeB = Boolean(args.attrs?.transposeB);
  if (a.dtype !== "float32" || b.dtype !== "float32") return `dtypes ${a.dtype} x ${b.dtype}`;
  const ra = a.shape.length, rb = b.shape.length;
  if (ra < 2 || rb < 2) return `ranks ${ra} and ${rb} (needs >= 2)`;
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kB = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  if (k !== kB) {
    throw new Error(`Error in matMul: inner shapes (${k}) and (${kB}) of Tensors with shapes ${a.shape} and ` +
      `${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`);
  }
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2)), batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  const outer = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = tf.util.sizeFromShape(outer);
  if ((batchA !== 1 && batchA !== batch) || (batchB !== 1 && batchB !== batch)) {
    return `batch broadcast ${a.shape} x ${b.shape}`;
  }
  const out = memory.output([...outer, m, n]);
  const va = memory.view(a), vb = memory.view(b), vout = memory.view(out);
  if (!va || !vb || !vout) {
    memory.dispose(out);
    return "inputs not in plain float32 memory";
  }
  addon.batchMatMul(va, vb, vout, batch, batchA, batchB, m, n, k, transposeA, transposeB);
  return { out, rows: batch * m, n };
}

export function batchMatMul(args: KernelArgs, addon: NativeAddon, memory: TensorMemory): tf.TensorInfo | string {
  const result = product(args, addon, memory);
  return typeof result === "string" ? result : result.out;
}

/** Why the fused epilogue cannot run natively, or null when it can. */
export function epilogueUnsupported(args: KernelArgs, memory: TensorMemory, outRank: number, n: number): string | null {
  const { bias, preluActivationWeights: prelu } = args.inputs as { bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
  const activation = (args.attrs?.activation as string | undefined) ?? "linear";
  if (!Object.hasOwn(ACTIVATIONS, activation)) return `activation '${activation}'`;
  if (bias && (bias.dtype !== "float32" || lastAxisLength(bias.shape, outRank, n) == null)) return `bias shape ${bias.shape}`;
  if (activation === "prelu" && (!prelu || prelu.dtype !== "float32" || lastAxisLength(prelu.shape, outRank, n) == null)) {
    return `prelu weights shape ${prelu?.shape}`;
  }
  if ((bias && !memory.view(bias)) || (activation === "prelu" && prelu && !memory.view(prelu))) {
    return "bias or prelu weights not in plain float32 memory";
  }
  return null;
}

export function fusedMatMul(args: KernelArgs, addon: NativeAddon, memory: TensorMemory): tf.TensorInfo | string {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const n = Boolean(args.attrs?.transposeB) ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
  const outRank = Math.max(a.shape.length, b.shape.length);
  const unsupported = epilogueUnsupported(args, memory, outRank, n);
  if (unsupported) return unsupported;
  const result = product(args, addon, memory);
  if (typeof result === "string") return result;
  applyEpilogue(args, addon, memory, result.out, result.rows, result.n);
  return result.out;
}

/** x = activation(x + bias) in place, with the attribute names of the fused tfjs kernels (checked by epilogueUnsupported). */
export function applyEpilogue(args: KernelArgs, addon: NativeAddon, memory: TensorMemory, out: tf.TensorInfo,
  rows: number, n: number): void {
  const { bias, preluActivationWeights: prelu } = args.inputs as { bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
  const activation = ACTIVATIONS[(args.attrs?.activation as string | undefined) ?? "linear"];
  if (!bias && activation === ACTIVATIONS.linear) return;
  const alpha = Number(args.attrs?.leakyreluAlpha ?? 0);
  const x = memory.view(out), vb = bias ? memory.view(bias) : null;
  const vp = activation === ACTIVATIONS.prelu && prelu ? memory.view(prelu) : null;
  // epilogueUnsupported checked these views before the output was allocated.
  addon.biasActivation(x as Float32Array, rows, n, vb, activation, vp, alpha);
}
