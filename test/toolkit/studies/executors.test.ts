// The executors' parts that run without a cluster: the Slurm batch script (array range with %N, sbatch options,
// quoting that survives bash), the local executor reporting a task whose `polarlab train` fails, with its log, the
// live sweep display (counts from the run directory and from squeue's states, in place or as lines), a study
// runner's `jobs` option training its runs in local processes first, and searches side by side trained in waves.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, test } from "node:test";
import { getSink, setSink, TerminalSink } from "../../../toolkit/display";
import { runLocal } from "../../../toolkit/studies/executors/local";
import { SweepProgress, sweepCounts, sweepText } from "../../../toolkit/studies/executors/progress";
import { decompositionStudy, fondueStudy, ivaeStudy, STUDIES } from "../../../toolkit/studies";
import { TrainingWaves } from "../../../toolkit/studies/executors/waves";
import type { RunSpec } from "../../../toolkit/studies/runSpec";
import { LOCK_FILE } from "../../../toolkit/runtime/lock";
import { RecordingSink } from "../display/recording-sink";
import { batchScript } from "../../../toolkit/studies/executors/slurm";
import { describeFailures, type Task } from "../../../toolkit/studies/executors/tasks";

const spec = {
  dataset: { name: "linearGaussian" as const, n: 32, k: 2, dim: 4, seed: 0 },
  model: { kind: "betaVAE", architecture: "linear" as const, latent: 2, likelihood: "gaussian" as const },
  trainer: { steps: 2, batchSize: 16, learningRate: 1e-3 },
  seed: 0,
};

function task(dir: string, name: string, body: unknown): Task {
  const specFile = path.join(dir, `${name}.json`);
  fs.writeFileSync(specFile, JSON.stringify(body));
  return { hash: name, spec, specFile, dir: path.join(dir, "run", name), log: path.join(dir, `${name}.log`) };
}

describe("Slurm batch script", () => {
  test("one array over the tasks with the options, valid bash even for odd paths", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab it's odd "));
    const tasks = [task(dir, "a", spec), task(dir, "b", spec), task(dir, "c", spec)];
    const script = batchScript("collapse", tasks, dir, { partition: "gpu", gres: "gpu:1", time: "02:00:00", mem: "8G", cpusPerTask: 4, maxConcurrent: 2 });
    for (const line of ["#SBATCH --array=0-2%2", "#SBATCH --partition='gpu'", "#SBATCH --gres='gpu:1'", "#SBATCH --time='02:00:00'", "#SBATCH --mem='8G'", "#SBATCH --cpus-per-task=4"]) {
      assert.ok(script.includes(`${line}\n`), `${line} in\n${script}`);
    }
    const file = path.join(dir, "job.sh");
    fs.writeFileSync(file, script);
    const check = spawnSync("bash", ["-n", file], { encoding: "utf8" });
    assert.equal(check.status, 0, check.stderr);
    // The arrays hold the paths exactly: print task 1's spec path through bash.
    const arrays = script.split("\n").filter((l) => /^(specs|dirs|logs)=/.test(l)).join("\n");
    const echo = spawnSync("bash", ["-c", `${arrays}\nprintf %s "\${specs[1]}"`], { encoding: "utf8" });
    assert.equal(echo.stdout, tasks[1].specFile);
    fs.rmSync(dir, { recursive: true });
  });
});

const originalSink = getSink();
afterEach(() => setSink(originalSink));

/** The plain text of every sweep display call the sink recorded. */
function sweepLines(sink: RecordingSink): string[] {
  return sink.calls.map((c) => String(c.bundle["text/plain"])).filter((t) => /training runs:/.test(t));
}

