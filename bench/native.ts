// Benchmark (a figure, not a test) for toolkit/compute/native (docs/decisions.md, "Speed goals"): GFLOP/s of a
// 64x4096 x 4096x1200 float32 product, the conv β-VAE's convolutions (disentanglement_lib encoder,
// 4x4 stride 2 'same', batch 64) forward and backward, and an Adam update of 11.3M parameters, each
// native (OpenBLAS on the wasm heap) vs the wasm and cpu backends' own kernels, and the elementwise
// ops that stay on the backend (why the native kernels use wasm's memory rather than cpu's).
// The wasm rows include the kernels toolkit/compute adds to wasm (registerMissingKernels), as polarlab
// runs it; OPENBLAS_NUM_THREADS sets the native thread count (default: all cores).
// Run: npx tsc -p . && node dist/bench/native.js   (POLARLAB_BENCH_CPU=0 skips the slow cpu rows)
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

import { registerMissingKernels } from "../toolkit/compute/kernels";
import { createAdam, disableNativeKernels, enableNativeKernels, loadNativeAddon } from "../toolkit/compute/native";

type Variant = { label: string; backend: string; native: boolean };

const VARIANTS: Variant[] = [
  { label: "native", backend: "wasm", native: true },
  { label: "wasm", backend: "wasm", native: false },
  ...(process.env.POLARLAB_BENCH_CPU === "0" ? [] : [{ label: "cpu", backend: "cpu", native: false }]),
];

async function use(v: Variant): Promise<void> {
  await tf.setBackend(v.backend);
  registerMissingKernels(v.backend); // wasm lacks Conv2DBackpropFilter without the native kernels
  if (v.native) {
    const r = enableNativeKernels(v.backend);
    if (!r.enabled) throw new Error(`native kernels unavailable: ${r.reason}`);
  } else {
    disableNativeKernels(v.backend);
  }
}

/**
 * Milliseconds of fn over reps runs after one warm-up (fn's tensors are read then disposed): the
 * minimum, the least disturbed by other processes on a shared machine, and the median.
 */
function timings(fn: () => tf.Tensor, reps: number): { min: number; median: number } {
  const once = () => {
    const start = performance.now();
    const out = tf.tidy(fn);
    out.dataSync();
    const ms = performance.now() - start;
    out.dispose();
    return ms;
  };
  once();
  const runs = Array.from({ length: reps }, once).sort((a, b) => a - b);
  return { min: runs[0], median: runs[Math.floor(runs.length / 2)] };
}

/** "min (median)" in milliseconds. */
function cell(fn: () => tf.Tensor, reps: number): string {
  const t = timings(fn, reps);
  return `${t.min.toFixed(1)} (${t.median.toFixed(1)})`;
}

async function matmul(): Promise<void> {
  const flops = 2 * 64 * 4096 * 1200;
  console.log("\n64x4096 x 4096x1200 matMul (float32)");
  for (const v of VARIANTS) {
    await use(v);
    const a = tf.randomNormal([64, 4096], 0, 1, "float32", 1), b = tf.randomNormal([4096, 1200], 0, 1, "float32", 2);
    const t = timings(() => tf.matMul(a, b), v.backend === "cpu" ? 2 : 9);
    console.log(`  ${v.label.padEnd(7)} min ${t.min.toFixed(1).padStart(7)} ms ${(flops / t.min / 1e6).toFixed(1).padStart(6)} GFLOP/s` +
      `   median ${t.median.toFixed(1).padStart(7)} ms ${(flops / t.median / 1e6).toFixed(1).padStart(6)} GFLOP/s`);
    tf.dispose([a, b]);
  }
}

type Shape4 = [number, number, number, number];
const LAYERS: { name: string; x: Shape4; f: Shape4 }[] = [
  { name: "conv1 64x64x1 -> 32x32x32", x: [64, 64, 64, 1], f: [4, 4, 1, 32] },
  { name: "conv2 32x32x32 -> 16x16x32", x: [64, 32, 32, 32], f: [4, 4, 32, 32] },
  { name: "conv3 16x16x32 -> 8x8x64", x: [64, 16, 16, 32], f: [4, 4, 32, 64] },
  { name: "conv4 8x8x64 -> 4x4x64", x: [64, 8, 8, 64], f: [4, 4, 64, 64] },
];

