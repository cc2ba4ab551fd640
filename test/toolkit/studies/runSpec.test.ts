// RunSpec: a plain JSON value that round-trips through JSON and `polarlab train` (a child process), whose stable
// hash ignores key order and changes with any field; the run directory `polarlab train` writes is the one a study
// finds (the study then trains nothing), and a bad spec is an error naming the key.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import "../../../toolkit/models";
import { RunCache } from "../../../toolkit/studies/cache";
import { checkRunSpec, runSpecHash, trainRun, type RunSpec } from "../../../toolkit/studies/runSpec";
import { runDirectory, withModel } from "../../../toolkit/studies/training";
import type { StudyContext } from "../../../toolkit/studies/runner";

const bin = path.resolve(__dirname, "../../../../bin/polarlab.js");
const spec: RunSpec = {
  dataset: { name: "linearGaussian", n: 64, k: 2, dim: 6, seed: 0 },
  model: { kind: "betaVAE", architecture: "linear", latent: 2, likelihood: "gaussian" },
  trainer: { steps: 6, batchSize: 16, learningRate: 1e-3 },
  seed: 3,
};

describe("RunSpec", () => {
  test("round-trips through JSON with the same hash; key order does not matter, any value does", () => {
    const back = checkRunSpec(JSON.parse(JSON.stringify(spec)));
    assert.deepEqual(back, spec);
    assert.equal(runSpecHash(back), runSpecHash(spec));
    const reordered = { seed: 3, trainer: { learningRate: 1e-3, batchSize: 16, steps: 6 }, model: spec.model, dataset: spec.dataset };
    assert.equal(runSpecHash(reordered), runSpecHash(spec));
    assert.notEqual(runSpecHash({ ...spec, seed: 4 }), runSpecHash(spec));
    assert.notEqual(runSpecHash({ ...spec, trainer: { ...spec.trainer, steps: 7 } }), runSpecHash(spec));
  });

  test("a bad spec is an error naming the key and the value", () => {
    assert.throws(() => checkRunSpec({ ...spec, sed: 1 }), /run spec: unknown key "sed" \(did you mean "seed"\?\)/);
    assert.throws(() => checkRunSpec({ ...spec, trainer: { ...spec.trainer, learningRate: NaN } }), /run spec\.trainer\.learningRate must be a finite number > 0, got NaN/);
    assert.throws(() => checkRunSpec({ ...spec, seed: -1 }), /run spec\.seed must be a non-negative integer, got -1/);
    assert.throws(() => checkRunSpec({ ...spec, trainer: { ...spec.trainer, learningRateSchedule: { at: [4], factor: -1 } } }), /run spec\.trainer\.learningRateSchedule\.factor must be a finite number > 0, got -1/);
    const scheduled = { ...spec, trainer: { ...spec.trainer, learningRateSchedule: { at: [4], factor: 0.1 } } };
    assert.deepEqual(checkRunSpec(JSON.parse(JSON.stringify(scheduled))), scheduled);
    assert.notEqual(runSpecHash(scheduled), runSpecHash(spec));
  });

  test("`polarlab train SPEC.json --out DIR` trains what trainRun trains, and a study then finds it", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-runspec-"));
    const file = path.join(root, "spec.json");
    fs.writeFileSync(file, JSON.stringify(spec));
    const cache = path.join(root, "cache");
    const out = runDirectory(cache, spec);
    const child = spawnSync(process.execPath, [bin, "train", file, "--out", out], { encoding: "utf8", env: { ...process.env, POLARLAB_QUIET: "1" } });
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stderr, new RegExp(`polarlab train ${runSpecHash(spec)}: trained 6 steps`));
    const again = spawnSync(process.execPath, [bin, "train", file, "--out", out], { encoding: "utf8", env: { ...process.env, POLARLAB_QUIET: "1" } });
    assert.match(again.stderr, /already finished/);

    const { model, run } = await trainRun(spec);
    model.dispose();
    const ctx: StudyContext = { cache: new RunCache(cache), trainings: 0, progress: false, tick() {}, plan() {}, async checkpoint() {} };
    const info = await withModel(spec, ctx, async (_m, i) => i);
    assert.equal(ctx.trainings, 0);
    assert.equal(info.fromCache, true);
    assert.deepEqual(info.history, run.history, "the child process's history equals the in-process one");
    fs.rmSync(root, { recursive: true });
  });

  test("snapshots: checked, recorded by the child at step 0, every N and the steps asked, read back as trained here", async () => {
    const bad = (snapshots: unknown) => () => checkRunSpec({ ...spec, snapshots });
    assert.throws(bad({ examples: 10, every: 3, layer: "all" }), /run spec\.snapshots: unknown key "layer" \(did you mean "layers"\?\)/);
    assert.throws(bad({ examples: 10 }), /run spec\.snapshots: give every, steps or both/);
    assert.throws(bad({ examples: 10, steps: [2, 7] }), /run spec\.snapshots\.steps: step 7 is past the run's last step \(6\)/);
    assert.throws(bad({ examples: 1, every: 2 }), /run spec\.snapshots\.examples must be at least 2, got 1/);
    assert.throws(bad({ examples: 10, every: 2, layers: "some" }), /run spec\.snapshots\.layers must be "representation" or "all", got "some"/);
    const recording: RunSpec = { ...spec, snapshots: { examples: 10, every: 3, steps: [4], layers: "all" } };
    assert.notEqual(runSpecHash(recording), runSpecHash(spec));
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-runspec-"));
    const file = path.join(root, "spec.json");
    fs.writeFileSync(file, JSON.stringify(recording));
    const cache = path.join(root, "cache");
    const child = spawnSync(process.execPath, [bin, "train", file, "--out", runDirectory(cache, recording)], { encoding: "utf8", env: { ...process.env, POLARLAB_QUIET: "1" } });
    assert.equal(child.status, 0, child.stderr);
    const { model, run } = await trainRun(recording);
    const layers = model.layerNames();
    model.dispose();
    assert.deepEqual(run.snapshots.map((s) => s.step), [0, 3, 4, 6]);
    assert.deepEqual(Object.keys(run.snapshots[0].activations ?? {}), layers);
    assert.deepEqual(run.snapshots[0].activations!.mean.shape, [10, 2]);
    const ctx: StudyContext = { cache: new RunCache(cache), trainings: 0, progress: false, tick() {}, plan() {}, async checkpoint() {} };
    const info = await withModel(recording, ctx, async (_m, i) => i);
    assert.equal(ctx.trainings, 0);
    assert.deepEqual(info.snapshots, run.snapshots, "the child's snapshots, read from its run directory, equal the in-process ones");
    fs.rmSync(root, { recursive: true });
  });
});
