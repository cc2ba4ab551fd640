// Checkpoints survive crashes and damage: weights carry their length and SHA-256 (a truncated or edited file is an
// error naming it), a save never rewrites the weights file the current manifest names, two processes saving into
// one directory do not trip over a shared temporary name, and a dataset without examples is refused up front.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensureBackend } from "../../../toolkit/compute/backend";
import { createModel } from "../../../toolkit/models";
import { loadModel, train, Trainer } from "../../../toolkit/train";
import { ArrayDataset, synthetic } from "./helpers";

const WIDTH = 12;
const tiny = () => createModel({ kind: "betaVAE", architecture: "mnistMlp", inputShape: [WIDTH], latent: 3, seed: 1 });
const quiet = { progress: false, curve: false } as const;
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-crash-"));
const manifest = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "checkpoint.json"), "utf8"));

describe("crash-safe checkpoints", async () => {
  await ensureBackend();
  const data = synthetic(16, WIDTH, 3);

  async function trained(steps = 2, checkpointEvery?: number): Promise<string> {
    const dir = tmp();
    const model = tiny();
    await train(model, data, { steps, batchSize: 8, checkpointDir: dir, checkpointEvery, ...quiet });
    model.dispose();
    return dir;
  }

  test("a truncated weights file is an error naming the file, its size and what to do", async () => {
    const dir = await trained();
    const file = path.join(dir, manifest(dir).weightsFile);
    const size = fs.statSync(file).size;
    fs.truncateSync(file, size - 100);
    await assert.rejects(loadModel(dir), (err: Error) => {
      assert.ok(err.message.includes(file), err.message);
      assert.match(err.message, new RegExp(`has ${size - 100} bytes, ${size} were written: it is truncated`));
      assert.match(err.message, /Delete the checkpoint's directory/);
      return true;
    });
    fs.rmSync(dir, { recursive: true });
  });

  test("an edited weights file (same length) fails its checksum", async () => {
    const dir = await trained();
    const file = path.join(dir, manifest(dir).weightsFile);
    const bytes = fs.readFileSync(file);
    bytes[17] ^= 0x40;
    fs.writeFileSync(file, bytes);
    await assert.rejects(loadModel(dir), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} does not match the SHA-256`));
    fs.rmSync(dir, { recursive: true });
  });

  test("a cut-off checkpoint.json is an error naming it", async () => {
    const dir = await trained();
    const file = path.join(dir, "checkpoint.json");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").slice(0, 40));
    await assert.rejects(loadModel(dir), (err: Error) => err.message.startsWith(`${file} is not valid JSON`));
    fs.rmSync(dir, { recursive: true });
  });

  test("saving again at the same step writes a new weights file and never rewrites the one the manifest names", async () => {
    const dir = tmp();
    const model = tiny();
    const trainer = new Trainer(model);
    await trainer.train(data, { steps: 2, batchSize: 8, checkpointDir: dir, ...quiet });
    const first = manifest(dir).weightsFile;
    const keep = path.join(dir, "keep.bin");
    fs.linkSync(path.join(dir, first), keep); // the same inode: a write in place would change its mtime
    const before = fs.statSync(keep).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    await trainer.train(data, { steps: 2, batchSize: 8, checkpointDir: dir, ...quiet }); // at target: only the final save
    assert.equal(fs.statSync(keep).mtimeMs, before, "the weights file checkpoint.json pointed to was rewritten in place");
    assert.notEqual(manifest(dir).weightsFile, first);
    assert.ok(!fs.existsSync(path.join(dir, first)), "the replaced weights file is removed once the manifest moved on");
    trainer.dispose();
    model.dispose();
    const loaded = await loadModel(dir);
    loaded.dispose();
    fs.rmSync(dir, { recursive: true });
  });

  test("two processes saving checkpoints into one directory both succeed and leave a loadable checkpoint", async () => {
    const dir = tmp();
    const dist = path.resolve(__dirname, "..", "..", "..");
    const script = `
      const { ensureBackend } = require(${JSON.stringify(path.join(dist, "toolkit/compute/backend"))});
      const { createModel } = require(${JSON.stringify(path.join(dist, "toolkit/models"))});
      const { saveCheckpoint } = require(${JSON.stringify(path.join(dist, "toolkit/train/checkpoint"))});
      (async () => {
        await ensureBackend();
        const model = createModel({ kind: "betaVAE", architecture: "mnistMlp", inputShape: [12], latent: 3, seed: 1 });
        const state = { step: 1, epoch: 0, batchInEpoch: 1, seed: 0, learningRate: 1e-4, batchSize: 8, rng: { words: [1, 2, 3, 4], spare: null }, history: [] };
        for (let i = 0; i < 40; i++) await saveCheckpoint(process.argv[1], model, [], state);
      })().catch((e) => { console.error(e.message); process.exit(1); });`;
    const run = () =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ["-e", script, dir], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, POLARLAB_QUIET: "1" } });
        let stderr = "";
        child.stderr.on("data", (c) => (stderr += c));
        child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
      });
    const results = await Promise.all([run(), run()]);
    assert.deepEqual(results.map((r) => r.code), [0, 0], results.map((r) => r.stderr).join("\n"));
    const loaded = await loadModel(dir);
    loaded.dispose();
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
    fs.rmSync(dir, { recursive: true });
  });

  test("a dataset with no examples is refused before training", async () => {
    const model = tiny();
    const empty = new ArrayDataset([], WIDTH);
    await assert.rejects(train(model, empty, { epochs: 1, batchSize: 8, ...quiet }), /train: the dataset has no examples \(length 0\)/);
    await assert.rejects(train(model, empty, { steps: 5, batchSize: 8, ...quiet }), /the dataset has no examples/);
    model.dispose();
  });
});
