// Benchmark of logisticProbe's worker threads on a workload shaped like the mean-vs-sampled study's probes
// (notebook 03): 1,000 training and 500 held-out rows of 10 columns, 5 factors of 3, 6, 40, 32 and 32 classes (the
// dSprites factors but colour), strengths [0.01, 1, 100], 3 folds. Columns 0–4 carry their factor (its index scaled
// to [−1, 1]) plus N(0, 1) noise, columns 5–9 are noise only. Times the same call at threads 1 and 2 (or --threads=a,b)
// in the same run, alternating, after an untimed warm-up of each; prints the best of --reps repetitions (default 3)
// with the spread [min–max], the ratio of the best times to threads 1, the CPU time of the process (all its threads)
// in that repetition (what the workers' start and their cold JIT add), and whether the results are identical.
// --train=1500 gives the study's presets' 1,500 training rows. Figures, not tests.
// Run: npx tsc -p . && nice -n 5 node dist/bench/probe.js [--reps=3] [--threads=1,2] [--train=1000]
import * as os from "node:os";
import { isDeepStrictEqual } from "node:util";
import { logisticProbe, ProbeResult } from "../toolkit/metrics";
import { Rng } from "../toolkit/compute/rng";

const reps = Number(process.argv.find((a) => a.startsWith("--reps="))?.slice(7) ?? 3);
const threadCounts = (process.argv.find((a) => a.startsWith("--threads="))?.slice(10) ?? "1,2").split(",").map(Number);
const classes = [3, 6, 40, 32, 32];
const nTrain = Number(process.argv.find((a) => a.startsWith("--train="))?.slice(8) ?? 1000);
const [nTest, d] = [500, 10];

function dataset(n: number, rng: Rng): { x: { data: Float64Array; shape: [number, number] }; labels: { data: Int32Array; shape: [number, number] } } {
  const x = new Float64Array(n * d);
  const labels = new Int32Array(n * classes.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = rng.normal();
    classes.forEach((k, j) => {
      const c = Math.floor(rng.uniform() * k);
      labels[i * classes.length + j] = c;
      x[i * d + j] += (2 * c) / (k - 1) - 1;
    });
  }
  return { x: { data: x, shape: [n, d] }, labels: { data: labels, shape: [n, classes.length] } };
}

async function main(): Promise<void> {
  const rng = new Rng(0);
  const train = dataset(nTrain, rng);
  const test = dataset(nTest, rng);
  const run = (threads: number) => logisticProbe(train.x, train.labels, { test, strengths: [0.01, 1, 100], folds: 3, seed: 0, threads });
  console.log(`logisticProbe: ${nTrain} train / ${nTest} test rows × ${d} columns, factors of ${classes.join(", ")} classes, 3 strengths × 3 folds + refit; ${os.availableParallelism()} cores`);
  const results = new Map<number, ProbeResult>();
  for (const t of threadCounts) results.set(t, await run(t)); // warm-up, and the results compared below
  const times = new Map<number, number[]>(threadCounts.map((t) => [t, []]));
  const cpu = new Map<number, number[]>(threadCounts.map((t) => [t, []]));
  for (let r = 0; r < reps; r++) {
    for (const t of threadCounts) {
      const start = process.hrtime.bigint();
      const used = process.cpuUsage();
      await run(t);
      times.get(t)!.push(Number(process.hrtime.bigint() - start) / 1e9);
      const { user, system } = process.cpuUsage(used);
      cpu.get(t)!.push((user + system) / 1e6);
    }
  }
  const base = Math.min(...times.get(threadCounts[0])!);
  for (const t of threadCounts) {
    const ts = times.get(t)!;
    const best = Math.min(...ts);
    const bestCpu = cpu.get(t)![ts.indexOf(best)];
    console.log(`threads ${t}: ${best.toFixed(2)} s [${best.toFixed(2)}–${Math.max(...ts).toFixed(2)}], ${(best / base).toFixed(2)} × threads ${threadCounts[0]}'s time (speed-up ${(base / best).toFixed(2)}); CPU ${bestCpu.toFixed(2)} s`);
  }
  const first = results.get(threadCounts[0]);
  console.log(`results identical across threads: ${threadCounts.every((t) => isDeepStrictEqual(results.get(t), first)) ? "yes" : "NO"}`);
  console.log(`accuracy per factor: ${first!.accuracy.map((a) => a.toFixed(3)).join(", ")}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
