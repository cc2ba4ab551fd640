import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ArrayDataset, Batch, Rng } from "../../datasets";
import { disposeBatch } from "./helpers";

/** 10 examples of shape [2, 1]; x = (i, −i), factor = i mod 3, u = one-hot(i mod 2), source = 10·i. */
function toy(n = 10): ArrayDataset {
  const x = new Float32Array(n * 2);
  const f = new Int32Array(n);
  const u = new Float32Array(n * 2);
  const s = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = i;
    x[2 * i + 1] = -i;
    f[i] = i % 3;
    u[2 * i + (i % 2)] = 1;
    s[i] = 10 * i;
  }
  return new ArrayDataset({
    name: "toy",
    shape: [2, 1],
    x,
    factors: { info: { names: ["mod3"], sizes: [3], values: [[0, 1, 2]] }, indices: f },
    u: { data: u, dim: 2 },
    sources: { data: s, dim: 1 },
  });
}

async function collect(it: AsyncIterable<Batch>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const b of it) {
    out.push(Array.from(b.x.dataSync()).filter((_, k) => k % 2 === 0));
    disposeBatch(b);
  }
  return out;
}

describe("Dataset", () => {
  test("get returns x, factors, u and sources", () => {
    const e = toy().get(4);
    assert.deepEqual(Array.from(e.x), [4, -4]);
    assert.deepEqual(Array.from(e.factors!), [1]);
    assert.deepEqual(Array.from(e.u!), [1, 0]);
    assert.deepEqual(Array.from(e.sources!), [40]);
    assert.throws(() => toy().get(10), /toy: index must be an integer in \[0, 9\], got 10/);
  });

  test("batches: shapes and dtypes, every example once per epoch, last batch smaller", async () => {
    const d = toy();
    const before = tf.memory().numTensors;
    let first = true;
    for await (const b of d.batches(4)) {
      if (first) {
        assert.deepEqual(b.x.shape, [4, 2, 1]);
        assert.equal(b.factors!.dtype, "int32");
        assert.deepEqual(b.factors!.shape, [4, 1]);
        assert.deepEqual(b.u!.shape, [4, 2]);
        first = false;
      }
      disposeBatch(b);
    }
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(await collect(d.batches(4)), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    assert.deepEqual(await collect(d.batches(4, { dropRemainder: true })), [[0, 1, 2, 3], [4, 5, 6, 7]]);
  });

  test("shuffled batches: a permutation per epoch, reproducible with the seed, different across epochs", async () => {
    const d = toy();
    const a = await collect(d.batches(3, { shuffle: true, seed: 5, epochs: 2 }));
    const b = await collect(d.batches(3, { shuffle: true, seed: 5, epochs: 2 }));
    const c = await collect(d.batches(3, { shuffle: true, seed: 6, epochs: 2 }));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    const e1 = a.slice(0, 4).flat();
    const e2 = a.slice(4).flat();
    assert.deepEqual([...e1].sort((p, q) => p - q), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual([...e2].sort((p, q) => p - q), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.notDeepEqual(e1, e2);
  });

  test("batches stop with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const b of toy().batches(2, { epochs: Infinity, signal: controller.signal })) {
        seen.push(b.x.shape[0]);
        disposeBatch(b);
        if (seen.length === 3) controller.abort(new Error("stop"));
      }
    }, /stop/);
    assert.equal(seen.length, 3);
  });

  test("batches validate their arguments", () => {
    assert.throws(() => toy().batches(0), /batchSize must be a positive integer, got 0/);
    assert.throws(() => toy().batches(2, { epochs: 1.5 }), /epochs must be a positive integer or Infinity, got 1.5/);
  });

  test("split is a seeded partition; subsample picks n distinct examples", () => {
    const d = toy(100);
    const { train, test: held } = d.split({ test: 0.1, seed: 3 });
    assert.equal(held.length, 10);
    assert.equal(train.length, 90);
    const ids = (ds: typeof train) => Array.from({ length: ds.length }, (_, i) => ds.get(i).x[0]);
    const all = [...ids(train), ...ids(held)].sort((a, b) => a - b);
    assert.deepEqual(all, Array.from({ length: 100 }, (_, i) => i));
    assert.deepEqual(ids(d.split({ test: 0.1, seed: 3 }).test), ids(held));
    const sub = d.subsample(7, 1);
    assert.equal(new Set(ids(sub)).size, 7);
    assert.deepEqual(sub.sources().data, Float32Array.from(ids(sub), (v) => 10 * v));
    // A view of a view reads the right examples.
    const nested = train.subsample(5, 2);
    assert.ok(ids(nested).every((v) => ids(train).includes(v)));
    assert.throws(() => d.split({ test: 1.5, seed: 0 }), /split: test must be a fraction in \(0, 1\) or a count/);
    assert.throws(() => d.subsample(101, 0), /subsample: n must be an integer in \[1, 100\], got 101/);
  });

  test("unique removes exact duplicates and counts them", () => {
    const x = Float32Array.from([1, 2, 3, 4, 1, 2, 5, 6, 3, 4, 1, 2, 0, -0]);
    const d = new ArrayDataset({ name: "dups", shape: [2], x });
    const u = d.unique();
    assert.equal(u.removed, 3);
    assert.deepEqual(Array.from({ length: u.length }, (_, i) => Array.from(u.get(i).x)), [[1, 2], [3, 4], [5, 6], [0, -0]]);
  });

  test("uniqueAsync agrees with unique and stops on abort", async () => {
    const x = new Float32Array(20000);
    for (let i = 0; i < 10000; i++) x[2 * i] = i % 3000; // 3,000 distinct rows, 7,000 repeats
    const d = new ArrayDataset({ name: "repeats", shape: [2], x });
    const sync = d.unique();
    const async_ = await d.uniqueAsync();
    assert.equal(sync.removed, 7000);
    assert.equal(async_.removed, 7000);
    assert.deepEqual(async_.indices, sync.indices);
    const controller = new AbortController();
    controller.abort(new Error("interrupted"));
    await assert.rejects(d.uniqueAsync({ signal: controller.signal }), /interrupted/);
  });

  test("toTensor stacks all or some examples", () => {
    const d = toy();
    const t = d.toTensor([9, 0]);
    assert.deepEqual(t.shape, [2, 2, 1]);
    assert.deepEqual(Array.from(t.dataSync()), [9, -9, 0, -0]);
    t.dispose();
    const all = d.toTensor();
    assert.deepEqual(all.shape, [10, 2, 1]);
    all.dispose();
  });

  test("sampleWithFixed on a non-grid factor dataset samples among matching examples", () => {
    const s = toy(30).sampleWithFixed("mod3", 2, 8, 0);
    assert.ok(Array.from(s.x.dataSync()).filter((_, k) => k % 2 === 0).every((v) => v % 3 === 2));
    tf.dispose([s.x, s.factors, s.u!]);
  });

  test("ArrayDataset checks sizes", () => {
    assert.throws(() => new ArrayDataset({ name: "bad", shape: [3], x: new Float32Array(4) }), /x has 4 values, not a multiple of shape \[3\]/);
  });
});

describe("Rng", () => {
  test("reproducible uniforms with mean ½ and normals with unit variance", () => {
    const a = new Rng(1);
    const b = new Rng(1);
    let m = 0, v = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      assert.equal(a.uniform(), b.uniform());
      const z = a.normal();
      b.normal();
      m += z;
      v += z * z;
    }
    assert.ok(Math.abs(m / n) < 0.03 && Math.abs(v / n - 1) < 0.04, `mean ${m / n}, var ${v / n}`);
    assert.notEqual(new Rng(1).uniform(), new Rng(2).uniform());
  });
});
