// Seeded randomness: same seed → same numbers, saved state → same continuation, and the deviates have the moments
// of their distributions (reference: N(0,1) has mean 0 and variance 1; U[0,1) has mean 1/2 and variance 1/12).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Rng, getRngState, randomNormal, setRngState, setSeed } from "../../../toolkit/compute/random";

describe("Rng", () => {
  test("the same seed gives the same stream, different seeds differ", () => {
    const a = new Rng(42).normals(1000);
    const b = new Rng(42).normals(1000);
    const c = new Rng(43).normals(1000);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.notDeepEqual(new Rng(0).normals(10), new Rng(2 ** 32).normals(10));
  });

  test("a saved state continues exactly, including the cached Box–Muller deviate", () => {
    const rng = new Rng(7);
    rng.normal(); // leaves a spare deviate cached
    const state = rng.getState();
    const expected = rng.normals(101);
    const other = new Rng(99);
    other.setState(JSON.parse(JSON.stringify(state)));
    assert.deepEqual(other.normals(101), expected);
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
    const u = rng.uniforms(n);
    let mu = 0;
    for (const x of u) {
      assert.ok(x >= 0 && x < 1);
      mu += x;
    }
    assert.ok(Math.abs(mu / n - 0.5) < 5 * Math.sqrt(1 / 12 / n), `uniform mean ${mu / n}`);
  });

  test("the global stream is reseeded and restored", () => {
    setSeed(5);
    const first = randomNormal([3, 4]);
    const state = getRngState();
    const second = randomNormal([3, 4]);
    setSeed(5);
    assert.deepEqual(randomNormal([3, 4]).dataSync(), first.dataSync());
    setRngState(state);
    assert.deepEqual(randomNormal([3, 4]).dataSync(), second.dataSync());
  });

  test("bad seeds and states are rejected with the value seen", () => {
    assert.throws(() => new Rng(-1), /seed must be a non-negative safe integer, got -1/);
    assert.throws(() => setSeed(1.5), /got 1.5/);
    assert.throws(() => new Rng(1).setState({ words: [0, 0, 0, 0], spare: null }), /all zero/);
  });
});
