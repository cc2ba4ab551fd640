// The run directory under damage and concurrency: a cut-off or hand-edited cache entry is an error naming its file,
// a directory lock makes a second run wait (and take over from a dead holder), and two runs of one training spec on
// the same run directory train it once.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunCache } from "../../../toolkit/studies/cache";
import { withModel } from "../../../toolkit/studies/training";
import type { RunSpec } from "../../../toolkit/studies/runSpec";
import type { StudyContext } from "../../../toolkit/studies/runner";
import { LOCK_FILE, withDirectoryLock } from "../../../toolkit/runtime/lock";
import "../../../toolkit/models";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-rundir-"));

describe("cache entries", () => {
  test("a cut-off entry is an error naming its file and what to do", async () => {
    const dir = tmp();
    const cache = new RunCache(dir);
    const key = cache.key("result", { a: 1 });
    await cache.set(key, { rows: [{ a: 1.5, b: "x" }] });
    const file = path.join(dir, `${key}.json`);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").slice(0, 30));
    await assert.rejects(new RunCache(dir).get(key), (err: Error) => {
      assert.ok(err.message.startsWith(`${file} is not valid JSON`), err.message);
      assert.match(err.message, /Delete it to compute the entry again/);
      return true;
    });
    fs.rmSync(dir, { recursive: true });
  });

  test("a hand-edited entry is refused rather than silently used", async () => {
    const dir = tmp();
    const cache = new RunCache(dir);
    const key = cache.key("result", { a: 1 });
    await cache.set(key, { score: 1.5 });
    const file = path.join(dir, `${key}.json`);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("1.5", "2.5"));
    await assert.rejects(new RunCache(dir).get(key), new RegExp(`cache entry .*${key}\\.json does not match the SHA-256`));
    fs.rmSync(dir, { recursive: true });
  });

  test("entries are written without leaving temporary files", async () => {
    const dir = tmp();
    const cache = new RunCache(dir);
    await Promise.all([1, 2, 3].map((i) => cache.set(cache.key("r", { i }), { i })));
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
    assert.deepEqual(await new RunCache(dir).get(cache.key("r", { i: 2 })), { i: 2 });
    fs.rmSync(dir, { recursive: true });
  });
});

describe("withDirectoryLock", () => {
  test("a second holder waits until the first releases", async () => {
    const dir = tmp();
    const order: string[] = [];
    let release!: () => void;
    const first = withDirectoryLock(dir, async () => {
      order.push("first in");
      await new Promise<void>((r) => (release = r));
      order.push("first out");
    });
    await new Promise((r) => setTimeout(r, 20));
    let waited = "";
    const second = withDirectoryLock(dir, async () => void order.push("second in"), { pollMs: 10, onWait: (m) => (waited = m) });
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(order, ["first in"]);
    assert.match(waited, new RegExp(`is locked by pid ${process.pid} on `));
    release();
    await Promise.all([first, second]);
    assert.deepEqual(order, ["first in", "first out", "second in"]);
    assert.ok(!fs.existsSync(path.join(dir, LOCK_FILE)));
    fs.rmSync(dir, { recursive: true });
  });

  test("a lock left by a process that no longer exists is taken over", async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ host: os.hostname(), pid: 2 ** 22 + 17, token: "dead", since: "then" }));
    assert.equal(await withDirectoryLock(dir, async () => 42, { pollMs: 10 }), 42);
    fs.rmSync(dir, { recursive: true });
  });

  test("waiting stops when the signal aborts", async () => {
    const dir = tmp();
    let release!: () => void;
    const held = withDirectoryLock(dir, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 10));
    const controller = new AbortController();
    const waiting = withDirectoryLock(dir, async () => "never", { signal: controller.signal, pollMs: 10 });
    controller.abort(new Error("stop"));
    await assert.rejects(waiting, /stop/);
    release();
    await held;
    fs.rmSync(dir, { recursive: true });
  });
});

describe("two runs on one run directory", () => {
  test("train a spec once: the second waits for the first and loads its model", async () => {
    const dir = tmp();
    const spec: RunSpec = {
      dataset: { name: "linearGaussian", n: 64, k: 2, dim: 6, seed: 0 },
      model: { kind: "betaVAE", architecture: "linear", latent: 2 },
      trainer: { steps: 3, batchSize: 16, learningRate: 1e-3 },
      seed: 0,
    };
    const context = (): StudyContext => ({ cache: new RunCache(dir), trainings: 0, progress: false, tick() {}, plan() {}, async checkpoint() {} });
    const [a, b] = [context(), context()];
    const [ra, rb] = await Promise.all([a, b].map((ctx) => withModel(spec, ctx, async (_model, info) => info)));
    assert.equal(a.trainings + b.trainings, 1, "the spec was trained by both runs");
    assert.deepEqual(ra.history, rb.history);
    fs.rmSync(dir, { recursive: true });
  });
});
