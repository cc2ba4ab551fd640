// The addon's own guards: every view is checked against the sizes given before native code writes
// (a short view would otherwise corrupt the wasm heap), with messages naming the argument.
import * as assert from "node:assert/strict";
import { describe, test } from "node:test";

import { loadNativeAddon } from "../../../../toolkit/compute/native";

const { addon, reason } = loadNativeAddon();

describe("native addon argument checks", { skip: addon ? false : reason }, () => {
  const f = (n: number) => new Float32Array(n);

  test("a 2x3 by 3x2 product fills a 2x2 output and refuses a shorter one", () => {
    const out = f(4);
    addon!.batchMatMul(Float32Array.of(1, 2, 3, 4, 5, 6), Float32Array.of(1, 0, 0, 1, 1, 1), out, 1, 1, 1, 2, 2, 3, false, false);
    assert.deepEqual(Array.from(out), [4, 5, 10, 11]);
    assert.throws(() => addon!.batchMatMul(f(6), f(6), f(3), 1, 1, 1, 2, 2, 3, false, false),
      /argument out has 3 elements, expected at least 4/);
  });

  test("non-Float32Array views, bad sizes and bad codes are refused by name", () => {
    assert.throws(() => addon!.batchMatMul(new Float64Array(6) as unknown as Float32Array, f(6), f(4), 1, 1, 1, 2, 2, 3, false, false),
      /argument a must be a Float32Array/);
    assert.throws(() => addon!.batchMatMul(f(6), f(6), f(4), 1, 1, 1, 2.5, 2, 3, false, false), /argument m must be a non-negative int32/);
    assert.throws(() => addon!.conv2d(f(6), f(6), f(6), [1, 2]), /dims must have 15 entries, got 2/);
    assert.throws(() => addon!.conv2d(f(4), f(1), f(4), [1, 2, 2, 1, 1, 1, 1, 2, 2, 0, 1, 1, 1, 0, 0]), /strides and dilations must be >= 1/);
    assert.throws(() => addon!.biasActivation(f(6), 2, 3, null, 9, null, 0), /unknown activation code 9/);
    assert.throws(() => addon!.biasActivation(f(6), 2, 3, f(2), 0, null, 0), /bias must have 1 or n = 3 elements, got 2/);
    assert.throws(() => addon!.adam(f(4), f(4), f(3), f(4), f(4), f(4), f(4), 1e-3, 0.9, 0.999, 1e-8, 0.9, 0.999),
      /argument v has 3 elements, expected at least 4/);
  });
});
