// The native Adam update against tfjs's own AdamOptimizer on the cpu backend (the reference),
// in place and with an aliased variable (out-of-place path), its checkpoint state, and seeded
// reproducibility of a short training run with every native kernel enabled.
import * as assert from "node:assert/strict";
import { describe, test } from "node:test";

import * as tf from "@tensorflow/tfjs";

import { createAdam, disableNativeKernels, enableNativeKernels, loadNativeAddon } from "../../../../toolkit/compute/native";
import { assertClose, on, seeded } from "./helpers";

const load = loadNativeAddon();

/**
 * Five Adam steps on a least-squares problem; returns the variables, then the alias if kept.
 * The matmul reads w as its weight operand, so a stale per-tensor weight cache would show here.
 */
function fit(optimizer: tf.Optimizer, keepAlias: boolean): tf.Tensor[] {
  const w = tf.variable(tf.tensor(seeded(30, 1), [6, 5]), true, `w${Math.random()}`);
  const b = tf.variable(tf.tensor(seeded(5, 2), [5]), true, `b${Math.random()}`);
  const alias = keepAlias ? tf.reshape(w, [30]) : null; // shares w's data: forces the out-of-place path
  const x = tf.tensor(seeded(48, 3), [8, 6]), y = tf.tensor(seeded(40, 4), [8, 5]);
  for (let i = 0; i < 5; i++) {
    optimizer.minimize(() => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w), b), y))) as tf.Scalar);
  }
  const out = [w.clone(), b.clone(), ...(alias ? [alias.clone()] : [])];
  tf.dispose([w, b, x, y, ...(alias ? [alias] : [])]);
  optimizer.dispose();
  return out;
}

describe("native Adam", { skip: load.addon ? false : load.reason }, () => {
  for (const keepAlias of [false, true]) {
    test(`matches tfjs AdamOptimizer on cpu (${keepAlias ? "aliased variable, out of place" : "in place"})`, async () => {
      const expected = await on("cpu", () => fit(tf.train.adam(0.05, 0.9, 0.999, 1e-8), keepAlias));
      for (const backend of ["wasm", "cpu"]) {
        const actual = await on(backend, () => {
          const optimizer = createAdam(0.05, 0.9, 0.999, 1e-8);
          assert.ok(optimizer.native, optimizer.nativeReason);
          return fit(optimizer, keepAlias);
        });
        actual.forEach((a, i) => assertClose(a, expected[i], `${backend} tensor ${i}`, 1e-5, 1e-6));
      }
      if (keepAlias) {
        const [initial] = await on("cpu", () => tf.tensor(seeded(30, 1)));
        assertClose(expected[2], initial, "the alias keeps the initial values", 0, 0);
      }
    });
  }

  test("optimizer state has tfjs's layout (iterations, then m and v per variable)", async () => {
    await tf.setBackend("wasm");
    const optimizer = createAdam();
    const w = tf.variable(tf.ones([3]), true, "adamStateW");
    optimizer.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);
    const weights = await optimizer.getWeights();
    assert.deepEqual(weights.map((x) => x.name), ["iter", "adamStateW/m", "adamStateW/v"]);
    assert.equal(weights[0].tensor.dataSync()[0], 1);
    optimizer.dispose();
    w.dispose();
  });

  test("steps leave the number of live tensors unchanged", async () => {
    for (const backend of ["wasm", "cpu"]) {
      await tf.setBackend(backend);
      const optimizer = createAdam(1e-3);
      const w = tf.variable(tf.tensor(seeded(12, 5), [3, 4]));
      const step = () => optimizer.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);
      step(); // creates the moments
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) step();
      assert.equal(tf.memory().numTensors, before, `${backend}: tensors leaked`);
      optimizer.dispose();
      w.dispose();
    }
  });

  test("createAdam rejects bad hyperparameters by name", () => {
    assert.throws(() => createAdam(-1), /learningRate must be a finite number > 0, got -1/);
    assert.throws(() => createAdam(1e-3, 1), /beta1 must be in \[0, 1\), got 1/);
  });

  test("a seeded run with every native kernel is reproducible step for step", async () => {
    assert.ok(enableNativeKernels("wasm").enabled);
    try {
      const run = async () => {
        await tf.setBackend("wasm");
        const w1 = tf.variable(tf.randomNormal([3, 3, 1, 4], 0, 0.3, "float32", 7));
        const w2 = tf.variable(tf.randomNormal([64, 1], 0, 0.3, "float32", 8));
        const x = tf.randomUniform([8, 8, 8, 1], 0, 1, "float32", 9);
        const optimizer = createAdam(1e-2);
        const losses: number[] = [];
        for (let i = 0; i < 4; i++) {
          const l = optimizer.minimize(() => {
            const h = tf.relu(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 2, "same"));
            return tf.mean(tf.square(tf.matMul(tf.reshape(h, [8, 64]), w2))) as tf.Scalar;
          }, true) as tf.Scalar;
          losses.push(l.dataSync()[0]);
          l.dispose();
        }
        tf.dispose([w1, w2, x]);
        optimizer.dispose();
        return losses;
      };
      const first = await run(), second = await run();
      assert.deepEqual(second, first);
      assert.ok(first[3] < first[0], `loss should fall: ${first}`);
    } finally {
      disableNativeKernels("wasm");
    }
  });
});
