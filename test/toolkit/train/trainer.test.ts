// The trainer: reproducibility, bitwise checkpoint resume, abort, NaN detection, no tensor leaks over 1,000 steps,
// and a β-VAE that learns (its loss ends below that of the best decoder that ignores z).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../../../toolkit/compute/backend";
import { createModel, Model, Batch } from "../../../toolkit/models";
import { loadModel, NonFiniteLossError, readCheckpointState, scheduledLearningRate, train, Trainer } from "../../../toolkit/train";
import { ArrayDataset, synthetic } from "./helpers";

const WIDTH = 12;
const tiny = (seed = 1) => createModel({ kind: "betaVAE", architecture: "mnistMlp", inputShape: [WIDTH], latent: 3, seed, beta: 2 });
const quiet = { progress: false, curve: false } as const;
const weights = (m: Model) => m.trainableVariables().map((v) => Array.from(v.dataSync()));
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-train-"));

describe("train", async () => {
  await ensureBackend();
  const data = synthetic(40, WIDTH, 3); // 5 batches of 8 per epoch

  test("the same seed gives identical losses step for step; another seed does not", async () => {
    const run = async (seed: number) => {
      const model = tiny();
      const r = await train(model, data, { steps: 12, batchSize: 8, logEvery: 1, seed, ...quiet });
      model.dispose();
      return r.history;
    };
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    assert.equal(a.length, 12);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.deepEqual(Object.keys(a[0]), ["step", "loss", "reconstruction", "kl", "kl_0", "kl_1", "kl_2"]);
  });

  test("runs on two models at once give the same histories as one after the other (each keeps its RNG stream)", async () => {
    const run = (seed: number) => train(tiny(), data, { steps: 6, batchSize: 8, logEvery: 1, seed, ...quiet });
    const sequential = [(await run(1)).history, (await run(2)).history];
    const concurrent = (await Promise.all([run(1), run(2)])).map((r) => r.history);
    assert.deepEqual(concurrent, sequential);
  });

  test("resuming from a checkpoint continues bitwise (weights, Adam state, RNG, data position, history)", async () => {
    const probe = tf.tensor2d(data.rows.slice(0, 5).map((r) => Array.from(r)));
    const snaps = { snapshotEvery: 3, probe, snapshotWeights: true };
    const straight = tiny();
    const full = await train(straight, data, { steps: 13, batchSize: 8, logEvery: 1, seed: 5, ...snaps, ...quiet });
    const dir = tmp();
    const first = tiny();
    await train(first, data, { steps: 7, batchSize: 8, logEvery: 1, seed: 5, checkpointDir: dir, ...snaps, ...quiet });
    assert.equal(readCheckpointState(dir).step, 7);
    const resumed = tiny(99); // different initial weights: everything must come from the checkpoint
    const rest = await train(resumed, data, { steps: 13, batchSize: 8, logEvery: 1, checkpointDir: dir, resume: true, ...snaps, ...quiet });
    assert.equal(rest.steps, 13);
    assert.deepEqual(rest.history, full.history);
    assert.deepEqual(rest.snapshots.map((s) => s.step), [0, 3, 6, 9, 12]);
    assert.deepEqual(rest.snapshots, full.snapshots, "snapshots (probe activations incl. sampled, weights) restored and continued");
    probe.dispose();
    assert.deepEqual(weights(resumed), weights(straight));
    const loaded = await loadModel(dir);
    const x = tf.tensor2d(data.rows.slice(0, 4).map((r) => Array.from(r)));
    const [a, b] = [loaded.encode(x), resumed.encode(x)];
    assert.deepEqual(a.mean.dataSync(), b.mean.dataSync());
    assert.deepEqual(a.logvar.dataSync(), b.logvar.dataSync());
    for (const m of [straight, first, resumed, loaded]) m.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("encoding between train() calls leaves the run unchanged; a loaded model samples as the trained one does", async () => {
    const x = tf.tensor2d(data.rows.slice(0, 4).map((r) => Array.from(r)));
    const straight = tiny();
    const full = await train(straight, data, { steps: 10, batchSize: 8, logEvery: 1, seed: 3, ...quiet });
    const staged = tiny();
    const trainer = new Trainer(staged);
    await trainer.train(data, { steps: 4, batchSize: 8, logEvery: 1, seed: 3, ...quiet });
    tf.dispose(Object.values(staged.encode(x))); // draws from the model's own stream, not from the run's
    const dir = tmp();
    const rest = await trainer.train(data, { steps: 10, logEvery: 1, checkpointDir: dir, ...quiet });
    trainer.dispose();
    assert.deepEqual(rest.history, full.history);
    assert.deepEqual(weights(staged), weights(straight));
    // Training never advances a model's own stream, so a model loaded from the checkpoint samples what the model
    // that was just trained samples (the studies' in-process, local and Slurm tables rely on it).
    const loaded = await loadModel(dir);
    const [a, b] = [loaded.encode(x), straight.encode(x)];
    assert.deepEqual(a.sampled.dataSync(), b.sampled.dataSync());
    tf.dispose([x, ...Object.values(a), ...Object.values(b)]);
    for (const m of [straight, staged, loaded]) m.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("an AbortSignal stops within one step with the signal's reason, leaves the model usable, and training continues afterwards", async () => {
    const model = tiny();
    const controller = new AbortController();
    let made = 0;
    async function* batches(): AsyncGenerator<Batch> {
      for (const row of data.rows.concat(data.rows)) {
        made += 1;
        if (made === 6) controller.abort(); // an interrupt arrives while the 6th batch is being made
        yield { x: tf.tensor2d([Array.from(row)]) };
      }
    }
    const trainer = new Trainer(model);
    await assert.rejects(trainer.train(batches(), { steps: 50, logEvery: 1, signal: controller.signal, ...quiet }), (e) => e === controller.signal.reason);
    const rep = model.encode(tf.tensor2d([Array.from(data.rows[0])]));
    assert.ok(rep.mean.dataSync().every(Number.isFinite));
    const more = await trainer.train(data, { steps: 9, batchSize: 8, logEvery: 1, ...quiet });
    assert.equal(more.steps, 9);
    assert.deepEqual(more.history.map((h) => h.step), [1, 2, 3, 4, 5, 6, 7, 8, 9], "the 5 steps before the abort were kept: the Trainer continues its run");
    trainer.dispose();
    const fresh = await train(model, data, { steps: 2, batchSize: 8, logEvery: 1, ...quiet });
    assert.deepEqual(fresh.history.map((h) => h.step), [1, 2], "train() starts a run of its own: nothing is kept per model");
    model.dispose();
  });

  test("an abort from a timer stops a long run (asynchronous interrupt) and rejects with its reason", async () => {
    const model = tiny();
    const controller = new AbortController();
    const reason = Object.assign(new Error("the cell was interrupted"), { name: "Interrupted" });
    setTimeout(() => controller.abort(reason), 100);
    await assert.rejects(train(model, data, { steps: 1_000_000, batchSize: 8, signal: controller.signal, ...quiet }), reason);
    model.dispose();
  });

  test("NaN in a loss term raises an error naming the step and the term, and keeps the last good checkpoint", async () => {
    const model = tiny();
    const dir = tmp();
    async function* batches(): AsyncGenerator<Batch> {
      for (let i = 0; i < 3; i++) yield { x: tf.tensor2d([Array.from(data.rows[i])]) };
      const bad = Array.from(data.rows[3]);
      bad[2] = NaN;
      yield { x: tf.tensor2d([bad]) };
    }
    let before: number[][] = [];
    await assert.rejects(
      async () => {
        await train(model, (async function* () {
          for await (const b of batches()) {
            before = weights(model);
            yield b;
          }
        })(), { steps: 10, checkpointEvery: 1, checkpointDir: dir, ...quiet });
      },
      (err: unknown) => {
        assert.ok(err instanceof NonFiniteLossError);
        assert.equal(err.step, 4);
        assert.equal(err.term, "reconstruction");
        assert.match(err.message, /loss term "reconstruction" is NaN at step 4/);
        assert.match(err.message, /last good checkpoint/);
        return true;
      },
    );
    assert.deepEqual(weights(model), before, "the failing update was not applied");
    assert.equal(readCheckpointState(dir).step, 3);
    model.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("no tensor leaks: tf.memory().numTensors is unchanged over 1,000 steps", async () => {
    const model = createModel({ kind: "betaVAE", architecture: "linear", inputShape: [4], latent: 2, seed: 1 });
    const small = new ArrayDataset(data.rows.slice(0, 8).map((r) => r.slice(0, 4)), 4);
    const probe = tf.tensor2d(data.rows.slice(0, 3).map((r) => Array.from(r.slice(0, 4))));
    const trainer = new Trainer(model);
    await trainer.train(small, { steps: 5, batchSize: 4, ...quiet }); // creates the optimiser's moments
    const before = tf.memory().numTensors;
    const r = await trainer.train(small, { steps: 1005, batchSize: 4, snapshotEvery: 250, probe, ...quiet });
    assert.equal(r.steps, 1005);
    assert.equal(r.snapshots.length, 4);
    assert.deepEqual(r.snapshots[0].activations?.mean.shape, [3, 2]);
    assert.equal(tf.memory().numTensors, before);
    trainer.dispose();
    model.dispose();
    probe.dispose();
  });

  test("a probe larger than one encoding chunk (256) is snapshotted whole, as if encoded at once", async () => {
    const model = tiny(3);
    const probeRows = synthetic(600, WIDTH, 9).rows;
    const probe = tf.tensor2d(probeRows.map((r) => Array.from(r)));
    const r = await train(model, new ArrayDataset(probeRows.slice(0, 64), WIDTH), { steps: 2, batchSize: 32, snapshotEvery: 2, probe, snapshotLayers: ["mean", "logvar"], ...quiet });
    const whole = model.activations(probe, ["mean", "logvar"]);
    for (const layer of ["mean", "logvar"]) {
      const snap = r.snapshots[r.snapshots.length - 1].activations![layer];
      assert.deepEqual(snap.shape, [600, 3]);
      // Equal up to float32 rounding: the matrix products block differently for 256 rows than for 600.
      const expected = whole[layer].dataSync();
      const worst = Math.max(...Array.from(snap.data, (v, i) => Math.abs(v - expected[i])));
      assert.ok(worst < 1e-5, `${layer}: largest difference ${worst}`);
      whole[layer].dispose();
    }
    model.dispose();
    probe.dispose();
  });

  test("a β-VAE trained 300 steps beats every decoder that ignores z", async () => {
    // Bound: the best z-independent Bernoulli decoder predicts each input's mean p̄ᵢ, with loss
    // −(1/N) Σₙ Σᵢ [xₙᵢ log p̄ᵢ + (1 − xₙᵢ) log(1 − p̄ᵢ)]; a model below it must carry information through z.
    const train200 = synthetic(256, WIDTH, 4);
    const model = createModel({ kind: "betaVAE", architecture: "mnistMlp", inputShape: [WIDTH], latent: 2, seed: 3, beta: 1 });
    const r = await train(model, train200, { steps: 300, batchSize: 64, learningRate: 3e-3, logEvery: 10, ...quiet });
    const p = Array.from({ length: WIDTH }, (_, i) => train200.rows.reduce((s, row) => s + row[i], 0) / train200.length);
    const bound = train200.rows.reduce((s, row) => s - row.reduce((t, x, i) => t + x * Math.log(p[i]) + (1 - x) * Math.log(1 - p[i]), 0), 0) / train200.length;
    const last = r.history.slice(-5).reduce((s, h) => s + h.loss, 0) / 5;
    assert.ok(last < bound - 0.3, `loss over the last 50 steps ${last.toFixed(3)} should be below the z-independent bound ${bound.toFixed(3)} − 0.3`);
    assert.ok(r.history[0].loss > last);
    model.dispose();
  });

  test("bad options are rejected with the value seen", async () => {
    const model = tiny();
    await assert.rejects(train(model, data, { steps: 0 }), /steps must be a positive integer, got 0/);
    await assert.rejects(train(model, data, { learningRate: -1, steps: 1 }), /learningRate must be a finite number > 0, got -1/);
    await assert.rejects(train(model, data, {}), /give steps or epochs/);
    const trainer = new Trainer(model);
    await trainer.train(data, { steps: 1, batchSize: 8, learningRate: 1e-3, ...quiet });
    await assert.rejects(trainer.train(data, { steps: 2, learningRate: 1e-2 }), /learningRate 0.01 differs from this Trainer's running training \(0.001\)/);
    trainer.dispose();
    await assert.rejects(train(model, [] as never, { steps: 1 }), /data must be a Dataset/);
    await assert.rejects(train(model, data, { steps: 1, learningRateSchedule: { at: [5, 3], factor: 0.1 } }), /learningRateSchedule.at must be a non-empty ascending list of positive integer steps, got \[5,3\]/);
    await assert.rejects(train(model, data, { steps: 1, learningRateSchedule: { at: [5], factor: 0 } }), /learningRateSchedule.factor must be a finite number > 0, got 0/);
    model.dispose();
  });

  test("a step decay of the learning rate: the base rate up to its step, then Adam's update scaled by the factor", async () => {
    assert.deepEqual([0, 1, 2, 4, 5, 9].map((done) => scheduledLearningRate(8, { at: [2, 5], factor: 0.5 }, done)), [8, 8, 4, 4, 2, 2]);
    assert.equal(scheduledLearningRate(8, undefined, 100), 8);
    // Same seed, same data: weights agree up to the decay step; the next update (same gradient, same Adam moments)
    // is the undecayed update times the factor.
    const run = async (schedule?: { at: number[]; factor: number }) => {
      const model = tiny();
      const trainer = new Trainer(model);
      const options = { batchSize: 8, learningRate: 1e-3, seed: 3, ...quiet, ...(schedule ? { learningRateSchedule: schedule } : {}) };
      await trainer.train(data, { ...options, steps: 3 });
      const before = weights(model);
      await trainer.train(data, { ...options, steps: 4 });
      const after = weights(model);
      trainer.dispose();
      model.dispose();
      return { before, after };
    };
    const plain = await run();
    const decayed = await run({ at: [3], factor: 0.1 });
    assert.deepEqual(decayed.before, plain.before);
    let checked = 0;
    plain.after.forEach((w, i) => w.forEach((v, j) => {
      const full = v - plain.before[i][j];
      if (Math.abs(full) < 1e-5) return; // too small a step for float32 differences to resolve the ratio
      assert.ok(Math.abs((decayed.after[i][j] - decayed.before[i][j]) / full - 0.1) < 0.02, `weight ${i}[${j}]: step ${decayed.after[i][j] - decayed.before[i][j]} vs ${full}`);
      checked++;
    }));
    assert.ok(checked > 100, `only ${checked} weights moved`);
  });
});
