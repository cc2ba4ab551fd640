// The study executors against each other and against a real one-node Slurm cluster (slurmctld + slurmd on this
// machine, started by scripts/slurm-cluster.sh and stopped by PID): a smoke collapse study gives byte-identical
// tables in one process, through `--executor local` with 1 and 2 jobs and through `--executor slurm`, all at one
// OpenBLAS thread per training (the native addon's sums depend on the thread count); an array task cancelled while
// queued is the only one a re-run resubmits, and a watcher reading squeue and the run directory sees it fail. The other studies give the same tables in one process and through
// `--executor local --jobs 2` (wall-clock and memo-hit columns aside). The Slurm case is skipped, saying why, where Slurm is not
// installed or not root.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import { BIN } from "./client";
import { getSink, setSink } from "../../toolkit/display";
import { watchSweep } from "../../toolkit/studies/executors/progress";
import { RecordingSink } from "../toolkit/display/recording-sink";

const original = getSink();

const TABLES = ["summary.csv", "latents.csv", "cka.csv", "selfSimilarity.csv", "samples.csv"];
const CLUSTER = path.resolve(__dirname, "../../../scripts/slurm-cluster.sh");

const installed = ["sbatch", "slurmctld", "slurmd", "munged"].every((p) => spawnSync("sh", ["-c", `command -v ${p} || test -x /usr/sbin/${p}`]).status === 0);
const root = process.getuid?.() === 0;
const skip = !installed
  ? "Slurm is not installed here (apt-get install slurm-wlm munge; .ci/run installs them)"
  : !root ? "starting slurmctld and slurmd needs root" : false;

