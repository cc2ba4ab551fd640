// Fixed probe sets and the representations of a model over them, in batches, as plain float32
// matrices (the MatrixLike the metrics accept): mean μ, variance σ², sampled z (thesis §6.3) and any
// named layer (thesis ch. 7). Each batch's tensors are freed before the next one is encoded.
import * as tf from "@tensorflow/tfjs";
import type { Dataset } from "../../datasets/dataset";
import { nextTurn } from "../compute/turn";
import type { Model } from "../models/model";
import type { Matrix } from "../metrics";
import { Rng } from "../compute/rng";

/** A row-major float32 matrix, rows = examples. */
export interface Mat {
  data: Float32Array;
  shape: [number, number];
}

/** A fixed set of examples the representations are measured on. The owner disposes x and u. */
export interface Probe {
  x: tf.Tensor;
  u?: tf.Tensor2D;
  /** Ground-truth factor indices, row-major [n, factors], where the dataset has them. */
  factors?: Int32Array;
  /** Continuous ground-truth sources [n, sourceDim], where the dataset has them. */
  sources?: Mat;
  n: number;
  dispose(): void;
}

/** min(n, dataset.length) examples drawn without replacement with `seed` (all of them, in order, if n ≥ length). */
export function probeSet(dataset: Dataset, n: number, seed: number): Probe {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`probeSet: n must be an integer ≥ 2, got ${n}`);
  const data = n >= dataset.length ? dataset : dataset.subsample(n, seed);
  const x = data.toTensor();
  const rows = data.length;
  let u: tf.Tensor2D | undefined;
  let factors: Int32Array | undefined;
  if (data.auxDim) {
    const buf = new Float32Array(rows * data.auxDim);
    for (let i = 0; i < rows; i++) buf.set(data.get(i).u as Float32Array, i * data.auxDim);
    u = tf.tensor2d(buf, [rows, data.auxDim]);
  }
  if (data.factors) {
    const f = data.factors.names.length;
    factors = new Int32Array(rows * f);
    for (let i = 0; i < rows; i++) factors.set(data.get(i).factors as Int32Array, i * f);
  }
  const sources = data.sourceDim ? data.sources() : undefined;
  return { x, u, factors, sources, n: rows, dispose: () => tf.dispose([x, ...(u ? [u] : [])]) };
}

/** Runs `f` over row batches of the probe and concatenates each returned matrix by rows. */
async function batched(
  probe: Probe,
  batchSize: number,
  f: (x: tf.Tensor, u: tf.Tensor2D | undefined) => Record<string, tf.Tensor>,
  signal?: AbortSignal,
): Promise<Record<string, Mat>> {
  const parts: Record<string, Float32Array[]> = {};
  const widths: Record<string, number> = {};
  for (let start = 0; start < probe.n; start += batchSize) {
    signal?.throwIfAborted();
    const size = Math.min(batchSize, probe.n - start);
    const out = tf.tidy(() => {
      const x = tf.slice(probe.x, start, size);
      const u = probe.u ? tf.slice(probe.u, start, size) : undefined;
      return f(x, u);
    });
    for (const [key, t] of Object.entries(out)) {
      widths[key] = t.shape.slice(1).reduce((a, b) => a * b, 1);
      (parts[key] ??= []).push((await t.data()) as Float32Array);
    }
    tf.dispose(Object.values(out));
    await nextTurn(signal);
  }
  const result: Record<string, Mat> = {};
  for (const [key, chunks] of Object.entries(parts)) {
    const data = new Float32Array(probe.n * widths[key]);
    let offset = 0;
    for (const c of chunks) {
      data.set(c, offset);
      offset += c.length;
    }
    result[key] = { data, shape: [probe.n, widths[key]] };
  }
  return result;
}

/** μ, log σ², σ², z (and iVAE's prior μ†, Σ†) of every probe example. */
export function representations(model: Model, probe: Probe, options: { batchSize?: number; signal?: AbortSignal } = {}) {
  return batched(probe, options.batchSize ?? 500, (x, u) => ({ ...model.encode(x, u) }), options.signal);
}

/** The named layers' activations (all layers when `layers` is omitted), flattened per example. */
export function layerActivations(
  model: Model,
  probe: Probe,
  options: { layers?: string[]; batchSize?: number; signal?: AbortSignal } = {},
) {
  return batched(probe, options.batchSize ?? 250, (x, u) => ({ ...model.activations(x, options.layers, u) }), options.signal);
}

/** The columns `cols` of m, as a new matrix. */
export function columns(m: Mat, cols: readonly number[]): Mat {
  const [rows, width] = m.shape;
  const data = new Float32Array(rows * cols.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols.length; c++) data[r * cols.length + c] = m.data[r * width + cols[c]];
  }
  return { data, shape: [rows, cols.length] };
}

/** A float64 copy of m for the metrics' matrix helpers, without their finiteness check (callers decide). */
/** The images of a probe (or any batch of examples) as a matrix: one row per example, pixels flattened. */
export function imageRows(x: tf.Tensor): Mat {
  const n = x.shape[0];
  return { data: x.dataSync() as Float32Array, shape: [n, x.size / n] };
}

/** The rows of m in a random order (a permutation drawn from `rng`): a null pairing of examples. */
export function permutedRows(m: Mat, rng: Rng): Mat {
  const [n, d] = m.shape;
  const order = rng.permutation(n);
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) data.set(m.data.subarray(order[i] * d, order[i] * d + d), i * d);
  return { data, shape: m.shape };
}

export function asMatrix(m: Mat): Matrix {
  return { rows: m.shape[0], cols: m.shape[1], data: Float64Array.from(m.data) };
}

/** The model's reconstruction term (nats per example, as its lossTerms logs it) averaged over the probe, in batches;
 *  ε from new Rng(seed), or from the model's own stream when no seed is given. */
export async function reconstructionLoss(model: Model, probe: Probe, options: { batchSize?: number; datasetSize?: number; seed?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const rng = options.seed === undefined ? model.rng : new Rng(options.seed);
  let total = 0;
  for (let start = 0; start < probe.n; start += batchSize) {
    const size = Math.min(batchSize, probe.n - start);
    const term = tf.tidy(() => {
      const x = tf.slice(probe.x, start, size);
      const u = probe.u ? tf.slice(probe.u, start, size) : undefined;
      const ctx = { step: 0, datasetSize: options.datasetSize ?? probe.n, rng };
      return model.lossTerms({ x, u }, ctx).terms.reconstruction;
    });
    total += (await term.data())[0] * size;
    term.dispose();
  }
  return total / probe.n;
}

/** The model's reconstructions of the probe (decoder means), flattened per example, in batches. */
export async function reconstructions(model: Model, probe: Probe, options: { batchSize?: number; signal?: AbortSignal } = {}): Promise<Mat> {
  const out = await batched(probe, options.batchSize ?? 500, (x, u) => ({ xhat: model.reconstruct(x, u) }), options.signal);
  return out.xhat;
}
