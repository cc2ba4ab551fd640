// Conv2DBackpropFilter (the gradient of a 2-D convolution with respect to its filter) for backends that lack it
// (tfjs-backend-wasm 4.22). dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·s + kh − padTop, ow·s + kw − padLeft, ci] ·
// dy[b, oh, ow, co] is itself a convolution: with the batch and channel axes swapped, xᵀ[ci, h, w, b] convolved
// (stride 1, dilation s) with the filter dyᵀ[oh, ow, b, co] gives [ci, kh, kw, co]. So it runs in the backend's
// fast Conv2D (XNNPACK on wasm); an earlier im2col version built from strided slices was ~30× slower there.
import * as tf from "@tensorflow/tfjs";
import { KernelComposer } from "./compose";

interface Conv2DBackpropFilterAttrs {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  filterShape: [number, number, number, number];
}

export function conv2dBackpropFilterKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: "Conv2DBackpropFilter",
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const a = attrs as unknown as Conv2DBackpropFilterAttrs;
      if (a.dataFormat === "NCHW") throw new Error("Conv2DBackpropFilter (polarlab): dataFormat NCHW is not supported, use NHWC");
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, "channelsLast",
      );
      return filterGradient(new KernelComposer(backend as tf.KernelBackend, backendName), x, dy, info);
    },
  };
}

function filterGradient(k: KernelComposer, x: tf.TensorInfo, dy: tf.TensorInfo, c: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { batchSize: b, inHeight: h, inWidth: w, inChannels: ci } = c;
  const { outHeight: oh, outWidth: ow, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = c;
  const top = c.padInfo.top;
  const left = c.padInfo.left;
  // Rows/columns the windows reach: [0, (k − 1) + (o − 1)·s]; pad up to there, or crop what no window reads.
  const needH = kh + (oh - 1) * sh;
  const needW = kw + (ow - 1) * sw;
  const bottom = needH - h - top;
  const right = needW - w - left;
  const cropped = bottom < 0 || right < 0
    ? k.run("Slice", { x }, { begin: [0, 0, 0, 0], size: [b, h + Math.min(0, bottom), w + Math.min(0, right), ci] })
    : x;
  const xT = k.run("Transpose", { x: cropped }, { perm: [3, 1, 2, 0] }); // [ci, h, w, b]
  const dyT = k.run("Transpose", { x: dy }, { perm: [1, 2, 0, 3] }); // [oh, ow, b, co]
  const pad = [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]];
  const grad = k.run("Conv2D", { x: xT, filter: dyT }, { strides: [1, 1], pad, dataFormat: "NHWC", dilations: [sh, sw] });
  return k.release(k.run("Transpose", { x: grad }, { perm: [1, 2, 0, 3] })); // [kh, kw, ci, co]
}
