// `polarlab study` end to end (kernel/commands/study.ts): a smoke-scale FONDUE study with overrides
// writes its tables (CSV, JSON), its charts (SVG) and result.json; a re-run reuses the cache; bad
// arguments exit 2 with the usage; SIGTERM stops a run promptly. Runs the real CLI (bin/polarlab.js) in a
// child process.
import { test, describe, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const bin = path.resolve(__dirname, "../../../../bin/polarlab.js");
const out = mkdtempSync(path.join(tmpdir(), "polarlab-cli-"));
after(() => rmSync(out, { recursive: true, force: true }));

function polarlab(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, POLARLAB_QUIET: "1" } });
}

describe("polarlab study", () => {
  test("writes tables, charts and result.json, and reuses its cache on a re-run", () => {
    const args = ["study", "fondue", "--scale", "smoke", "--out", out, "--param", "variants=fondue", "--param", "elbowDims=1,3", "--param", "idKs=5,10"];
    const first = polarlab(...args);
    assert.equal(first.status, 0, first.stderr);
    for (const f of ["ids.csv", "ids.json", "runs.csv", "traces.json", "elbow.csv", "trace.svg", "elbow.svg", "result.json"]) {
      assert.ok(existsSync(path.join(out, f)), `${f} written`);
    }
    const result = JSON.parse(readFileSync(path.join(out, "result.json"), "utf8"));
    assert.deepEqual(result.config.variants, ["fondue"]);
    assert.deepEqual(result.config.elbowDims, [1, 3]);
    assert.ok(result.cache.trainings > 0);
    assert.match(readFileSync(path.join(out, "runs.csv"), "utf8"), /^variant,label,seed,n,init,models,seconds,capped,meanImageRecon\nfondue,FONDUE,0,/);
    assert.match(readFileSync(path.join(out, "trace.svg"), "utf8"), /^<svg/);
    const second = polarlab(...args);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(JSON.parse(readFileSync(path.join(out, "result.json"), "utf8")).cache.trainings, 0);
  });

  test("bad arguments exit 2 and name what is expected", () => {
    const unknown = polarlab("study", "nope");
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /study must be one of collapse, collapse-mnist, ivae, mean-vs-sampled, mean-vs-sampled-color, similarity, fondue, decomposition, pca-directions, got "nope"/);
    const scale = polarlab("study", "fondue", "--scale", "huge");
    assert.equal(scale.status, 2);
    assert.match(scale.stderr, /scale must be one of smoke \| quick \| reference \| paper/);
    const param = polarlab("study", "fondue", "--scale", "smoke", "--out", out, "--param", "nonsense=1");
    assert.equal(param.status, 2, "a bad --param is a usage error, found before any work starts");
    assert.match(param.stderr, /fondue: unknown parameter "nonsense"; expected one of/);
    const executor = polarlab("study", "similarity", "--scale", "smoke", "--out", out, "--executor", "cloud");
    assert.equal(executor.status, 2);
    assert.match(executor.stderr, /--executor cloud: expected one of inprocess, local, slurm/);
  });

  test("SIGTERM stops a running study promptly with exit 143", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "polarlab-cli-term-"));
    try {
      const child = spawn(process.execPath, [bin, "study", "fondue", "--scale", "quick", "--out", dir], { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      const deadline = performance.now() + 120_000;
      while (!/\d+\/\d+/.test(output)) {
        assert.ok(performance.now() < deadline && child.exitCode === null, `no progress line; output:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const t0 = performance.now();
      child.kill("SIGTERM");
      const status = await exited;
      const seconds = (performance.now() - t0) / 1000;
      assert.equal(status, 143, output);
      assert.ok(seconds < 5, `SIGTERM took ${seconds} s`);
      assert.match(output, /polarlab study fondue: stopped by SIGTERM; finished work is cached for the next run/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
