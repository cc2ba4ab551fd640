// Benchmark of toolkit/metrics at the sizes of docs/decisions.md, "Speed goals" (n = 10,000; d = 10 and 1,024 for the similarity and
// mean-vs-sampled scores; d = 10 and 4,096 (64×64 images) for MLE k = 20 and TwoNN), timed against the numpy/scipy
// reference bench/metrics_reference.py on the same data in the same run when python3 has numpy. Each side is timed
// in 3 repetitions after an untimed warm-up; a repetition runs the task until 0.2 s have passed (once for slower
// tasks) and gives the time per run. Prints the best repetition with the spread [min–max] of the 3, the ratio of the
// best times polarlab / reference (goal ≤ 1) and its range from the spreads (best/worst-reference to
// worst/best-reference). Figures, not tests.
// Run: npx tsc -p . && node dist/bench/metrics.js [--quick | --n=ROWS] [--only=name,name] (e.g. --only=tc,"mle k=20 d=10")
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import * as m from "../toolkit/metrics";
import { ensureBackend, formatBackendReport } from "../toolkit/compute";
import { Rng } from "../toolkit/compute/rng";

const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const nArg = process.argv.find((a) => a.startsWith("--n="));
const n = nArg ? Number(nArg.slice(4)) : quick ? 2000 : 10000;

function gaussian(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.normal();
}

/** A representation with `latent` informative directions spread over d columns plus noise, and a related one. */
function representationPair(d: number, seed: number): [m.Matrix, m.Matrix] {
  const g = gaussian(seed);
  const latent = Math.min(d, 10);
  const w = Float64Array.from({ length: latent * d }, g);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: latent }, g);
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let l = 0; l < latent; l++) s += z[l] * w[l * d + j];
      x[i * d + j] = s + 0.5 * g();
      y[i * d + j] = Math.tanh(s) + 0.5 * g();
    }
  }
  return [{ rows: n, cols: d, data: x }, { rows: n, cols: d, data: y }];
}

/** 64×64 images of a Gaussian blob with random position and width (intrinsic dimension 3). */
function blobImages(seed: number): m.Matrix {
  const g = gaussian(seed);
  const side = 64;
  const data = new Float64Array(n * side * side);
  for (let i = 0; i < n; i++) {
    const cx = 16 + 32 * (0.5 + 0.5 * Math.tanh(g()));
    const cy = 16 + 32 * (0.5 + 0.5 * Math.tanh(g()));
    const s = 3 + 3 * (0.5 + 0.5 * Math.tanh(g()));
    for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) data[i * side * side + r * side + c] = Math.exp(-((r - cy) ** 2 + (c - cx) ** 2) / (2 * s * s));
  }
  return { rows: n, cols: side * side, data };
}

interface Task { name: string; metric: string; inputs: string[]; run: () => number | Promise<number>; }

