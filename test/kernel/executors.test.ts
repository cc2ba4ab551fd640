// The executors' parts that run without a cluster: the Slurm batch script (array range with %N, sbatch options,
// quoting that survives bash), and the local executor reporting a task whose `polarlab train` fails, with its log.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { runLocal } from "../../kernel/executors/local";
import { batchScript } from "../../kernel/executors/slurm";
import { describeFailures, type Task } from "../../kernel/executors/tasks";

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

describe("local executor", () => {
  test("runs the tasks as polarlab train processes and reports the failed one with its spec and log", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-local-"));
    const good = task(dir, "good", spec);
    const bad = task(dir, "bad", { ...spec, model: { ...spec.model, betta: 4 } });
    const failed = await runLocal([good, bad], { jobs: 2 });
    assert.deepEqual(failed.map((t) => t.hash), ["bad"]);
    assert.ok(fs.existsSync(path.join(good.dir, "run.json")));
    assert.match(fs.readFileSync(bad.log, "utf8"), /unknown key "betta" \(did you mean "beta"\?\)/);
    assert.match(describeFailures(failed), new RegExp(`failed: model-bad \\(betaVAE, seed 0\\); spec ${bad.specFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}; log ${bad.log.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    fs.rmSync(dir, { recursive: true });
  });
});
