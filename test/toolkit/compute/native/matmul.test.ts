// MatMul/BatchMatMul and _FusedMatMul with native kernels on wasm against the tfjs cpu backend
// (an independent pure-JS implementation) to float32 tolerance, plus one closed-form product.
import * as assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import * as tf from "@tensorflow/tfjs";

import { disableNativeKernels, enableNativeKernels, loadNativeAddon, nativeKernelStats } from "../../../../toolkit/compute/native";
import { assertClose, on, seeded } from "./helpers";

const load = loadNativeAddon();

describe("native matmul kernels", { skip: load.addon ? false : load.reason }, () => {
  before(() => {
    const r = enableNativeKernels("wasm");
    assert.ok(r.enabled, r.reason);
  });
  after(() => disableNativeKernels("wasm"));

  const t = (shape: number[], seed: number) => tf.tensor(seeded(tf.util.sizeFromShape(shape), seed), shape);

  async function compare(label: string, fn: () => tf.Tensor, kernel: string): Promise<void> {
    const before = nativeKernelStats("wasm")[kernel].native;
    const [expected] = await on("cpu", fn);
    const [actual] = await on("wasm", fn);
    assertClose(actual, expected, label);
    assert.ok(nativeKernelStats("wasm")[kernel].native > before, `${label}: ${kernel} did not run natively`);
  }

  test("2x3 times 3x2 equals the hand-computed product", async () => {
    const [out] = await on("wasm", () => tf.matMul(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), tf.tensor2d([[1, 0], [0, 1], [1, 1]])));
    assert.deepEqual(Array.from(out), [4, 5, 10, 11]);
  });

  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
    test(`2-D product, transposeA=${ta} transposeB=${tb}`, () =>
      compare(`mm ${ta} ${tb}`, () => tf.matMul(t(ta ? [37, 19] : [19, 37], 1), t(tb ? [23, 37] : [37, 23], 2), ta, tb), "BatchMatMul"));
  }

  test("batched, broadcast and rank-4 products", async () => {
    await compare("batched", () => tf.matMul(t([5, 7, 11], 3), t([5, 13, 11], 4), false, true), "BatchMatMul");
    await compare("broadcast b", () => tf.matMul(t([6, 7, 11], 5), t([11, 13], 6)), "BatchMatMul");
    await compare("broadcast a", () => tf.matMul(t([11, 7], 7), t([4, 11, 13], 8), true, false), "BatchMatMul");
    await compare("rank 4", () => tf.matMul(t([2, 3, 7, 11], 9), t([2, 3, 13, 11], 10), false, true), "BatchMatMul");
  });

  test("inner-dimension mismatch throws the tfjs message", async () => {
    await tf.setBackend("wasm");
    assert.throws(() => tf.tidy(() => tf.matMul(t([3, 4], 1), t([5, 2], 2))), /inner shapes \(4\) and \(5\)/);
  });

  for (const activation of ["linear", "relu", "relu6", "sigmoid", "elu", "leakyrelu", "prelu"] as const) {
    test(`_FusedMatMul with bias and ${activation}`, () =>
      compare(`fused ${activation}`, () => tf.fused.matMul({
        a: t([9, 17], 11), b: t([17, 12], 12), bias: tf.mul(t([12], 13), 3), activation,
        preluActivationWeights: activation === "prelu" ? t([12], 14) : undefined, leakyreluAlpha: 0.3,
      }), "_FusedMatMul"));
  }

  test("_FusedMatMul with a scalar bias, transposes and no activation", () =>
    compare("fused scalar bias", () => tf.fused.matMul({ a: t([17, 9], 15), b: t([12, 17], 16), transposeA: true,
      transposeB: true, bias: tf.scalar(0.5) }), "_FusedMatMul"));

  test("a batch broadcast the native kernel does not cover falls back and stays correct", async () => {
    const fn = () => tf.matMul(t([2, 3, 4, 5], 17), t([3, 5, 6], 18));
    const before = nativeKernelStats("wasm").BatchMatMul.fallback;
    const [expected] = await on("cpu", fn);
    const [actual] = await on("wasm", fn);
    assertClose(actual, expected, "fallback");
    assert.equal(nativeKernelStats("wasm").BatchMatMul.fallback, before + 1);
    assert.match(nativeKernelStats("wasm").BatchMatMul.lastFallback ?? "", /batch broadcast/);
  });
});
