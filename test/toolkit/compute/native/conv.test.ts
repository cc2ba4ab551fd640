// Conv2D, FusedConv2D, Conv2DBackpropInput (conv2dTranspose) and Conv2DBackpropFilter with native
// kernels on wasm against the tfjs cpu backend (independent reference) to float32 tolerance,
// over strides, dilations, 'same'/'valid'/explicit/numeric padding and dimRoundingMode.
import * as assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import * as tf from "@tensorflow/tfjs";

import { disableNativeKernels, enableNativeKernels, loadNativeAddon, nativeKernelStats } from "../../../../toolkit/compute/native";
import { assertClose, on, seeded } from "./helpers";

const load = loadNativeAddon();

type Pad = "same" | "valid" | number | tf.backend_util.ExplicitPadding;
interface Case { name: string; x: number[]; filter: number[]; strides: number | [number, number]; pad: Pad;
  dilations?: number; rounding?: "floor" | "round" | "ceil" }

const CASES: Case[] = [
  { name: "VAE layer 4x4 stride 2 same", x: [3, 16, 16, 2], filter: [4, 4, 2, 5], strides: 2, pad: "same" },
  { name: "3x3 stride 1 valid", x: [2, 9, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: "valid" },
  { name: "odd size, stride [2,3], same", x: [2, 11, 10, 3], filter: [3, 2, 3, 4], strides: [2, 3], pad: "same" },
  { name: "explicit padding", x: [2, 8, 8, 2], filter: [3, 3, 2, 3], strides: 2, pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  // 4096 pixels x 36 taps per example: more than the 2^18-float scratch holds for two examples,
  // so im2col, col2im and the filter-gradient accumulation each run over three chunks.
  { name: "several patch chunks", x: [3, 64, 64, 4], filter: [3, 3, 4, 2], strides: 1, pad: "same" },
  { name: "numeric padding with ceil rounding", x: [1, 10, 10, 2], filter: [3, 3, 2, 2], strides: 3, pad: 1, rounding: "ceil" },
];

describe("native convolution kernels", { skip: load.addon ? false : load.reason }, () => {
  before(() => {
    const r = enableNativeKernels("wasm");
    assert.ok(r.enabled, r.reason);
  });
  after(() => disableNativeKernels("wasm"));

  const t = (shape: number[], seed: number) => tf.tensor(seeded(tf.util.sizeFromShape(shape), seed), shape);
  const x4 = (shape: number[], seed: number) => t(shape, seed) as tf.Tensor4D;

  async function compare(label: string, fn: () => tf.Tensor, kernel: string): Promise<void> {
    const count = nativeKernelStats("wasm")[kernel].native;
    const [expected] = await on("cpu", fn);
    const [actual] = await on("wasm", fn);
    assertClose(actual, expected, label);
    assert.ok(nativeKernelStats("wasm")[kernel].native > count, `${label}: ${kernel} did not run natively`);
  }

  for (const c of CASES) {
    test(`Conv2D: ${c.name}`, () => compare(c.name, () =>
      tf.conv2d(x4(c.x, 1), x4(c.filter, 2), c.strides, c.pad, "NHWC", 1, c.rounding), "Conv2D"));

    test(`Conv2DBackpropInput and Conv2DBackpropFilter: ${c.name}`, async () => {
      const forward = await on("cpu", () => tf.conv2d(x4(c.x, 1), x4(c.filter, 2), c.strides, c.pad, "NHWC", 1, c.rounding));
      const outShape = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number],
        c.filter as [number, number, number, number], c.strides, 1, c.pad, c.rounding).outShape;
      assert.equal(forward[0].length, tf.util.sizeFromShape(outShape));
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: "NHWC", dimRoundingMode: c.rounding } as unknown as tf.NamedAttrMap;
      await compare(`${c.name} dx`, () => tf.engine().runKernel("Conv2DBackpropInput", { dy: t(outShape, 3), filter: t(c.filter, 2) },
        { ...attrs, inputShape: c.x }) as tf.Tensor, "Conv2DBackpropInput");
      await compare(`${c.name} dw`, () => tf.engine().runKernel("Conv2DBackpropFilter", { x: t(c.x, 1), dy: t(outShape, 3) },
        { ...attrs, filterShape: c.filter }) as tf.Tensor, "Conv2DBackpropFilter");
    });
  }

  test("Conv2D with dilation 2", () => compare("dilated", () =>
    tf.conv2d(x4([2, 12, 11, 3], 4), x4([3, 3, 3, 4], 5), 1, "same", "NHWC", 2), "Conv2D"));

  test("conv2dTranspose (the decoder's deconvolution) with an output shape", () => compare("transpose", () =>
    tf.conv2dTranspose(x4([4, 8, 8, 6], 6), x4([4, 4, 3, 6], 7), [4, 16, 16, 3], 2, "same"), "Conv2DBackpropInput"));

  for (const activation of ["linear", "relu", "elu", "leakyrelu", "prelu"] as const) {
    test(`FusedConv2D with bias and ${activation}`, () => compare(`fused ${activation}`, () => tf.fused.conv2d({
      x: x4([2, 9, 9, 3], 8), filter: x4([3, 3, 3, 4], 9), strides: 2, pad: "same", bias: t([4], 10),
      activation, leakyreluAlpha: 0.2, preluActivationWeights: activation === "prelu" ? t([4], 11) : undefined,
    }), "FusedConv2D"));
  }
});
