// logisticProbe on worker threads: the same results, bit for bit, as in the calling thread (the folds are drawn there
// before any fit, and each fit is deterministic), a named error for a bad `threads`, and an abort that rejects with
// the AbortError and leaves no worker behind (the process exits by itself).
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import * as m from "../../../toolkit/metrics";
import { normalSampler } from "./helpers";

const classes = [3, 7, 12, 2];

/** n rows of 4 columns: columns 0–2 carry factors 0–2 plus N(0, 1) noise, column 3 is noise; labels n × 4. */
function data(n: number, seed: number): { x: number[][]; labels: { data: Int32Array; shape: [number, number] } } {
  const g = normalSampler(seed);
  const labels = new Int32Array(n * classes.length);
  const x = Array.from({ length: n }, (_, i) => {
    const f = classes.map((k, j) => (labels[i * classes.length + j] = (i * (j + 2) + Math.floor(3 * Math.abs(g()))) % k));
    return [f[0] + 0.5 * g(), f[1] / 2 + 0.5 * g(), f[2] / 4 + 0.5 * g(), g()];
  });
  return { x, labels: { data: labels, shape: [n, classes.length] } };
}

describe("logisticProbe on worker threads", () => {
  const options = { strengths: [0.01, 1, 100], folds: 3, seed: 7 };

  test("threads 1, 2 and 3 give the same accuracies, strengths and cross-validated accuracies, with a held-out set", async () => {
    const train = data(240, 1);
    const held = data(120, 2);
    const one = await m.logisticProbe(train.x, train.labels, { ...options, test: held, threads: 1 });
    assert.deepEqual(one.baseline, classes.map((k) => 1 / k));
    assert.ok(one.accuracy[0] > 0.6, `factor 0 is readable from column 0: accuracy ${one.accuracy[0]}`);
    assert.ok(new Set(one.strength).size > 1 || one.cvAccuracy.some((cv) => new Set(cv).size > 1), "the strengths are told apart");
    for (const threads of [2, 3]) {
      assert.deepStrictEqual(await m.logisticProbe(train.x, train.labels, { ...options, test: held, threads }), one, `threads ${threads}`);
    }
    assert.deepStrictEqual(await m.logisticProbe(train.x, train.labels, { ...options, test: held }), one, "default threads");
  });

  test("threads 1 and 2 agree when the held-out rows are drawn from the same seed (testFraction)", async () => {
    const { x, labels } = data(300, 3);
    const one = await m.logisticProbe(x, labels, { ...options, threads: 1 });
    const two = await m.logisticProbe(x, labels, { ...options, threads: 2 });
    assert.deepStrictEqual(two, one);
    // Another seed draws other folds and another held-out set: the equality above is not vacuous.
    assert.notDeepStrictEqual(await m.logisticProbe(x, labels, { ...options, seed: 8, threads: 2 }), one);
  });

  test("a bad threads is a named error", async () => {
    const { x, labels } = data(60, 4);
    for (const [threads, seen] of [[0, "0"], [1.5, "1.5"], ["2", 'the string "2"'], [-1, "-1"], [NaN, "NaN"]] as const) {
      await assert.rejects(m.logisticProbe(x, labels, { ...options, threads: threads as number }), { message: `threads: expected an integer ≥ 1, got ${seen}.` });
    }
  });

  test("an aborted signal rejects with the AbortError, in the calling thread and on workers", async () => {
    const { x, labels } = data(60, 5);
    for (const threads of [1, 2]) {
      await assert.rejects(m.logisticProbe(x, labels, { ...options, threads, signal: AbortSignal.abort() }), { name: "AbortError" });
    }
  });

  test("an abort during the fits terminates the workers: the call rejects and the process exits by itself", () => {
    // A probe of several seconds (two 40-class factors, 10 strengths × 5 folds), aborted 0.3 s in, in a child process
    // that does not call process.exit: a worker left running would keep it alive past the timeout.
    const probe = path.join(__dirname, "../../../toolkit/metrics/probe.js");
    const script = `
      const { logisticProbe } = require(${JSON.stringify(probe)});
      const n = 1500, x = [], labels = [];
      let s = 1;
      const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
      for (let i = 0; i < n; i++) { x.push([u(), u(), u(), u(), u()]); labels.push([i % 40, (7 * i) % 40]); }
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const start = Date.now();
      logisticProbe(x, labels, { threads: 2, signal: controller.signal, seed: 0 }).then(
        () => console.log("resolved"),
        (e) => console.log("rejected " + e.name + " after " + (Date.now() - start) + " ms"),
      );`;
    const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 120_000 });
    assert.equal(child.signal, null, `the child was killed after the timeout (a worker kept it alive?): ${child.stdout}${child.stderr}`);
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stdout, /^rejected AbortError after \d+ ms\n$/);
  });
});