describe("local executor", () => {
  test("runs the tasks as polarlab train processes and reports the failed one with its spec and log", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-local-"));
    const good = task(dir, "good", spec);
    const bad = task(dir, "bad", { ...spec, model: { ...spec.model, betta: 4 } });
    const sink = new RecordingSink(true);
    setSink(sink);
    const failed = await runLocal([good, bad], { jobs: 2, progress: "sweep" });
    // One display, updated in place, from all pending to one done and one failed.
    const ids = new Set(sink.calls.map((c) => c.options?.displayId));
    assert.equal(ids.size, 1);
    assert.deepEqual(sink.calls.map((c) => c.options?.update === true), sink.calls.map((_, i) => i > 0));
    const lines = sweepLines(sink);
    assert.equal(lines[0], "sweep: 2 training runs: 2 pending, 0 running, 0 done, 0 failed; time left unknown until a run finishes");
    assert.equal(lines[lines.length - 1], "sweep: 2 training runs: 0 pending, 0 running, 1 done, 1 failed");
    assert.deepEqual(failed.map((t) => t.hash), ["bad"]);
    assert.ok(fs.existsSync(path.join(good.dir, "run.json")));
    assert.match(fs.readFileSync(bad.log, "utf8"), /unknown key "betta" \(did you mean "beta"\?\)/);
    assert.match(describeFailures(failed), new RegExp(`failed: model-bad \\(betaVAE, seed 0\\); spec ${bad.specFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}; log ${bad.log.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    fs.rmSync(dir, { recursive: true });
  });
});

describe("sweep progress", () => {
  test("counts from the run directory: finished runs, locked (running) directories, failures the executor saw", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-sweep-"));
    const [a, b, c] = ["a", "b", "c"].map((name) => task(dir, name, spec));
    fs.mkdirSync(b.dir, { recursive: true });
    fs.writeFileSync(path.join(b.dir, LOCK_FILE), "{}");
    assert.deepEqual(sweepCounts([a, b, c], { failed: new Set(["c"]) }), { total: 3, pending: 1, running: 1, done: 0, failed: 1 });
    // Slurm: the queue says 1 pending and 1 running of the 3 unfinished tasks; the third left the queue unfinished.
    assert.deepEqual(sweepCounts([a, b, c], { queue: { PENDING: 1, RUNNING: 1 } }), { total: 3, pending: 1, running: 1, done: 0, failed: 1 });
    assert.deepEqual(sweepCounts([a, b, c], { queue: {} }), { total: 3, pending: 0, running: 0, done: 0, failed: 3 });
    assert.equal(sweepText("s", { total: 4, pending: 1, running: 1, done: 2, failed: 0, eta: 130 }), "s: 4 training runs: 1 pending, 1 running, 2 done, 0 failed; about 2m10s left");
    fs.rmSync(dir, { recursive: true });
  });

  test("a terminal gets a line only when the counts change", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-sweep-"));
    const tasks = [task(dir, "a", spec), task(dir, "b", spec)];
    const sink = new RecordingSink(false);
    setSink(sink);
    const view = new SweepProgress("slurm", tasks);
    view.refresh({ queue: { PENDING: 2 } });
    view.refresh({ queue: { PENDING: 2 } });
    view.refresh({ queue: { PENDING: 1, RUNNING: 1 } });
    await new Promise((resolve) => setImmediate(resolve)); // the sink receives the formatted bundles asynchronously
    assert.deepEqual(sweepLines(sink), [
      "slurm: 2 training runs: 2 pending, 0 running, 0 done, 0 failed; time left unknown until a run finishes",
      "slurm: 2 training runs: 1 pending, 1 running, 0 done, 0 failed; time left unknown until a run finishes",
    ]);
    setSink(new TerminalSink());
    fs.rmSync(dir, { recursive: true });
  });
});

describe("a study runner's jobs option", () => {
  test("jobs: 2 trains the study's runs in local processes first; the study then trains nothing itself", async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-jobs-"));
    const sink = new RecordingSink(true);
    setSink(sink);
    const result = await ivaeStudy({ scale: "smoke", cacheDir, jobs: 2, threads: 1, progress: false });
    assert.equal(result.cache.trainings, 2, "the two runs the processes trained");
    const lines = sweepLines(sink);
    assert.equal(lines[lines.length - 1], "ivae (2 processes): 2 training runs: 0 pending, 0 running, 2 done, 0 failed");
    assert.equal(fs.readdirSync(path.join(cacheDir, "logs")).length, 2, "one log per training process");
    await assert.rejects(ivaeStudy({ scale: "smoke", jobs: 2, progress: false }), /ivaeStudy: jobs 2 needs cacheDir/);
    // The decomposition study lists its runs too (after computing its PCA prior): the processes train all of them.
    const decomposition = await decompositionStudy({ scale: "smoke", cacheDir, jobs: 2, threads: 1, progress: false });
    const listed = await STUDIES.decomposition.runs(decomposition.config, cacheDir);
    assert.equal(decomposition.cache.trainings, listed.length);
    assert.equal(fs.readdirSync(path.join(cacheDir, "logs")).length, 2 + listed.length, "one log per training process");
    await assert.rejects(ivaeStudy({ scale: "smoke", cacheDir, jobs: 0, progress: false }), /ivaeStudy: jobs must be a positive integer, got 0/);
    fs.rmSync(cacheDir, { recursive: true });
  });
});

describe("training in waves", () => {
  const at = (seed: number): RunSpec => ({ ...spec, seed });
  test("a wave starts once every search still going waits, trains each distinct run once, and resumes its searches", async () => {
    const waves: number[][] = [];
    const trainer = new TrainingWaves(3, async (specs) => void waves.push(specs.map((s) => s.seed)));
    const first = trainer.request(at(1));
    const second = trainer.request(at(1));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(waves, [], "the third search neither waits nor has left");
    trainer.leave();
    await Promise.all([first, second]);
    assert.deepEqual(waves, [[1]], "the same run asked for twice is trained once");
    const third = trainer.request(at(2));
    trainer.leave();
    await third;
    assert.deepEqual(waves, [[1], [2]]);
  });
  test("a failed wave fails every search waiting on it", async () => {
    const trainer = new TrainingWaves(2, async () => {
      throw new Error("2 of 2 training runs failed");
    });
    const asked = [trainer.request(at(1)), trainer.request(at(2))];
    for (const a of asked) await assert.rejects(a, /2 of 2 training runs failed/);
    assert.throws(() => new TrainingWaves(-1, async () => undefined), /TrainingWaves: searches must be a non-negative integer, got -1/);
  });
});

describe("FONDUE's searches on the executor", () => {
  test("jobs: 2 trains every search's later n in waves of processes; the search finds the same n as in process", async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-fondue-jobs-"));
    const inProcess = await fondueStudy({ scale: "smoke", progress: false });
    const sink = new RecordingSink(true);
    setSink(sink);
    const waved = await fondueStudy({ scale: "smoke", cacheDir, jobs: 2, threads: 1, progress: false });
    setSink(new TerminalSink());
    const models = fs.readdirSync(cacheDir).filter((f) => f.startsWith("model-") && fs.statSync(path.join(cacheDir, f)).isDirectory());
    assert.equal(waved.cache.trainings, models.length, "every model was trained by a training process");
    // One sweep for the runs known in advance, then one per wave of the searches' later n.
    const sweeps = new Set(sweepLines(sink).map((l) => /^fondue \(2 processes\): (\d+) training runs/.exec(l)?.[1]));
    assert.ok(sweeps.size >= 2 && !sweeps.has(undefined), `sweeps of ${[...sweeps].join(", ")} runs`);
    assert.deepEqual(waved.tables.runs.map((r) => [r.variant, r.n]), inProcess.tables.runs.map((r) => [r.variant, r.n]));
    fs.rmSync(cacheDir, { recursive: true });
  });
});
