// Conv2DBackpropInput (the input gradient of a 2-D convolution, and the forward pass of a transposed convolution:
// the decoders' "deconv" layers) composed from wasm's fast kernels. tfjs-backend-wasm 4.22 runs it as a plain loop
// (≈2.4 s per conv β-VAE step here). dx[b, i, j, ci] = Σ dy[b, oh, ow, co]·W[kh, kw, ci, co] over i = oh·s + kh − top,
// j = ow·s + kw − left, which is a stride-1 convolution of dy upsampled by s (zeros between rows and columns) with
// the filter rotated by 180° and its channel axes swapped; that convolution runs in XNNPACK.
import * as tf from "@tensorflow/tfjs";
import { KernelComposer } from "./compose";

const WRAPPED = Symbol.for("polarlab.backpropInputWrapped");

interface Attrs {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  inputShape: [number, number, number, number];
}

/** Inserts s − 1 zeros after every row (axis 1) of a [rows, 1, inner] view: [a, b, c] → [a·s, b, c]. */
function upsampleAxis(k: KernelComposer, x: tf.TensorInfo, outer: number, inner: number, s: number): tf.TensorInfo {
  if (s === 1) return x;
  const view = k.run("Reshape", { x }, { shape: [outer, 1, inner] });
  return k.run("PadV2", { x: view }, { paddings: [[0, 0], [0, s - 1], [0, 0]], constantValue: 0 });
}

/** Takes rows [start, end) of axis 1 and columns [cStart, cEnd) of axis 2, zero-padding where they fall outside. */
function window(k: KernelComposer, x: tf.TensorInfo, start: number, end: number, cStart: number, cEnd: number): tf.TensorInfo {
  const [b, h, w, c] = x.shape;
  const r0 = Math.max(0, start), r1 = Math.min(h, end), c0 = Math.max(0, cStart), c1 = Math.min(w, cEnd);
  const inside = r0 === 0 && r1 === h && c0 === 0 && c1 === w ? x : k.run("Slice", { x }, { begin: [0, r0, c0, 0], size: [b, r1 - r0, c1 - c0, c] });
  const pads = [[0, 0], [r0 - start, end - r1], [c0 - cStart, cEnd - c1], [0, 0]];
  return pads.flat().some((p) => p > 0) ? k.run("PadV2", { x: inside }, { paddings: pads, constantValue: 0 }) : inside;
}

export function conv2dBackpropInputWrapper(original: tf.KernelConfig): tf.KernelConfig | undefined {
  if ((original.kernelFunc as unknown as Record<symbol, boolean>)[WRAPPED]) return undefined;
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const a = attrs as unknown as Attrs;
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    if (a.dataFormat === "NCHW") return original.kernelFunc({ inputs, backend, attrs });
    const c = tf.backend_util.computeConv2DInfo(a.inputShape, filter.shape as [number, number, number, number], a.strides, 1, a.pad, a.dimRoundingMode, false, "channelsLast");
    const k = new KernelComposer(backend as tf.KernelBackend, original.backendName);
    const [b, oh, ow, co] = dy.shape;
    const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, inHeight: h, inWidth: w, inChannels: ci } = c;
    // Zeros between rows, then between columns: [b, oh·sh, ow·sw, co] (trailing zeros are trimmed by `window`).
    const rows = k.run("Reshape", { x: upsampleAxis(k, dy, b * oh, ow * co, sh) }, { shape: [b, oh * sh, ow, co] });
    const up = k.run("Reshape", { x: upsampleAxis(k, rows, b * oh * sh * ow, co, sw) }, { shape: [b, oh * sh, ow * sw, co] });
    const top = kh - 1 - c.padInfo.top;
    const left = kw - 1 - c.padInfo.left;
    const framed = window(k, up, -top, h + kh - 1 - top, -left, w + kw - 1 - left);
    const flipped = k.run("Reverse", { x: filter }, { dims: [0, 1] });
    const rotated = k.run("Transpose", { x: flipped }, { perm: [0, 1, 3, 2] }); // [kh, kw, co, ci]
    const dx = k.run("Conv2D", { x: framed, filter: rotated }, { strides: [1, 1], pad: "valid", dataFormat: "NHWC", dilations: [1, 1] });
    if (dx.shape[3] !== ci) throw new Error(`Conv2DBackpropInput (polarlab): produced ${dx.shape[3]} channels, expected ${ci}`);
    return k.release(dx);
  };
  (kernelFunc as unknown as Record<symbol, boolean>)[WRAPPED] = true;
  return { ...original, kernelFunc };
}
