// Intrinsic dimension estimators (thesis §8.2, Eqs. 8.1–8.3;
// docs/reference-implementations.md, "Intrinsic dimension"): Levina & Bickel (2004) MLE with k neighbours and natural
// logarithms, averaged either as MacKay & Ghahramani (2005) 1/mean(m̂⁻¹) or Levina–Bickel mean(m̂); and TwoNN (Facco
// et al. 2017) with the largest 10 % of ratios discarded, empirical CDF F_i = i/N from i = 1, least squares through
// the origin. Duplicate points are removed first (they give zero distances).
import { MatrixLike, Matrix, selectRows } from "./matrix";
import { toMatrix, requireRows, integerOption, numberOption, choiceOption, seedOption, finiteResult, describeValue } from "./validate";
import { nearestNeighbours, uniqueRows } from "./neighbours";
import { Rng } from "../compute/rng";

export type MleAveraging = "mackay-ghahramani" | "levina-bickel";

export interface MleOptions {
  /** Neighbours (default 20, as vae_ld). */
  k?: number;
  /** Default "mackay-ghahramani": 1 / mean over points of m̂⁻¹ (the less biased rule). */
  averaging?: MleAveraging;
  /** Repeat on this many random subsets and average (default 1: all points; vae_ld used 5 subsets of 80 %). */
  repeats?: number;
  /** Fraction of the points in each subset when repeats > 1 (default 0.8). */
  fraction?: number;
  /** Seed of the subsets (default 0). */
  seed?: number;
  signal?: AbortSignal;
}

export interface IntrinsicDimension {
  dimension: number;
  /** Exact duplicate rows removed before the estimate. */
  removedDuplicates: number;
  /** The estimate of each repeat (one entry when repeats = 1). */
  estimates: number[];
}

function deduplicated(x: MatrixLike): { m: Matrix; removed: number } {
  const { matrix, removed } = uniqueRows(toMatrix(x, "x"));
  return { m: matrix, removed };
}

/** Neighbours of distinct rows: a zero distance can only be a squared distance that underflowed float64. */
async function distinctNeighbours(m: Matrix, k: number, signal?: AbortSignal): Promise<Float64Array> {
  const { distances } = await nearestNeighbours(m, k, { signal });
  if (distances.some((v) => v === 0)) throw new Error("x: distinct points are at distance 0 after squaring (the squared distances underflow float64); rescale x (e.g. divide by its standard deviation).");
  return distances;
}

/** m̂⁻¹ of every point from its sorted neighbour distances T_1..T_k (the first k of each row). */
function inverseLocalDimensions(dist: Float64Array, stride: number, n: number, k: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * stride;
    const logTk = Math.log(dist[o + k - 1]);
    let s = 0;
    for (let j = 0; j < k - 1; j++) s += logTk - Math.log(dist[o + j]);
    out[i] = s / (k - 1);
  }
  return out;
}

function average(inv: Float64Array, averaging: MleAveraging): number {
  let s = 0;
  if (averaging === "mackay-ghahramani") {
    for (const v of inv) s += v;
    if (!(s > 0)) throw new Error("mleIntrinsicDimension: every point has all k neighbours at the same distance, so the estimate is infinite; use a larger k or check the data.");
    return inv.length / s;
  }
  for (let i = 0; i < inv.length; i++) {
    if (!(inv[i] > 0)) throw new Error(`mleIntrinsicDimension: point ${i} has all k neighbours at the same distance, so its Levina–Bickel local estimate is infinite; use averaging "mackay-ghahramani" or a larger k.`);
    s += 1 / inv[i];
  }
  return s / inv.length;
}

function checkK(k: unknown): void {
  integerOption(k, "k", undefined, 2, Infinity, "the MLE uses log(T_k / T_j) for j < k");
}

