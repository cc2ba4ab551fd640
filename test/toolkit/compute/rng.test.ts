// The one seeded generator (toolkit/compute/rng.ts): its raw outputs equal the reference C implementation of
// xoshiro128** (test/fixtures/compute/xoshiro128starstar.c, compiled with gcc -O2: the numbers below are its output);
// same seed → same numbers; saved state → same continuation; the deviates have the moments of their distributions
// (N(0,1): mean 0, variance 1; U[0,1): mean 1/2, variance 1/12); integers and permutations are uniform (χ² against
// the closed-form 99.9 % quantile); forks are reproducible, leave the parent where it is, and are uncorrelated.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../toolkit/compute/rng";
import { randomNormal, randomUniform } from "../../../toolkit/compute/random";

/** Pearson's χ² of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

function correlation(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe("Rng", () => {
  test("raw outputs from the state {1, 2, 3, 4} equal the reference xoshiro128** (C, Blackman & Vigna)", () => {
    const rng = new Rng(0);
    rng.setState({ words: [1, 2, 3, 4], spare: null });
    const reference = [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804, 337829053, 2142557243];
    assert.deepEqual(Array.from({ length: reference.length }, () => rng.nextUint32()), reference);
  });

  test("the same seed gives the same stream, different seeds differ (also above 2^32)", () => {
    const a = new Rng(42).normals(1000);
    assert.deepEqual(new Rng(42).normals(1000), a);
    assert.notDeepEqual(new Rng(43).normals(1000), a);
    assert.notDeepEqual(new Rng(0).normals(10), new Rng(2 ** 32).normals(10));
    assert.notDeepEqual(new Rng(1).normals(10), new Rng(2 ** 32).normals(10));
  });

  test("a saved state continues exactly, including the cached Box–Muller deviate", () => {
    const rng = new Rng(7);
    rng.normal(); // leaves a spare deviate cached
    const state = rng.getState();
    const expected = rng.normals(101);
    assert.deepEqual(Rng.fromState(JSON.parse(JSON.stringify(state))).normals(101), expected);
  });

  test("normal and uniform deviates have the right moments (n = 200,000; 5 standard errors)", () => {
    const n = 200000;
    const rng = new Rng(1);
    const z = rng.normals(n);
    let m = 0, v = 0;
    for (const x of z) m += x;
    m /= n;
    for (const x of z) v += (x - m) ** 2;
    v /= n - 1;
    assert.ok(Math.abs(m) < 5 / Math.sqrt(n), `normal mean ${m}`);
    assert.ok(Math.abs(v - 1) < 5 * Math.sqrt(2 / n), `normal variance ${v}`);
    let mu = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.uniform(-2, 3);
      assert.ok(x >= -2 && x < 3);
      mu += x;
    }
    // U[−2, 3): mean 1/2, variance 25/12.
    assert.ok(Math.abs(mu / n - 0.5) < 5 * Math.sqrt(25 / 12 / n), `uniform mean ${mu / n}`);
  });

  test("int(n) is uniform on 0..n−1 and permutation(n) uniform over the n! orders (χ² below the 99.9 % quantile)", () => {
    const rng = new Rng(5);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100000; i++) counts[rng.int(10)] += 1;
    assert.ok(chiSquare(counts) < 27.88, `χ²(9) = ${chiSquare(counts)}`); // 99.9 % quantile of χ²(9)
    const orders = new Map<string, number>();
    for (let i = 0; i < 60000; i++) {
      const key = rng.permutation(3).join();
      orders.set(key, (orders.get(key) ?? 0) + 1);
    }
    assert.equal(orders.size, 6);
    assert.ok(chiSquare([...orders.values()]) < 20.52, `χ²(5) = ${chiSquare([...orders.values()])}`); // 99.9 % quantile of χ²(5)
    assert.deepEqual([...rng.permutation(50)].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
    assert.equal(rng.permutation(0).length, 0);
  });

  test("fork(key) is reproducible, leaves the parent where it is, and gives uncorrelated streams", () => {
    const parent = new Rng(9);
    const before = parent.getState();
    const a = parent.fork(0).uniforms(20000);
    const b = parent.fork(1).uniforms(20000);
    assert.deepEqual(parent.getState(), before, "forking does not advance the parent");
    assert.deepEqual(parent.fork(0).uniforms(20000), a);
    const own = Rng.fromState(before).uniforms(20000);
    // Correlations of independent uniform streams are ≈ N(0, 1/n): 5 standard errors.
    for (const [name, x, y] of [["fork 0 vs fork 1", a, b], ["fork 0 vs parent", a, own]] as const) {
      assert.ok(Math.abs(correlation(x, y)) < 5 / Math.sqrt(20000), `${name}: correlation ${correlation(x, y)}`);
    }
    const firsts = new Set(Array.from({ length: 1000 }, (_, k) => parent.fork(k).nextUint32()));
    assert.ok(firsts.size >= 999, `1,000 forks gave ${firsts.size} distinct first outputs`);
    assert.notDeepEqual(new Rng(10).fork(0).uniforms(5), parent.fork(0).uniforms(5), "forks of different parents differ");
  });

  test("bad seeds, keys, sizes and states are rejected with the value seen", () => {
    assert.throws(() => new Rng(-1), /Rng: seed must be a non-negative safe integer, got -1/);
    assert.throws(() => new Rng(1.5), /got 1.5/);
    assert.throws(() => new Rng(NaN), /got NaN/);
    assert.throws(() => new Rng(1).fork(-2), /Rng.fork: key must be a non-negative safe integer, got -2/);
    assert.throws(() => new Rng(1).int(0), /Rng.int: n must be a positive integer, got 0/);
    assert.throws(() => new Rng(1).permutation(2.5), /Rng.permutation: n must be an integer ≥ 0, got 2.5/);
    assert.throws(() => new Rng(1).setState({ words: [0, 0, 0, 0], spare: null }), /all zero/);
    assert.throws(() => new Rng(1).setState({ words: [1, 2, 3, 2 ** 32], spare: null }), /four uint32 integers/);
  });
});

describe("random tensors", () => {
  test("draw from the Rng they are given, and nothing else", () => {
    const t = randomNormal([3, 4], new Rng(5));
    assert.deepEqual(t.shape, [3, 4]);
    assert.deepEqual(t.dataSync(), new Rng(5).normals(12));
    assert.deepEqual(randomUniform([5], -1, 1, new Rng(6)).dataSync(), new Rng(6).uniforms(5, -1, 1));
    assert.throws(() => randomNormal([2], undefined as never), /randomNormal: rng must be an Rng/);
    t.dispose();
  });
});
