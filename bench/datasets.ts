// Dataset benchmarks (figures, not pass/fail; goals in docs/decisions.md, "Speed goals"): dSprites rendering ≥ 20,000
// images/s on one core, a shuffled batch of 64 ready in ≤ 5 ms, memory flat over an epoch; plus the time of unique()
// over the whole dSprites grid (the duplicate count FONDUE needs,
// docs/reference-implementations.md, "Duplicate points").
// Run: npx tsc -p . && node dist/bench/datasets.js [--epoch-fraction=1]
import * as tf from "@tensorflow/tfjs";
import { dsprites, renderDSpritePacked, dspritesGrid, mnist, Dataset } from "../datasets";

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function renderRate(): void {
  const t = new Int32Array(5);
  const bits = new Uint32Array(128);
  const n = 200000;
  let start = process.hrtime.bigint();
  for (let k = 0; k < n; k++) {
    dspritesGrid.tupleOf((k * 7919) % dspritesGrid.length, t);
    renderDSpritePacked(t[0], t[1], t[2], t[3], t[4], bits);
  }
  console.log(`dSprites render (bit-packed):          ${(n / seconds(start)).toFixed(0)} images/s`);
  const d = dsprites({ cacheSize: 0 });
  const out = new Float32Array(4096);
  start = process.hrtime.bigint();
  for (let k = 0; k < n; k++) d.writeX((k * 7919) % d.length, out, 0);
  console.log(`dSprites render + unpack to float32:   ${(n / seconds(start)).toFixed(0)} images/s`);
  // The bit-packed cache pays off on repeated reads of a subset (a FONDUE probe set, later epochs).
  const sub = dsprites().subsample(10000, 1);
  for (let i = 0; i < sub.length; i++) sub.get(i);
  start = process.hrtime.bigint();
  for (let k = 0; k < n; k++) sub.writeX((k * 7919) % sub.length, out, 0);
  console.log(`dSprites from a warm cache (10k subset): ${(n / seconds(start)).toFixed(0)} images/s`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Time of each `next()` on a shuffled stream when the consumer does no work (no overlap to hide it). */
async function batchLatency(label: string, d: Dataset, batches: number): Promise<void> {
  const it = d.batches(64, { shuffle: true, seed: 1, epochs: Infinity })[Symbol.asyncIterator]();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < batches + 10; k++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const { value } = await it.next();
    const ms = seconds(start) * 1000;
    const used = process.cpuUsage(cpuStart);
    if (k >= 10) {
      times.push(ms);
      cpu.push((used.user + used.system) / 1000);
    }
    tf.dispose([value.x, value.factors, value.u].filter((x): x is tf.Tensor => x !== undefined));
  }
  await it.return?.();
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  // Wall time includes waiting for a core on a shared machine; CPU time is the work itself.
  console.log(
    `${label} shuffled batch of 64: wall median ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms; ` +
      `CPU median ${percentile(cpu, 0.5).toFixed(2)} ms, p95 ${percentile(cpu, 0.95).toFixed(2)} ms`,
  );
}

async function epochMemory(fraction: number): Promise<void> {
  const d = dsprites();
  const total = Math.ceil((d.length * fraction) / 64);
  const mb = (b: number) => (b / 2 ** 20).toFixed(0);
  let k = 0;
  const tensors = tf.memory().numTensors;
  const start = process.hrtime.bigint();
  for await (const b of d.batches(64, { shuffle: true, seed: 2 })) {
    tf.dispose([b.x, b.factors!]);
    if (k % Math.ceil(total / 8) === 0) {
      const m = process.memoryUsage();
      console.log(`  batch ${String(k).padStart(6)}: rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} MB, array buffers ${mb(m.arrayBuffers)} MB, tensors ${tf.memory().numTensors - tensors}`);
    }
    if (++k >= total) break;
  }
  const m = process.memoryUsage();
  console.log(`  end (${k} batches, ${(seconds(start)).toFixed(1)} s): rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} MB, tensors ${tf.memory().numTensors - tensors}`);
}

async function main(): Promise<void> {
  const arg = process.argv.find((a) => a.startsWith("--epoch-fraction="));
  const fraction = arg ? Number(arg.split("=")[1]) : 1;
  await tf.ready();
  console.log(`backend ${tf.getBackend()}, node ${process.version}`);
  renderRate();
  await batchLatency("dSprites (binary, cached)", dsprites(), 300);
  await batchLatency("dSprites (no cache)      ", dsprites({ cacheSize: 0 }), 300);
  await batchLatency("MNIST                    ", mnist(), 300);
  const start = process.hrtime.bigint();
  const u = dsprites().unique();
  console.log(`dSprites unique() over all 737,280 images: ${u.removed} duplicates removed in ${seconds(start).toFixed(1)} s`);
  console.log(`dSprites memory over ${fraction === 1 ? "one epoch" : `${fraction} of an epoch`} (shuffled, batch 64):`);
  await epochMemory(fraction);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