function subsets(n: number, options: MleOptions): Int32Array[] {
  const repeats = integerOption(options.repeats, "repeats", 1, 1);
  const fraction = numberOption(options.fraction, "fraction", 0.8, (v) => v > 0 && v <= 1, "a number in (0, 1]");
  const seed = seedOption(options.seed);
  if (repeats === 1 && options.fraction === undefined) return [Int32Array.from({ length: n }, (_, i) => i)];
  const rng = new Rng(seed);
  const size = Math.floor(fraction * n);
  return Array.from({ length: repeats }, () => rng.permutation(n).slice(0, size).sort());
}

/** Levina–Bickel MLE of the intrinsic dimension (natural logs), for each k in `ks`, sharing one neighbour search per subset. */
export async function mleIntrinsicDimensionSweep(x: MatrixLike, ks: readonly number[], options: Omit<MleOptions, "k"> = {}): Promise<(IntrinsicDimension & { k: number })[]> {
  if (!Array.isArray(ks) || ks.length === 0) throw new Error(`ks: expected a non-empty array of neighbour counts, got ${describeValue(ks)}.`);
  ks.forEach(checkK);
  const averaging = choiceOption(options.averaging, "averaging", "mackay-ghahramani", ["mackay-ghahramani", "levina-bickel"] as const);
  const { m, removed } = deduplicated(x);
  const kMax = Math.max(...ks);
  const perK = ks.map(() => [] as number[]);
  for (const rows of subsets(m.rows, options)) {
    const sub = rows.length === m.rows ? m : selectRows(m, rows);
    requireRows(sub, kMax + 1, "x", `MLE with k = ${kMax} neighbours (after removing ${removed} duplicates)`);
    const distances = await distinctNeighbours(sub, kMax, options.signal);
    ks.forEach((k, t) => perK[t].push(average(inverseLocalDimensions(distances, kMax, sub.rows, k), averaging)));
  }
  return ks.map((k, t) => ({ k, dimension: finiteResult(perK[t].reduce((a, b) => a + b, 0) / perK[t].length, "mleIntrinsicDimension", "the neighbour distances overflow or underflow float64; rescale x."), removedDuplicates: removed, estimates: perK[t] }));
}

/** Levina–Bickel MLE of the intrinsic dimension (default k = 20, MacKay–Ghahramani averaging, all points). */
export async function mleIntrinsicDimension(x: MatrixLike, options: MleOptions = {}): Promise<IntrinsicDimension> {
  const [{ dimension, removedDuplicates, estimates }] = await mleIntrinsicDimensionSweep(x, [options.k === undefined ? 20 : options.k], options);
  return { dimension, removedDuplicates, estimates };
}

/** TwoNN intrinsic dimension (Facco et al. 2017; default: discard the largest 10 % of ratios r₂/r₁). Needs ≥ 3 distinct points. */
export async function twoNN(x: MatrixLike, options: { discardFraction?: number; signal?: AbortSignal } = {}): Promise<IntrinsicDimension> {
  const discard = numberOption(options.discardFraction, "discardFraction", 0.1, (v) => v >= 0 && v < 1, "a number in [0, 1)");
  const { m, removed } = deduplicated(x);
  requireRows(m, 3, "x", `TwoNN (after removing ${removed} duplicates)`);
  const distances = await distinctNeighbours(m, 2, options.signal);
  const n = m.rows;
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) mu[i] = distances[2 * i + 1] / distances[2 * i];
  mu.sort();
  const keep = Math.floor(n * (1 - discard));
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < Math.min(keep, n - 1); i++) {
    const lx = Math.log(mu[i]);
    const ly = -Math.log(1 - (i + 1) / n);
    sxy += lx * ly;
    sxx += lx * lx;
  }
  if (!(sxx > 0)) throw new Error("twoNN: every kept ratio r₂/r₁ equals 1 (equidistant neighbours, e.g. a regular grid), so the slope is undefined; add jitter or use mleIntrinsicDimension.");
  const dimension = finiteResult(sxy / sxx, "twoNN", "the neighbour distances overflow or underflow float64; rescale x.");
  return { dimension, removedDuplicates: removed, estimates: [dimension] };
}
