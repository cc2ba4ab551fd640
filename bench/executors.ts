// Benchmark (a figure, not a test): wall time of a study's trainings on the local executor at 1 and 2 jobs (and more
// if asked), each run into a fresh directory, with the machine's load before each, and whether the tables agree.
// OpenBLAS threads per process are ⌊cores / jobs⌋ unless given: at different thread counts the native addon's sums
// differ in the last bits, so the tables are compared only when the thread count is fixed.
// Usage: node dist/bench/executors.js [study=collapse] [scale=quick] [jobs=1,2] [threads=auto] [--param key=value ...]
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { POLARLAB_BIN } from "../kernel/kernelspec";

const [study = "collapse", scale = "quick", jobList = "1,2", threads = "auto"] = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && all[i - 1] !== "--param");
const params = process.argv.slice(2).flatMap((a, i, all) => (all[i - 1] === "--param" ? ["--param", a] : []));

function tables(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).filter((f) => f.endsWith(".csv")).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
}

function main(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-bench-executors-"));
  const results: { jobs: number; seconds: number; load: string; tables: Record<string, string> }[] = [];
  console.log(`${study} at ${scale} scale ${params.join(" ")} on ${os.availableParallelism()} cores; OpenBLAS threads per process: ${threads}`);
  for (const jobs of jobList.split(",").map(Number)) {
    const out = path.join(root, `jobs-${jobs}`);
    const load = os.loadavg().map((l) => l.toFixed(1)).join(" ");
    const started = performance.now();
    const args = [POLARLAB_BIN, "study", study, "--scale", scale, "--out", out, "--executor", "local", "--jobs", String(jobs), ...(threads === "auto" ? [] : ["--threads", threads]), ...params];
    const run = spawnSync(process.execPath, args, { encoding: "utf8", env: { ...process.env, POLARLAB_QUIET: "1" } });
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`jobs ${jobs} failed:\n${run.stderr}`);
    results.push({ jobs, seconds, load, tables: tables(out) });
    console.log(`  jobs ${jobs}: ${seconds.toFixed(1)} s wall (load average before: ${load})`);
  }
  const [first, ...rest] = results;
  for (const r of rest) {
    const same = JSON.stringify(r.tables) === JSON.stringify(first.tables);
    console.log(`  jobs ${r.jobs} vs ${first.jobs}: ${(first.seconds / r.seconds).toFixed(2)}× speed-up; tables ${same ? "identical" : "differ"}${threads === "auto" && !same ? " (thread counts differ; give threads=1 to compare)" : ""}`);
  }
  fs.rmSync(root, { recursive: true, force: true });
}

main();
