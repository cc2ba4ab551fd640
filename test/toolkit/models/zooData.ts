// Tiny synthetic data for the model-zoo tests: x = tanh(s A) + 0.05·noise with s ~ N(0, I_k), A a seeded k×D map,
// served as a BatchSource (seeded shuffles), plus a check that a training history is finite and falling.
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../../toolkit/compute/random";
import { Batch } from "../../../toolkit/models";
import { BatchSource } from "../../../toolkit/train";

export interface TinyData extends BatchSource {
  x: Float32Array;
  u?: Float32Array;
  dim: number;
  auxDim?: number;
}

/** A BatchSource over rows of `x` [n, dim] (and `u` [n, auxDim]); each epoch is a seeded shuffle. */
export function batchSource(x: Float32Array, dim: number, u?: Float32Array, auxDim?: number): TinyData {
  const n = x.length / dim;
  return {
    x, u, dim, auxDim, length: n,
    async *batches(batchSize: number, options: { seed?: number; epochs?: number } = {}): AsyncIterable<Batch> {
      const rng = new Rng(options.seed ?? 0);
      for (let e = 0; options.epochs === undefined || e < options.epochs; e++) {
        const order = Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
        for (let start = 0; start + batchSize <= n; start += batchSize) {
          const rows = order.slice(start, start + batchSize);
          const xb = new Float32Array(batchSize * dim);
          rows.forEach((r, k) => xb.set(x.subarray(r * dim, (r + 1) * dim), k * dim));
          const batch: Batch = { x: tf.tensor2d(xb, [batchSize, dim]) };
          if (u && auxDim) {
            const ub = new Float32Array(batchSize * auxDim);
            rows.forEach((r, k) => ub.set(u.subarray(r * auxDim, (r + 1) * auxDim), k * auxDim));
            batch.u = tf.tensor2d(ub, [batchSize, auxDim]);
          }
          yield batch;
        }
      }
    },
  };
}

/** n examples of x = tanh(s A) + 0.05 ε in R^dim from k sources. */
export function tinyNonlinear(n = 512, dim = 8, k = 2, seed = 1): TinyData {
  const rng = new Rng(seed);
  const a = Array.from({ length: k * dim }, () => rng.normal());
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const s = Array.from({ length: k }, () => rng.normal());
    for (let d = 0; d < dim; d++) {
      let v = 0;
      for (let j = 0; j < k; j++) v += s[j] * a[j * dim + d];
      x[i * dim + d] = Math.tanh(v) + 0.05 * rng.normal();
    }
  }
  return batchSource(x, dim);
}

/** Asserts every logged value is finite and the mean loss of the last quarter is below that of the first. */
export function assertTrainedDown(history: Record<string, number>[], terms: string[]): void {
  assert.ok(history.length >= 8, `history has ${history.length} rows`);
  for (const row of history) {
    for (const [k, v] of Object.entries(row)) assert.ok(Number.isFinite(v), `step ${row.step}: ${k} = ${v}`);
    for (const t of terms) assert.ok(t in row, `term ${t} is logged (row keys: ${Object.keys(row).join(", ")})`);
  }
  const q = Math.max(2, Math.floor(history.length / 4));
  const mean = (rows: Record<string, number>[]) => rows.reduce((s, r) => s + r.loss, 0) / rows.length;
  const first = mean(history.slice(0, q));
  const last = mean(history.slice(-q));
  assert.ok(last < first, `loss fell: first ${first.toFixed(3)} → last ${last.toFixed(3)}`);
}
