// The one interface every polarlab dataset implements (docs/architecture.md, "Modules and what they may touch"):
// examples by index, shuffled prefetched batches as tfjs tensors, seeded split / subsample, exact-duplicate removal
// and, for factor datasets, sampling with one factor fixed (the BetaVAE score of Higgins et al. 2017 and FactorVAE
// score of Kim & Mnih 2018, as disentanglement_lib samples them;
// docs/reference-implementations.md, "Disentanglement scores").
import * as tf from "@tensorflow/tfjs";
import { FactorGrid, FactorInfo, factorIndex } from "./factors";
import { Rng } from "../toolkit/compute/rng";
import { DISPLAY_SYMBOL, datasetBundle } from "./display";

/** One batch: images NHWC float32 in [0, 1] (or vectors [n, D]); the consumer disposes the tensors. */
export interface Batch {
  x: tf.Tensor;
  u?: tf.Tensor2D;
  /** int32 factor indices, one row per example. */
  factors?: tf.Tensor2D;
}

/** One example as plain arrays. `sources` holds continuous ground-truth latents where a generator has them. */
export interface Example {
  x: Float32Array;
  factors?: Int32Array;
  u?: Float32Array;
  sources?: Float32Array;
}

/** A row-major matrix (rows = examples), the `MatrixLike` the metrics accept. */
export interface Matrix {
  data: Float32Array;
  shape: [number, number];
}

export interface BatchOptions {
  /** Reshuffle the order every epoch (default false). */
  shuffle?: boolean;
  /** Seed of the shuffle (default 0); epoch e is shuffled by the stream `new Rng(seed).fork(e)`. */
  seed?: number;
  /** Number of passes (default 1; Infinity for an endless stream). */
  epochs?: number;
  signal?: AbortSignal;
  /** Drop the last, smaller batch of each epoch (default false). */
  dropRemainder?: boolean;
}

/** Result of sampleWithFixed: the chosen examples (tensors the caller disposes) and the fixed value index of each. */
export interface FixedSample extends Batch {
  factors: tf.Tensor2D;
  indices: number[];
  /** Index (into factors.values[k]) of the fixed factor for each example. */
  values: Int32Array;
}

export interface Dataset {
  readonly name: string;
  readonly length: number;
  /** Per-example shape: images [H, W, C], vectors [D]. */
  readonly shape: number[];
  readonly factors?: FactorInfo;
  /** Width of u where present (iVAE segments: the number of segments). */
  readonly auxDim?: number;
  /** Width of the continuous ground-truth sources where present (synthetic generators). */
  readonly sourceDim?: number;
  get(i: number): Example;
  batches(batchSize: number, options?: BatchOptions): AsyncIterable<Batch>;
  split(options: { test: number; seed: number }): { train: Dataset; test: Dataset };
  subsample(n: number, seed: number): Dataset;
  unique(): Dataset & { removed: number };
  /** unique() that yields to the event loop and checks the signal as it goes. */
  uniqueAsync(options?: { signal?: AbortSignal }): Promise<Dataset & { removed: number }>;
  /** All (or some) examples stacked [n, ...shape], for probe sets; the caller disposes it. */
  toTensor(indices?: number[]): tf.Tensor;
  /** Continuous ground truth of all (or some) examples; throws where the dataset has none. */
  sources(indices?: number[]): Matrix;
  /**
   * n examples whose factor `factor` has value index `value` (a random one when undefined, or one per
   * example when an array); every other factor is uniform over the examples that remain.
   */
  sampleWithFixed(factor: number | string, value: number | ArrayLike<number> | undefined, n: number, seed: number): FixedSample;
}

/** Largest number of float32 values toTensor will stack (2 GB). */
const MAX_STACKED_VALUES = 2 ** 29;

/**
 * Shared implementation: subclasses say how to write example i into caller-owned arrays, so batches
 * fill one buffer per batch without per-example allocation.
 */
export abstract class BaseDataset implements Dataset {
  abstract readonly name: string;
  abstract readonly length: number;
  abstract readonly shape: number[];
  readonly factors?: FactorInfo;
  readonly auxDim?: number;
  readonly sourceDim?: number;
  /** Set when example i has exactly the factors grid.tupleOf(i) (a complete grid in grid order). */
  readonly grid?: FactorGrid;