async function convolutions(): Promise<void> {
  console.log("\nconv β-VAE layers, batch 64, 4x4 stride 2 'same' (ms, min (median): forward / grad input / grad filter)");
  for (const layer of LAYERS) {
    const cells: string[] = [];
    for (const v of VARIANTS) {
      await use(v);
      const reps = v.backend === "cpu" ? 1 : 5;
      const x = tf.randomNormal(layer.x, 0, 1, "float32", 3) as tf.Tensor4D;
      const f = tf.randomNormal(layer.f, 0, 0.1, "float32", 4) as tf.Tensor4D;
      const y = tf.conv2d(x, f, 2, "same");
      const attrs = { strides: 2, pad: "same", dataFormat: "NHWC" } as unknown as tf.NamedAttrMap;
      const fwd = cell(() => tf.conv2d(x, f, 2, "same"), reps);
      const dx = cell(() => tf.engine().runKernel("Conv2DBackpropInput", { dy: y, filter: f }, { ...attrs, inputShape: layer.x }) as tf.Tensor, reps);
      // tfjs-backend-cpu's filter gradient is a naive loop: minutes for conv2, so it is not timed.
      const dw = v.backend === "cpu" ? "-"
        : cell(() => tf.engine().runKernel("Conv2DBackpropFilter", { x, dy: y }, { ...attrs, filterShape: layer.f }) as tf.Tensor, reps);
      cells.push(`${v.label} ${fwd} / ${dx} / ${dw}`);
      tf.dispose([x, f, y]);
    }
    console.log(`  ${layer.name.padEnd(27)} ${cells.join("   ")}`);
  }
}

async function adam(): Promise<void> {
  // The fc β-VAE at 64x64: 4096*1200 + 1200*1200 + 1200*20 + 10*256 + 256*1200 + 1200*1200 + 1200*4096, ~11.3M.
  const shapes = [[4096, 1200], [1200, 1200], [1200, 20], [10, 256], [256, 1200], [1200, 1200], [1200, 4096]];
  console.log("\nAdam update of 11.3M parameters (ms per step, min (median))");
  for (const v of VARIANTS.filter((x) => x.backend === "wasm").concat(VARIANTS.filter((x) => x.backend === "cpu"))) {
    await use(v);
    const vars = shapes.map((s, i) => tf.variable(tf.randomNormal(s, 0, 0.01, "float32", 10 + i), true, `bench${v.label}${i}`));
    const grads = vars.map((x, i) => ({ name: x.name, tensor: tf.randomNormal(shapes[i], 0, 0.01, "float32", 20 + i) }));
    const optimizer = v.native ? createAdam(1e-4) : tf.train.adam(1e-4, 0.9, 0.999, 1e-8);
    const runs: number[] = [];
    for (let i = 0; i < (v.backend === "cpu" ? 2 : 6); i++) {
      const start = performance.now();
      optimizer.applyGradients(grads);
      vars[0].dataSync();
      runs.push(performance.now() - start);
    }
    runs.shift(); // the first step also allocates the moments
    runs.sort((a, b) => a - b);
    const label = (v.native ? "native" : `tfjs ${v.backend}`).padEnd(10);
    console.log(`  ${label} ${runs[0].toFixed(1)} (${runs[Math.floor(runs.length / 2)].toFixed(1)}) ms`);
    optimizer.dispose();
    tf.dispose([...vars, ...grads.map((g) => g.tensor)]);
  }
}

/** Why the native kernels sit on wasm rather than cpu: what stays on the backend is elementwise work. */
async function elementwise(): Promise<void> {
  console.log("\nthree elementwise ops (mul, add, exp) over 12M floats, the work left to the backend");
  for (const backend of VARIANTS.filter((v) => !v.native).map((v) => v.backend)) {
    await tf.setBackend(backend);
    const a = tf.randomNormal([12_000_000], 0, 1, "float32", 30), b = tf.randomNormal([12_000_000], 0, 1, "float32", 31);
    console.log(`  ${backend.padEnd(7)} ${cell(() => tf.exp(tf.add(tf.mul(a, b), a)), backend === "cpu" ? 1 : 5)} ms`);
    tf.dispose([a, b]);
  }
}

async function main(): Promise<void> {
  const load = loadNativeAddon();
  console.log(`addon: ${load.reason}`);
  if (!load.addon) return;
  await matmul();
  await convolutions();
  await adam();
  await elementwise();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
