// Benchmark (a figure, not a test): ms per training step of the fc and conv β-VAEs at 64×64×1, batch 64, latent 10
// (thesis Tables C.3/C.4) on the active backend, where the time goes (one profiled step, grouped into matmul,
// convolution, elementwise and optimiser update), and, when PyTorch imports, the same models in PyTorch and the
// ratio polarlab / PyTorch. Usage: node dist/bench/train-step.js [steps=5]   (POLARLAB_BACKEND / POLARLAB_NATIVE apply)
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { ensureBackend, formatBackendReport, backendReport } from "../toolkit/compute/backend";
import { Rng } from "../toolkit/compute/random";
import { createModel, Model } from "../toolkit/models";
import { createOptimizer, Trainer } from "../toolkit/train";

const STEPS = Number(process.argv[2] ?? 5);
const ARCHS = ["fc", "conv"] as const;

function binaryImages(seed: number): tf.Tensor4D {
  const rng = new Rng(seed);
  const data = Float32Array.from({ length: 64 * 64 * 64 }, () => (rng.uniform() < 0.5 ? 1 : 0));
  return tf.tensor4d(data, [64, 64, 64, 1]);
}

/** Per-step wall times: the time between successive batch requests of one train() call (after 2 warm-up steps). */
async function stepTimes(model: Model, x: tf.Tensor4D, steps: number): Promise<number[]> {
  const stamps: number[] = [];
  async function* batches(n: number) {
    for (let i = 0; i < n; i++) {
      stamps.push(performance.now());
      yield { x: x.clone() };
    }
    stamps.push(performance.now());
  }
  const trainer = new Trainer(model);
  await trainer.train(batches(2), { steps: 2, progress: false, curve: false }); // warm-up: kernels, moments
  stamps.length = 0;
  await trainer.train(batches(steps), { steps: 2 + steps, progress: false, curve: false });
  stamps.push(performance.now()); // the last step ends when train() returns
  trainer.dispose();
  return stamps.slice(1).map((t, i) => t - stamps[i]);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const CATEGORIES: [string, RegExp][] = [
  ["matmul", /MatMul/],
  ["convolution", /Conv2D|Conv2d/],
];

function category(kernel: string): string {
  for (const [name, re] of CATEGORIES) if (re.test(kernel)) return name;
  return "elementwise/other";
}

interface Breakdown {
  byCategory: Record<string, number>;
  byKernel: Record<string, number>;
  optimizerWallMs: number;
  forwardBackwardWallMs: number;
}

/** Profiles one step: forward + backward kernels by name, then the optimiser update (its second call, after the
 *  moments exist) as a whole, with the optimiser the trainer uses (native Adam where enabled). */
async function profileStep(model: Model, x: tf.Tensor4D): Promise<Breakdown> {
  const optimizer = createOptimizer(1e-4);
  const byCategory: Record<string, number> = {};
  const byKernel: Record<string, number> = {};
  const gradients = () => {
    const r = tf.variableGrads(() => model.lossTerms({ x }, { step: 0, datasetSize: 64, rng: new Rng(0) }).loss, model.trainableVariables());
    r.value.dispose();
    return Object.entries(r.grads).map(([name, tensor]) => ({ name, tensor }));
  };
  const warm = gradients();
  optimizer.applyGradients(warm); // creates Adam's moments
  tf.dispose(warm.map((g) => g.tensor));
  let grads: { name: string; tensor: tf.Tensor }[] = [];
  const t0 = performance.now();
  const info = await tf.profile(() => {
    grads = gradients();
    return grads.map((g) => g.tensor);
  });
  const forwardBackwardWallMs = performance.now() - t0;
  for (const k of info.kernels) {
    if (k.name.endsWith("__op")) continue; // op scopes (fusedMatMul__op) wrap kernels already counted
    const ms = typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
    byKernel[k.name] = (byKernel[k.name] ?? 0) + ms;
    byCategory[category(k.name)] = (byCategory[category(k.name)] ?? 0) + ms;
  }
  const t1 = performance.now();
  optimizer.applyGradients(grads);
  await model.trainableVariables()[0].data();
  const optimizerWallMs = performance.now() - t1;
  tf.dispose(grads.map((g) => g.tensor));
  optimizer.dispose();
  return { byCategory, byKernel, optimizerWallMs, forwardBackwardWallMs };
}

function torchTimes(steps: number): { fc: number; conv: number; torch: string; threads: number | string } | string {
  const script = path.resolve(__dirname, "../../bench/train_step_torch.py");
  const tried: string[] = [];
  for (const python of ["python3", "/usr/bin/python3"]) {
    const probe = spawnSync(python, ["-c", "import torch"], { encoding: "utf8" });
    if (probe.status !== 0) {
      tried.push(`${python}: ${(probe.stderr || String(probe.error ?? "")).trim().split("\n").pop()}`);
      continue;
    }
    const run = spawnSync(python, [script, String(steps)], { encoding: "utf8" });
    if (run.status !== 0) return `${python} ${script} failed: ${run.stderr.trim().split("\n").pop()}`;
    return JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
  }
  return `PyTorch is not installed (${tried.join("; ")}); skipping the comparison`;
}

async function main(): Promise<void> {
  if (!Number.isInteger(STEPS) || STEPS <= 0) throw new Error(`steps must be a positive integer, got ${process.argv[2]}`);
  await ensureBackend();
  console.log(formatBackendReport());
  const x = binaryImages(1);
  const results: Record<string, number> = {};
  for (const arch of ARCHS) {
    const model = createModel({ kind: "betaVAE", architecture: arch, inputShape: [64, 64, 1], latent: 10, seed: 0 });
    const times = await stepTimes(model, x, STEPS);
    results[arch] = median(times);
    if (process.env.POLARLAB_BENCH_VERBOSE) console.log(`  step times: ${times.map((t) => t.toFixed(0)).join(", ")}`);
    const b = await profileStep(model, x);
    const total = Object.values(b.byCategory).reduce((s, v) => s + v, 0) + b.optimizerWallMs;
    console.log(`\n${arch} β-VAE, batch 64, 64×64×1, latent 10 on ${backendReport()?.backend}: ${results[arch].toFixed(0)} ms/step (median of ${STEPS} steps; min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);
    console.log(`  profiled step: forward+backward ${b.forwardBackwardWallMs.toFixed(0)} ms wall (with profiling overhead), optimiser update ${b.optimizerWallMs.toFixed(0)} ms`);
    const rows: [string, number][] = [...Object.entries(b.byCategory), [`optimiser update (${backendReport()?.native?.enabled ? "native" : "tfjs"} Adam)`, b.optimizerWallMs]];
    for (const [name, ms] of rows.sort((p, q) => q[1] - p[1])) console.log(`  ${name.padEnd(30)} ${ms.toFixed(1).padStart(8)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)} %`);
    const top = Object.entries(b.byKernel).sort((p, q) => q[1] - p[1]).slice(0, 8);
    console.log(`  top kernels: ${top.map(([k, ms]) => `${k} ${ms.toFixed(1)}`).join(", ")}`);
    model.dispose();
  }
  const torch = torchTimes(STEPS);
  if (typeof torch === "string") {
    console.log(`\n${torch}`);
    return;
  }
  console.log(`\nPyTorch ${torch.torch} (${torch.threads} threads): fc ${torch.fc.toFixed(0)} ms/step, conv ${torch.conv.toFixed(0)} ms/step`);
  for (const arch of ARCHS) console.log(`ratio polarlab/PyTorch ${arch}: ${(results[arch] / torch[arch]).toFixed(2)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