  /** Writes example i's values (length = product of shape) at out[offset..]. */
  abstract writeX(i: number, out: Float32Array, offset: number): void;
  writeFactors(i: number, _out: Int32Array, _offset: number): void {
    throw new Error(`${this.name} has no ground-truth factors (example ${i})`);
  }
  writeU(i: number, _out: Float32Array, _offset: number): void {
    throw new Error(`${this.name} has no auxiliary variable u (example ${i})`);
  }
  writeSources(i: number, _out: Float32Array, _offset: number): void {
    throw new Error(`${this.name} has no continuous ground-truth sources (example ${i})`);
  }

  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /** Shown in a notebook as a summary and, for images, the first examples. */
  [DISPLAY_SYMBOL](): Record<string, string> {
    return datasetBundle(this);
  }

  protected checkIndex(i: number, what = "index"): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) {
      throw new Error(`${this.name}: ${what} must be an integer in [0, ${this.length - 1}], got ${i}`);
    }
  }

  get(i: number): Example {
    this.checkIndex(i);
    const x = new Float32Array(this.size);
    this.writeX(i, x, 0);
    const example: Example = { x };
    if (this.factors) {
      example.factors = new Int32Array(this.factors.names.length);
      this.writeFactors(i, example.factors, 0);
    }
    if (this.auxDim) {
      example.u = new Float32Array(this.auxDim);
      this.writeU(i, example.u, 0);
    }
    if (this.sourceDim) {
      example.sources = new Float32Array(this.sourceDim);
      this.writeSources(i, example.sources, 0);
    }
    return example;
  }

  /** Fills plain arrays for the given examples (the CPU half of a batch). */
  protected gather(indices: ArrayLike<number>): { x: Float32Array; factors?: Int32Array; u?: Float32Array } {
    const n = indices.length;
    const size = this.size;
    const x = new Float32Array(n * size);
    for (let r = 0; r < n; r++) this.writeX(indices[r], x, r * size);
    const out: { x: Float32Array; factors?: Int32Array; u?: Float32Array } = { x };
    if (this.factors) {
      const f = this.factors.names.length;
      out.factors = new Int32Array(n * f);
      for (let r = 0; r < n; r++) this.writeFactors(indices[r], out.factors, r * f);
    }
    if (this.auxDim) {
      out.u = new Float32Array(n * this.auxDim);
      for (let r = 0; r < n; r++) this.writeU(indices[r], out.u, r * this.auxDim);
    }
    return out;
  }

  private toBatch(arrays: { x: Float32Array; factors?: Int32Array; u?: Float32Array }, n: number): Batch {
    const batch: Batch = { x: tf.tensor(arrays.x, [n, ...this.shape], "float32") };
    if (arrays.factors) batch.factors = tf.tensor2d(arrays.factors, [n, this.factors!.names.length], "int32");
    if (arrays.u) batch.u = tf.tensor2d(arrays.u, [n, this.auxDim!], "float32");
    return batch;
  }

  /** The index lists of every batch, epoch after epoch. */
  private *plan(batchSize: number, options: BatchOptions): Generator<Int32Array> {
    const epochs = options.epochs ?? 1;
    const base = options.shuffle ? new Rng(options.seed ?? 0) : null;
    for (let e = 0; e < epochs; e++) {
      const order = base ? base.fork(e).permutation(this.length) : null;
      for (let start = 0; start < this.length; start += batchSize) {
        const end = Math.min(start + batchSize, this.length);
        if (options.dropRemainder && end - start < batchSize) break;
        if (order) yield order.subarray(start, end);
        else {
          const idx = new Int32Array(end - start);
          for (let r = 0; r < idx.length; r++) idx[r] = start + r;
          yield idx;
        }
      }
    }
  }

  /**
   * Batches as an async iterable. The next batch's arrays are filled on the event loop while the
   * consumer works on the current one (prefetch of one); tensors are created only when handed over,
   * so a consumer that stops early leaks nothing.
   */
  batches(batchSize: number, options: BatchOptions = {}): AsyncIterable<Batch> {
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`batches: batchSize must be a positive integer, got ${batchSize}`);
    }
    const epochs = options.epochs ?? 1;
    if (!(epochs === Infinity || (Number.isInteger(epochs) && epochs >= 1))) {
      throw new Error(`batches: epochs must be a positive integer or Infinity, got ${epochs}`);
    }
    if (options.dropRemainder && batchSize > this.length) {
      throw new Error(`batches: batchSize ${batchSize} exceeds the ${this.length} examples of ${this.name} with dropRemainder`);
    }
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        const plan = self.plan(batchSize, options);
        const schedule = (idx: Int32Array) => {
          const p = new Promise<ReturnType<BaseDataset["gather"]>>((resolve, reject) =>
            setImmediate(() => {
              try {
                resolve(self.gather(idx));
              } catch (err) {
                reject(err);
              }
            }),
          );
          p.catch(() => undefined); // surfaced when awaited; avoids an unhandled rejection if the consumer stops
          return { p, n: idx.length };
        };
        let step = plan.next();
        let pending = step.done ? null : schedule(step.value);
        while (pending) {
          options.signal?.throwIfAborted();
          const arrays = await pending.p;
          options.signal?.throwIfAborted();
          const n = pending.n;
          step = plan.next();
          pending = step.done ? null : schedule(step.value);
          yield self.toBatch(arrays, n);
        }
      },
    };
  }

  private checkIndices(indices: ArrayLike<number>): void {
    for (let r = 0; r < indices.length; r++) this.checkIndex(indices[r], `indices[${r}]`);
  }

  toTensor(indices?: number[]): tf.Tensor {
    const idx = indices ?? Array.from({ length: this.length }, (_, i) => i);
    this.checkIndices(idx);
    if (idx.length * this.size > MAX_STACKED_VALUES) {
      throw new Error(
        `toTensor: ${idx.length} examples of ${this.size} values exceed ${MAX_STACKED_VALUES} float32 values; pass fewer indices (subsample first)`,
      );
    }
    const { x } = this.gather(idx);
    return tf.tensor(x, [idx.length, ...this.shape], "float32");
  }

  sources(indices?: number[]): Matrix {
    if (!this.sourceDim) throw new Error(`${this.name} has no continuous ground-truth sources`);
    const idx = indices ?? Array.from({ length: this.length }, (_, i) => i);
    this.checkIndices(idx);
    const data = new Float32Array(idx.length * this.sourceDim);
    idx.forEach((i, r) => this.writeSources(i, data, r * this.sourceDim!));
    return { data, shape: [idx.length, this.sourceDim] };
  }

  split(options: { test: number; seed: number }): { train: SubsetDataset; test: SubsetDataset } {
    const { test, seed } = options;
    const nTest = test > 0 && test < 1 ? Math.round(test * this.length) : test;
    if (!Number.isInteger(nTest) || nTest < 1 || nTest >= this.length) {
      throw new Error(`split: test must be a fraction in (0, 1) or a count in [1, ${this.length - 1}], got ${test}`);
    }
    const perm = new Rng(seed).permutation(this.length);
    const testIdx = Int32Array.from(perm.subarray(0, nTest)).sort();
    const trainIdx = Int32Array.from(perm.subarray(nTest)).sort();
    return {
      train: new SubsetDataset(this, trainIdx, `${this.name}/train`),
      test: new SubsetDataset(this, testIdx, `${this.name}/test`),
    };
  }

  subsample(n: number, seed: number): SubsetDataset {
    if (!Number.isInteger(n) || n < 1 || n > this.length) {
      throw new Error(`subsample: n must be an integer in [1, ${this.length}], got ${n}`);
    }
    const idx = Int32Array.from(new Rng(seed).permutation(this.length).subarray(0, n)).sort();
    return new SubsetDataset(this, idx, `${this.name}/subsample(${n})`);
  }

  private fingerprintScratch?: Float32Array;

  /**
   * Bits that are equal exactly when two examples' x are equal (default: the float32 bits of x). The
   * view is only valid until the next call. Datasets with a compact exact form (bit-packed dSprites)
   * override it to make unique() faster.
   */
  fingerprint(i: number): Uint32Array {
    this.fingerprintScratch ??= new Float32Array(this.size);
    this.writeX(i, this.fingerprintScratch, 0);
    return new Uint32Array(this.fingerprintScratch.buffer);
  }

  /**
   * The work of unique(), yielding every 4,096 examples so the async form can check its signal. A
   * 52-bit hash of the fingerprint finds candidates, a word-by-word comparison confirms them.
   */
  private *uniqueSteps(): Generator<void, SubsetDataset & { removed: number }> {
    const byHash = new Map<number, number[]>();
    const kept: number[] = [];
    let current = new Uint32Array(0);
    for (let i = 0; i < this.length; i++) {
      if (i % 4096 === 4095) yield;
      const f = this.fingerprint(i);
      if (current.length !== f.length) current = new Uint32Array(f.length);
      current.set(f);
      let h1 = 0x811c9dc5;
      let h2 = 0x12345678;
      for (let j = 0; j < current.length; j++) {
        const w = current[j];
        h1 = Math.imul(h1 ^ w, 0x01000193);
        h2 = Math.imul(h2 ^ w, 0x5bd1e995) ^ (h2 >>> 15);
      }
      const key = (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
      const candidates = byHash.get(key);
      if (candidates?.some((c) => sameWords(current, this.fingerprint(c)))) continue;
      if (candidates) candidates.push(i);
      else byHash.set(key, [i]);
      kept.push(i);
    }
    const subset = new SubsetDataset(this, Int32Array.from(kept), `${this.name}/unique`) as SubsetDataset & { removed: number };
    subset.removed = this.length - kept.length;
    return subset;
  }

  /**
   * Drops exact duplicates of x, keeping the first occurrence, and reports how many went. Factors are
   * ignored, so dSprites' orientations 0 and 2π (identical images, different factor tuples) count as
   * duplicates. Reads every example once; use uniqueAsync for large datasets in a notebook.
   */
  unique(): SubsetDataset & { removed: number } {
    const steps = this.uniqueSteps();
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /** unique() that yields to the event loop every 4,096 examples and stops when the signal aborts. */
  async uniqueAsync(options: { signal?: AbortSignal } = {}): Promise<SubsetDataset & { removed: number }> {
    const steps = this.uniqueSteps();
    for (;;) {
      options.signal?.throwIfAborted();
      const r = steps.next();
      if (r.done) return r.value;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  sampleWithFixed(factor: number | string, value: number | ArrayLike<number> | undefined, n: number, seed: number): FixedSample {
    const info = this.factors;
    if (!info) throw new Error(`sampleWithFixed: ${this.name} has no ground-truth factors`);
    const k = factorIndex(info, factor);
    if (!Number.isInteger(n) || n < 1) throw new Error(`sampleWithFixed: n must be a positive integer, got ${n}`);
    if (typeof value === "object" && value.length !== n) {
      throw new Error(`sampleWithFixed: value array has ${value.length} entries, expected n = ${n}`);
    }
    const rng = new Rng(seed);
    const values = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const v = value === undefined ? (r === 0 ? rng.int(info.sizes[k]) : values[0]) : typeof value === "number" ? value : value[r];
      if (!Number.isInteger(v) || v < 0 || v >= info.sizes[k]) {
        throw new Error(`sampleWithFixed: value of factor '${info.names[k]}' must be an integer in [0, ${info.sizes[k] - 1}], got ${v}`);
      }
      values[r] = v;
    }
    const indices = this.grid ? this.sampleFromGrid(k, values, rng) : this.sampleFromGroups(k, values, rng);
    const batch = this.toBatch(this.gather(indices), n);
    return { ...batch, factors: batch.factors!, indices, values };
  }

  /** Complete grid: draw every other factor uniformly and compute the index directly. */
  private sampleFromGrid(k: number, values: Int32Array, rng: Rng): number[] {
    const grid = this.grid!;
    const tuple = new Int32Array(grid.sizes.length);
    return Array.from(values, (v) => {
      for (let j = 0; j < tuple.length; j++) tuple[j] = j === k ? v : rng.int(grid.sizes[j]);
      return grid.indexOf(tuple);
    });
  }

  private groups?: Map<number, number[][]>;

  /** Any factor dataset: uniform among the examples holding the value (indexed once per factor). */
  private sampleFromGroups(k: number, values: Int32Array, rng: Rng): number[] {
    this.groups ??= new Map();
    let byValue = this.groups.get(k);
    if (!byValue) {
      byValue = Array.from({ length: this.factors!.sizes[k] }, () => [] as number[]);
      const f = new Int32Array(this.factors!.names.length);
      for (let i = 0; i < this.length; i++) {
        this.writeFactors(i, f, 0);
        byValue[f[k]].push(i);
      }
      this.groups.set(k, byValue);
    }
    return Array.from(values, (v) => {
      const pool = byValue![v];
      if (pool.length === 0) {
        throw new Error(`sampleWithFixed: no example of ${this.name} has factor '${this.factors!.names[k]}' = index ${v}`);
      }
      return pool[rng.int(pool.length)];
    });
  }
}

function sameWords(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}

/** A view of some examples of a parent dataset (split, subsample, unique). */
export class SubsetDataset extends BaseDataset {
  readonly name: string;
  readonly length: number;
  readonly shape: number[];
  readonly factors?: FactorInfo;
  readonly auxDim?: number;
  readonly sourceDim?: number;
  readonly parent: BaseDataset;
  /** Parent index of each example of the view. */
  readonly indices: Int32Array;

  constructor(parent: BaseDataset, indices: Int32Array, name: string) {
    super();
    // A view of a view points at the root, so reads stay one hop deep.
    if (parent instanceof SubsetDataset) {
      this.parent = parent.parent;
      this.indices = indices.map((i) => parent.indices[i]);
    } else {
      this.parent = parent;
      this.indices = indices;
    }
    this.name = name;
    this.length = indices.length;
    this.shape = parent.shape;
    this.factors = parent.factors;
    this.auxDim = parent.auxDim;
    this.sourceDim = parent.sourceDim;
  }

  writeX(i: number, out: Float32Array, offset: number): void {
    this.parent.writeX(this.indices[i], out, offset);
  }
  writeFactors(i: number, out: Int32Array, offset: number): void {
    this.parent.writeFactors(this.indices[i], out, offset);
  }
  writeU(i: number, out: Float32Array, offset: number): void {
    this.parent.writeU(this.indices[i], out, offset);
  }
  writeSources(i: number, out: Float32Array, offset: number): void {
    this.parent.writeSources(this.indices[i], out, offset);
  }
  fingerprint(i: number): Uint32Array {
    return this.parent.fingerprint(this.indices[i]);
  }
}

/** Everything held in memory as flat row-major arrays. */
export interface ArrayDatasetOptions {
  name: string;
  shape: number[];
  x: Float32Array;
  factors?: { info: FactorInfo; indices: Int32Array };
  u?: { data: Float32Array; dim: number };
  sources?: { data: Float32Array; dim: number };
}

export class ArrayDataset extends BaseDataset {
  readonly name: string;
  readonly length: number;
  readonly shape: number[];
  readonly factors?: FactorInfo;
  readonly auxDim?: number;
  readonly sourceDim?: number;
  private readonly data: ArrayDatasetOptions;

  constructor(options: ArrayDatasetOptions) {
    super();
    const size = options.shape.reduce((a, b) => a * b, 1);
    if (!(size > 0) || options.x.length % size !== 0) {
      throw new Error(`ArrayDataset '${options.name}': x has ${options.x.length} values, not a multiple of shape ${JSON.stringify(options.shape)}`);
    }
    const n = options.x.length / size;
    const check = (what: string, len: number, width: number) => {
      if (len !== n * width) throw new Error(`ArrayDataset '${options.name}': ${what} has ${len} values, expected ${n} × ${width}`);
    };
    if (options.factors) check("factors", options.factors.indices.length, options.factors.info.names.length);
    if (options.u) check("u", options.u.data.length, options.u.dim);
    if (options.sources) check("sources", options.sources.data.length, options.sources.dim);
    this.name = options.name;
    this.length = n;
    this.shape = options.shape;
    this.factors = options.factors?.info;
    this.auxDim = options.u?.dim;
    this.sourceDim = options.sources?.dim;
    this.data = options;
  }

  writeX(i: number, out: Float32Array, offset: number): void {
    const size = this.size;
    out.set(this.data.x.subarray(i * size, (i + 1) * size), offset);
  }
  writeFactors(i: number, out: Int32Array, offset: number): void {
    const f = this.factors!.names.length;
    out.set(this.data.factors!.indices.subarray(i * f, (i + 1) * f), offset);
  }
  writeU(i: number, out: Float32Array, offset: number): void {
    const d = this.auxDim!;
    out.set(this.data.u!.data.subarray(i * d, (i + 1) * d), offset);
  }
  writeSources(i: number, out: Float32Array, offset: number): void {
    const d = this.sourceDim!;
    out.set(this.data.sources!.data.subarray(i * d, (i + 1) * d), offset);
  }
}