async function main(): Promise<void> {
  await ensureBackend(); // the backend a kernel session would use: neighbour search runs on it
  console.log(formatBackendReport());
  // Inputs are made on first use, so that --only does not wait for the 64×64 images.
  const made: Record<string, m.Matrix> = {};
  const makers: Record<string, () => void> = {
    x10: () => { [made.x10, made.y10] = representationPair(10, 1); },
    x1024: () => { [made.x1024, made.y1024] = representationPair(1024, 2); },
    images: () => { made.images = blobImages(3); },
  };
  makers.y10 = makers.x10;
  makers.y1024 = makers.x1024;
  const input = (name: string): m.Matrix => { if (!(name in made)) makers[name](); return made[name]; };
  const tasks: Task[] = [];
  for (const d of [10, 1024]) {
    const x = () => input(`x${d}`);
    const y = () => input(`y${d}`);
    tasks.push(
      { name: `cka d=${d}`, metric: "cka", inputs: [`x${d}`, `y${d}`], run: () => m.linearCKA(x(), y()) },
      { name: `debiasedCKA d=${d}`, metric: "debiasedCKA", inputs: [`x${d}`, `y${d}`], run: () => m.debiasedCKA(x(), y()) },
      { name: `procrustes d=${d}`, metric: "procrustes", inputs: [`x${d}`, `y${d}`], run: () => m.procrustesSimilarity(x(), y()) },
      { name: `tc d=${d}`, metric: "tc", inputs: [`x${d}`], run: () => m.gaussianTotalCorrelation(x()) },
      { name: `averagedMI d=${d}`, metric: "averagedMI", inputs: [`x${d}`], run: () => m.averagedMutualInformation(x()) },
      { name: `effectiveRank d=${d}`, metric: "effectiveRank", inputs: [`x${d}`], run: () => m.effectiveRank(x()) },
    );
  }
  for (const [label, key] of [["d=10", "x10"], ["d=4096 images", "images"]]) {
    tasks.push(
      { name: `mle k=20 ${label}`, metric: "mle", inputs: [key], run: async () => (await m.mleIntrinsicDimension(input(key), { k: 20 })).dimension },
      { name: `twoNN ${label}`, metric: "twoNN", inputs: [key], run: async () => (await m.twoNN(input(key))).dimension },
    );
  }
  // A name selects the tasks it begins, up to a space: "tc" selects "tc d=10" and "tc d=1024", "tc d=10" only the first.
  const selected = tasks.filter((t) => !only || only.some((o) => t.name === o || t.name.startsWith(`${o} `)));
  const reference = referenceRunner(input, selected);
  console.log(`toolkit/metrics benchmark, n = ${n} (node ${process.version}; reference: ${reference ? "numpy/scipy, run right after each task" : "none (python3 with numpy not found)"})`);
  console.log("task".padEnd(24) + "polarlab s [min–max]".padStart(24) + "numpy s [min–max]".padStart(24) + "ratio [range]".padStart(20) + "   value (polarlab / numpy)");
  const spread = (t: Timing) => `${t.seconds.toFixed(4)} [${t.seconds.toFixed(3)}–${t.worst.toFixed(3)}]`;
  try {
    for (const t of selected) {
      const ours = await timed(t.run);
      const ref = reference?.run(t);
      const ratio = ref ? `${(ours.seconds / ref.seconds).toFixed(2)} [${(ours.seconds / ref.worst).toFixed(2)}–${(ours.worst / ref.seconds).toFixed(2)}]` : "-";
      console.log(t.name.padEnd(24) + spread(ours).padStart(24) + (ref ? spread(ref) : "-").padStart(24) + ratio.padStart(20) + `   ${ours.value.toPrecision(8)} / ${ref ? ref.value.toPrecision(8) : "-"}`);
    }
  } finally {
    reference?.close();
  }
}

/** The value, the best (`seconds`) and the worst of 3 timed runs. */
interface Timing { value: number; seconds: number; worst: number; }

/**
 * 3 repetitions after an untimed warm-up repetition (skipped for tasks over 1 s, where JIT compilation is
 * negligible); a repetition runs the task until 0.2 s have passed and gives the mean time per run.
 */
async function timed(run: () => number | Promise<number>): Promise<Timing> {
  let value = NaN;
  const repetition = async () => {
    const start = performance.now();
    let runs = 0;
    do { value = await run(); runs++; } while (performance.now() - start < 200);
    return (performance.now() - start) / 1000 / runs;
  };
  const first = await repetition();
  const times = first < 1 ? [] : [first];
  while (times.length < 3) times.push(await repetition());
  return { value, seconds: Math.min(...times), worst: Math.max(...times) };
}

/** Writes the inputs once for bench/metrics_reference.py, then times one task at a time in the same period as ours. */
function referenceRunner(input: (name: string) => m.Matrix, tasks: Task[]): { run(task: Task): Timing; close(): void } | undefined {
  const check = spawnSync("python3", ["-c", "import numpy, scipy"], { stdio: "ignore" });
  if (check.status !== 0) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-bench-"));
  for (const name of new Set(tasks.flatMap((t) => t.inputs))) {
    const mat = input(name);
    fs.writeFileSync(path.join(dir, `${name}.bin`), Buffer.from(mat.data.buffer, mat.data.byteOffset, mat.data.byteLength));
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ shape: [mat.rows, mat.cols] }));
  }
  const script = path.join(__dirname, "..", "..", "bench", "metrics_reference.py");
  return {
    run(task) {
      fs.writeFileSync(path.join(dir, "tasks.json"), JSON.stringify([{ name: task.name, metric: task.metric, inputs: task.inputs }]));
      const res = spawnSync("python3", [script, dir], { encoding: "utf8", maxBuffer: 1 << 24 });
      if (res.status !== 0) throw new Error(`reference failed: ${res.stderr}`);
      return JSON.parse(res.stdout)[task.name];
    },
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

main().catch((e) => { console.error(e); process.exit(1); });
