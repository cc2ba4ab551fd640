// Gradients through a small conv + dense + deconv net computed by tfjs autodiff with the native
// kernels (wasm) against the same net on the tfjs cpu backend, and the cpu-backend memory path.
import * as assert from "node:assert/strict";
import { describe, test } from "node:test";

import * as tf from "@tensorflow/tfjs";

import { disableNativeKernels, enableNativeKernels, loadNativeAddon, nativeKernelStats } from "../../../../toolkit/compute/native";
import { assertClose, on, seeded } from "./helpers";

const load = loadNativeAddon();

const SHAPES = { x: [4, 8, 8, 2], w1: [4, 4, 2, 4], b1: [4], w2: [64, 32], b2: [32], w3: [4, 4, 2, 2] };

/** encoder conv (FusedConv2D, relu) -> dense (_FusedMatMul, elu) -> deconv (Conv2DBackpropInput) -> squared loss. */
function loss(x: tf.Tensor, w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor, w3: tf.Tensor): tf.Scalar {
  const h = tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w1 as tf.Tensor4D, strides: 2, pad: "same", bias: b1, activation: "relu" });
  const z = tf.fused.matMul({ a: tf.reshape(h, [4, 64]), b: w2 as tf.Tensor2D, bias: b2, activation: "elu" });
  const y = tf.conv2dTranspose(tf.reshape(z, [4, 4, 4, 2]) as tf.Tensor4D, w3 as tf.Tensor4D, [4, 8, 8, 2], 2, "same");
  return tf.mean(tf.square(tf.sub(y, x)));
}

function gradients(): tf.Tensor[] {
  const inputs = Object.entries(SHAPES).map(([, shape], i) => tf.tensor(seeded(tf.util.sizeFromShape(shape), 100 + i), shape));
  const { value, grads } = tf.valueAndGrads((...args: tf.Tensor[]) => loss(args[0], args[1], args[2], args[3], args[4], args[5]))(inputs);
  return [value, ...grads];
}

describe("gradients with native kernels", { skip: load.addon ? false : load.reason }, () => {
  test("every input's gradient on wasm+native matches the cpu backend", async () => {
    const expected = await on("cpu", gradients);
    assert.ok(enableNativeKernels("wasm").enabled);
    try {
      const actual = await on("wasm", gradients);
      const names = ["loss", ...Object.keys(SHAPES)];
      actual.forEach((a, i) => assertClose(a, expected[i], `d loss / d ${names[i]}`, 2e-4, 1e-6));
      const stats = nativeKernelStats("wasm");
      // Under a gradient tape tfjs unfuses fused ops with a non-linear activation, so the plain kernels run.
      for (const k of ["Conv2D", "BatchMatMul", "Conv2DBackpropInput", "Conv2DBackpropFilter"]) {
        assert.ok(stats[k].native > 0, `${k} never ran natively`);
      }
      for (const [k, s] of Object.entries(stats)) assert.equal(s.fallback, 0, `${k} fell back: ${s.lastFallback}`);
    } finally {
      disableNativeKernels("wasm");
    }
  });

  test("native kernels on the cpu backend (TypedArray memory) give the cpu backend's gradients", async () => {
    const expected = await on("cpu", gradients);
    assert.ok(enableNativeKernels("cpu").enabled);
    try {
      const actual = await on("cpu", gradients);
      actual.forEach((a, i) => assertClose(a, expected[i], `cpu gradient ${i}`, 2e-4, 1e-6));
      assert.ok(nativeKernelStats("cpu").Conv2DBackpropFilter.native > 0);
    } finally {
      disableNativeKernels("cpu");
    }
  });
});
