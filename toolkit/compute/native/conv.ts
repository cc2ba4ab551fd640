// Conv2D, FusedConv2D, Conv2DBackpropInput and Conv2DBackpropFilter for NHWC float32 tensors as
// im2col + OpenBLAS sgemm (native/src/kernels.cc). Geometry comes from tfjs's own
// backend_util.computeConv2DInfo, so strides, dilations, 'same'/'valid'/explicit/numeric padding
// and dimRoundingMode match tfjs-backend-cpu exactly; NCHW falls back to the backend's kernel.
import * as tf from "@tensorflow/tfjs";

import type { NativeAddon } from "./addon";
import { KernelArgs } from "./kernel";
import { applyEpilogue, epilogueUnsupported } from "./matmul";
import type { TensorMemory } from "./memory";

type ConvInfo = tf.backend_util.Conv2DInfo;
type Pad = "valid" | "same" | number | tf.backend_util.ExplicitPadding;
type Rounding = "floor" | "round" | "ceil" | undefined;

interface ConvAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat?: "NHWC" | "NCHW";
  dilations?: number | [number, number];
  dimRoundingMode?: Rounding;
}

/** The 15 integers native/src/addon.cc expects, from a tfjs Conv2DInfo. */
function dims(info: ConvInfo): number[] {
  return [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.filterHeight, info.filterWidth,
    info.outChannels, info.outHeight, info.outWidth, info.strideHeight, info.strideWidth, info.dilationHeight,
    info.dilationWidth, info.padInfo.top, info.padInfo.left];
}

function convInfo(xShape: number[], filterShape: number[], attrs: ConvAttrs, dilations: number | [number, number]): ConvInfo | string {
  if ((attrs.dataFormat ?? "NHWC") !== "NHWC") return `dataFormat ${attrs.dataFormat}`;
  if (xShape.length !== 4 || filterShape.length !== 4) return `shapes ${xShape} and ${filterShape} (needs rank 4)`;
  return tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number],
    filterShape as [number, number, number, number], attrs.strides, dilations, attrs.pad, attrs.dimRoundingMode,
    false, "channelsLast");
}

function float32(...infos: tf.TensorInfo[]): string | null {
  const bad = infos.find((t) => t.dtype !== "float32");
  return bad ? `dtype ${bad.dtype}` : null;
}

/** Allocates the output, then runs one native call on views taken after the allocation. */
function run(memory: TensorMemory, outShape: number[], inputs: tf.TensorInfo[],
  call: (views: Float32Array[], out: Float32Array) => void): tf.TensorInfo | string {
  const out = memory.output(outShape);
  const views = inputs.map((t) => memory.view(t)), vout = memory.view(out);
  if (!vout || views.some((v) => v == null)) {
    memory.dispose(out);
    return "inputs not in plain float32 memory";
  }
  call(views as Float32Array[], vout);
  return out;
}

export function conv2d(args: KernelArgs, addon: NativeAddon, memory: TensorMemory): tf.TensorInfo | string {
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs;
  const info = float32(x, filter) ?? convInfo(x.shape, filter.shape, attrs, attrs.dilations ?? 1);
  if (typeof info === "string") return info;
  return run(memory, info.outShape, [x, filter], ([vx, vw], out) => addon.conv2d(vx, vw, out, dims(info)));
}

export function fusedConv2d(args: KernelArgs, addon: NativeAddon, memory: TensorMemory): tf.TensorInfo | string {
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs;
  const info = float32(x, filter) ?? convInfo(x.shape, filter.shape, attrs, attrs.dilations ?? 1);
  if (typeof info === "string") return info;
  const unsupported = epilogueUnsupported(args, memory, 4, info.outChannels);
  if (unsupported) return unsupported;
  const out = run(memory, info.outShape, [x, filter], ([vx, vw], y) => addon.conv2d(vx, vw, y, dims(info)));
  if (typeof out === "string") return out;
  applyEpilogue(args, addon, memory, out, tf.util.sizeFromShape(info.outShape) / info.outChannels, info.outChannels);
  return out;
}

/** Gradient of conv2d with respect to its input; also the forward pass of conv2dTranspose. */
export function conv2dBackpropInput(args: KernelArgs, addon: NativeAddon, memory: TensorMemory): tf.TensorInfo | string {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { inputShape: number[] };
  const info = float32(dy, filter) ?? convInfo(attrs.inputShape, filter.shape, attrs, 1);
  if (typeof info === "string") return info;
  if (!tf.util.arraysEqual(info.outShape, dy.shape)) return `dy shape ${dy.shape} differs from the forward output ${info.outShape}`;
  return run(memory, info.inShape, [dy, filter], ([vdy, vw], dx) => addon.conv2dBackpropInput(vdy, vw, dx, dims(info)));
}

export function conv2dBackpropFilter(args: KernelArgs, addon: NativeAddon, memory: TensorMemory): tf.TensorInfo | string {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { filterShape: number[] };
  const info = float32(x, dy) ?? convInfo(x.shape, attrs.filterShape, attrs, 1);
  if (typeof info === "string") return info;
  if (!tf.util.arraysEqual(info.outShape, dy.shape)) return `dy shape ${dy.shape} differs from the forward output ${info.outShape}`;
  return run(memory, attrs.filterShape, [x, dy], ([vx, vdy], dw) => addon.conv2dBackpropFilter(vx, vdy, dw, dims(info)));
}
