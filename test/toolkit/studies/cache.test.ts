// The run-directory cache and the scale presets: stable keys, atomic entries reused across instances
// (as across processes), FONDUE memos on disk, and typed overrides with clear errors.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { RunCache, canonicalJson, stableHash } from "../../../toolkit/studies/cache";
import { resolveConfig, checkScale } from "../../../toolkit/studies/scale";
import { fondueSearch } from "../../../toolkit/studies/search";

describe("stableHash", () => {
  test("ignores key order and undefined members, distinguishes values", () => {
    assert.equal(stableHash({ a: 1, b: [1, { c: 2, d: 3 }] }), stableHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    assert.equal(stableHash({ a: 1, b: undefined }), stableHash({ a: 1 }));
    assert.notEqual(stableHash({ a: 1 }), stableHash({ a: 2 }));
    assert.notEqual(stableHash([1, 2]), stableHash([2, 1]));
    assert.equal(canonicalJson({ z: 1, a: { y: 2, b: 3 } }), '{"a":{"b":3,"y":2},"z":1}');
    assert.match(stableHash({}), /^[0-9a-f]{16}$/);
  });

  test("refuses non-finite numbers instead of hashing them as null", () => {
    assert.throws(() => stableHash({ beta: NaN }), /config\.beta must be finite to be hashed, got NaN/);
  });
});

describe("RunCache", () => {
  test("computes once, then serves the stored value, also from a fresh instance on the same dir", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "polarlab-cache-"));
    try {
      let computed = 0;
      const compute = async () => ({ value: ++computed, rows: [{ a: 1.5 }] });
      const first = new RunCache(dir);
      assert.deepEqual(await first.cached("train", { beta: 1 }, compute), { value: 1, rows: [{ a: 1.5 }] });
      assert.deepEqual(await first.cached("train", { beta: 1 }, compute), { value: 1, rows: [{ a: 1.5 }] });
      const second = new RunCache(dir);
      assert.deepEqual(await second.cached("train", { beta: 1 }, compute), { value: 1, rows: [{ a: 1.5 }] });
      assert.equal(computed, 1);
      assert.deepEqual(second.stats, { hits: 1, misses: 0 });
      await second.cached("train", { beta: 2 }, compute);
      assert.equal(computed, 2);
      // No temp files left behind by the atomic writes.
      assert.ok(readdirSync(dir).every((f) => f.endsWith(".json")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("in-memory without a directory", async () => {
    const cache = new RunCache();
    let computed = 0;
    await cache.cached("x", { n: 1 }, async () => ++computed);
    await cache.cached("x", { n: 1 }, async () => ++computed);
    assert.equal(computed, 1);
    assert.equal(await cache.entryDir("x"), undefined);
  });

  test("rejects kinds that would escape the directory", () => {
    assert.throws(() => new RunCache().key("../x", {}), /cache kind must be letters/);
  });

  test("backs FONDUE's memo: a second search on the same dir evaluates nothing", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "polarlab-cache-"));
    try {
      let calls = 0;
      const evaluate = async (n: number) => {
        calls += 1;
        return { scoreSampled: Math.max(0, n - 7), scoreMean: 0 };
      };
      const config = { dataset: "toy", epochs: 1 };
      const a = await fondueSearch(3, evaluate, { threshold: 0.5, memo: new RunCache(dir).memo("fondue", config) });
      const before = calls;
      const b = await fondueSearch(3, evaluate, { threshold: 0.5, memo: new RunCache(dir).memo("fondue", config) });
      assert.equal(a.n, 7);
      assert.equal(b.n, 7);
      assert.equal(calls, before);
      assert.deepEqual(b.trace.map((s) => s.seconds), a.trace.map((s) => s.seconds));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("resolveConfig", () => {
  const presets = {
    smoke: { betas: [1, 2], steps: 10, model: "vae", fast: true, init: null as number | null },
    quick: { betas: [1, 2, 4], steps: 100, model: "vae", fast: true, init: null as number | null },
    reference: { betas: [1, 2, 4], steps: 1000, model: "vae", fast: true, init: null as number | null },
    paper: { betas: [1, 2, 4, 8], steps: 300000, model: "vae", fast: false, init: null as number | null },
  };

  test("picks the preset and applies typed overrides, parsing command-line strings", () => {
    assert.deepEqual(resolveConfig("demo", presets, "smoke"), presets.smoke);
    assert.deepEqual(
      resolveConfig("demo", presets, "quick", { betas: "0.5, 8", steps: "20", fast: "false", model: "betaVae", init: "12" }),
      { betas: [0.5, 8], steps: 20, model: "betaVae", fast: false, init: 12 },
    );
    assert.deepEqual(resolveConfig("demo", presets, "paper", { betas: [3] }).betas, [3]);
  });

  test("unknown keys, wrong types and unknown scales are errors naming the argument", () => {
    assert.throws(() => resolveConfig("demo", presets, "smoke", { beta: 1 }), /demo: unknown parameter "beta"; expected one of betas, steps/);
    assert.throws(() => resolveConfig("demo", presets, "smoke", { steps: "ten" }), /demo: parameter steps must be a finite number, got "ten"/);
    assert.throws(() => resolveConfig("demo", presets, "smoke", { betas: "1,x" }), /parameter betas\[1\] must be a finite number/);
    assert.throws(() => checkScale("huge"), /scale must be one of smoke \| quick \| reference \| paper, got "huge"/);
  });
});