let dir: string;
let state: string;
let started = false;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-slurm-"));
  state = path.join(dir, "cluster");
  if (skip) return;
  // A cluster already answering (a developer's) is used as it is; otherwise one is started for this file.
  if (spawnSync("scontrol", ["ping"], { encoding: "utf8" }).stdout?.includes("UP")) return;
  const up = spawnSync(CLUSTER, ["start", state], { encoding: "utf8" });
  assert.equal(up.status, 0, up.stderr);
  started = true;
});
after(() => {
  if (started) spawnSync(CLUSTER, ["stop", state]);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** `polarlab study collapse --scale smoke --out OUT ...args`, resolving to its exit code and stderr. */
function study(out: string, ...args: string[]): Promise<{ status: number; stderr: string }> {
  return studyNamed("collapse", out, ...args);
}

function studyNamed(name: string, out: string, ...args: string[]): Promise<{ status: number; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, POLARLAB_QUIET: "1", OPENBLAS_NUM_THREADS: "1" };
    const child = spawn(process.execPath, [BIN, "study", name, "--scale", "smoke", "--out", out, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    child.on("close", (code) => resolve({ status: code ?? 1, stderr }));
  });
}

function tables(out: string): Record<string, string> {
  return Object.fromEntries(TABLES.map((t) => [t, fs.readFileSync(path.join(out, t), "utf8")]));
}

/** Every JSON table a study wrote, without its wall-clock columns (`seconds`: how long a step took here). */
function jsonTables(out: string): Record<string, unknown[]> {
  const names = fs.readdirSync(out).filter((f) => f.endsWith(".json") && f !== "result.json");
  return Object.fromEntries(names.map((f) => {
    const rows = JSON.parse(fs.readFileSync(path.join(out, f), "utf8")) as Record<string, unknown>[];
    // Wall time, and whether a FONDUE step found its score in the memo: side by side, two searches that share a
    // score (FONDUE and BS_FONDUE) may both score an n that, one after the other, the second finds in the memo.
    return [f, rows.map(({ seconds: _seconds, cached: _cached, ...row }) => row)];
  }));
}

// The smoke presets, with the similarity study's synthetic experiment (no training) cut to one size.
const OTHER_STUDIES: [string, string[], RegExp][] = [
  ["ivae", [], /2 of 2 training runs to do/],
  ["mean-vs-sampled", [], /2 of 2 training runs to do/],
  ["similarity", ["--param", "syntheticSizes=10", "--param", "syntheticRepeats=1"], /4 of 4 training runs to do/],
  // 3 elbow points, FONDUE's initial n (the data's ID) and BS_FONDUE's midpoint of [1, 8].
  ["fondue", [], /5 of 5 training runs to do/],
];

describe("every study through the local executor", () => {
  for (const [name, params, planned] of OTHER_STUDIES) {
    test(`${name}: the same tables in one process and with --executor local --jobs 2`, async () => {
      const inprocess = await studyNamed(name, path.join(dir, `${name}-inprocess`), ...params);
      assert.equal(inprocess.status, 0, inprocess.stderr);
      const local = await studyNamed(name, path.join(dir, `${name}-local`), ...params, "--executor", "local", "--jobs", "2", "--threads", "1");
      assert.equal(local.status, 0, local.stderr);
      assert.match(local.stderr, planned);
      if (name === "fondue") {
        // The searches' later n are not known in advance: the study trains them on the executor, in waves.
        assert.doesNotMatch(local.stderr, /trained afterwards in this process/);
        assert.match(local.stderr, /2 models trained/);
        assert.equal(fs.readdirSync(path.join(dir, `${name}-local`, "cache", "logs")).length, 2, "one training process per later n");
      } else {
        assert.match(local.stderr, /0 models trained/, "the study aggregates what the executor trained");
      }
      assert.deepEqual(jsonTables(path.join(dir, `${name}-local`)), jsonTables(path.join(dir, `${name}-inprocess`)));
    });
  }
});

describe("study executors", () => {
  let local: Record<string, string>;

  test("in one process and with --executor local --jobs 1 and 2 the tables are identical", async () => {
    const inprocess = await study(path.join(dir, "inprocess"));
    assert.equal(inprocess.status, 0, inprocess.stderr);
    const serial = await study(path.join(dir, "local1"), "--executor", "local", "--jobs", "1", "--threads", "1");
    assert.equal(serial.status, 0, serial.stderr);
    const parallel = await study(path.join(dir, "local"), "--executor", "local", "--jobs", "2", "--threads", "1");
    assert.equal(parallel.status, 0, parallel.stderr);
    assert.match(parallel.stderr, /4 of 4 training runs to do \(local executor\)/);
    assert.match(parallel.stderr, /0 models trained/, "the study aggregates what the executor trained");
    local = tables(path.join(dir, "local"));
    assert.deepEqual(local, tables(path.join(dir, "inprocess")));
    assert.deepEqual(tables(path.join(dir, "local1")), local);
  });

  test("--executor slurm: same tables; a cancelled array task is the only one resubmitted", { skip }, async () => {
    const out = path.join(dir, "slurm");
    const first = await study(out, "--executor", "slurm", "--max-concurrent", "1", "--no-wait");
    assert.equal(first.status, 0, first.stderr);
    const jobId = /submitted Slurm job (\d+) with 4 array tasks/.exec(first.stderr)?.[1];
    assert.ok(jobId, first.stderr);
    // With one task at a time, the last one is still queued: cancel it, as a node failure or a user would.
    const cancel = spawnSync("scancel", [`${jobId}_3`], { encoding: "utf8" });
    assert.equal(cancel.status, 0, cancel.stderr);
    const script = fs.readFileSync(path.join(out, "runs", fs.readdirSync(path.join(out, "runs")).find((f) => f.startsWith("submit-"))!), "utf8");
    assert.match(script, /#SBATCH --array=0-3%1/);
    // The re-run waits for the job still queued, then resubmits the cancelled task. Meanwhile a watcher (as in a
    // notebook cell) reads squeue and the run directory until the first job leaves the queue: the cancelled task left
    // it unfinished, so it counts as failed (or as done, if the resubmitted one already finished it).
    const rerunning = study(out, "--executor", "slurm");
    const sink = new RecordingSink(true);
    setSink(sink);
    let watched;
    try {
      watched = await watchSweep(out, { pollMs: 300 });
    } finally {
      setSink(original);
    }
    assert.equal(watched.total, 4);
    assert.equal(watched.pending + watched.running, 0);
    assert.ok(watched.done >= 3 && watched.done + watched.failed === 4, JSON.stringify(watched));
    const shown = sink.calls.map((c) => String(c.bundle["text/plain"]));
    assert.ok(shown.some((t) => / 1 running, /.test(t)), shown.join("\n"));
    assert.equal(new Set(sink.calls.map((c) => c.options?.displayId)).size, 1, "one display, updated in place");

    const rerun = await rerunning;
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stderr, new RegExp(`waiting for Slurm job ${jobId} submitted earlier`));
    assert.match(rerun.stderr, /1 of 4 training runs to do \(slurm executor\)/);
    assert.match(rerun.stderr, /submitted Slurm job \d+ with 1 array tasks/);
    assert.deepEqual(tables(out), local);
    const logs = fs.readdirSync(path.join(out, "logs"));
    assert.equal(logs.filter((f) => /^model-[0-9a-f]{16}\.log$/.test(f)).length, 4, `per-task logs: ${logs.join(", ")}`);
  });
});
