// Exact k nearest neighbours for the intrinsic-dimension estimators (thesis §8.2: MLE, TwoNN), and duplicate-row
// detection (docs/reference-implementations.md, "Duplicate points"). Up to 10 columns a float64 k-d tree
// (kdTree.ts; its search runs in C++ on the OpenBLAS addon when loaded) answers. Wider, with the OpenBLAS addon
// loaded, the upper triangle of the float64 Gram matrix of the centred rows is computed in blocks of rows (dgemm)
// and ‖x_i‖² + ‖x_j‖² − 2⟨x_i, x_j⟩ feeds bounded heaps of k + 8 candidates per row, each pair once; the
// candidates' distances are then recomputed directly in float64 and re-sorted (exact unless more than 8 points tie
// with the k-th within float64 rounding of ‖x‖², about 1e-16 relative). Without the addon, on an accelerated tfjs
// backend (wasm, webgl, webgpu, tensorflow) the same blocked product runs in float32 with k + 9 candidates per row
// (exact unless more than 8 points tie within float32 rounding); on tfjs' pure-JavaScript "cpu" backend a float64
// scan over all pairs with bounded heaps is faster and fully exact.
import * as tf from "@tensorflow/tfjs";
import { Matrix, MatrixLike, columnMeans, centred } from "./matrix";
import { nativeKdTreeSearch, nativeLinalg, nativeProduct } from "./linalg";
import { toMatrix, integerOption, choiceOption, finiteResult } from "./validate";
import { loopSignal } from "./abort";
import { buildKdTree, kdTreeSearch } from "./kdTree";
import { nextTurn } from "../compute/turn";

export interface Neighbours {
  k: number;
  /** distances[i * k + j]: Euclidean distance from row i to its (j+1)-th nearest other row, ascending. */
  distances: Float64Array;
  indices: Int32Array;
}

/** Widest data for the k-d tree by default (measurements in kdTree.ts's header). */
const KD_TREE_MAX_COLUMNS = 10;

/** Extra float32 candidates kept per row so that float32 rounding cannot push a true neighbour out. */
const MARGIN = 8;

function exactDistance(m: Matrix, i: number, j: number): number {
  const d = m.cols;
  let s = 0;
  for (let c = 0; c < d; c++) { const t = m.data[i * d + c] - m.data[j * d + c]; s += t * t; }
  return Math.sqrt(s);
}

export interface NeighbourOptions {
  /** Default: "kdtree" for ≤ 10 columns, else "gram" with the OpenBLAS addon, "scan" on tfjs' "cpu" backend and "backend" on any other. */
  method?: "kdtree" | "gram" | "scan" | "backend";
  /** Rows per block of the backend product (default ≈ 8e6 / n). */
  blockRows?: number;
  signal?: AbortSignal;
}

/**
 * The k nearest other rows of every row of m (self excluded). Needs k < rows. Narrow data (≤ 10 columns) uses a float64 k-d tree;
 * wider data the float64 blocked Gram product on the OpenBLAS addon, else the blocked product on the active tfjs
 * backend (wasm, webgl, webgpu, tensorflow), except on tfjs' pure-JavaScript "cpu" backend, where a float64 scan of
 * all pairs is faster.
 */
export async function nearestNeighbours(x: MatrixLike, k: number, options: NeighbourOptions = {}): Promise<Neighbours> {
  const m = toMatrix(x, "x");
  const n = m.rows;
  integerOption(k, "k", undefined, 1, n - 1, `fewer than the ${n} points`);
  const wide = nativeLinalg() ? "gram" : tf.getBackend() === "cpu" ? "scan" : "backend";
  const method = choiceOption(options.method, "method", m.cols <= KD_TREE_MAX_COLUMNS ? "kdtree" : wide, ["kdtree", "gram", "scan", "backend"] as const);
  if (method === "gram" && !nativeLinalg()) throw new Error(`method: "gram" needs the OpenBLAS addon, which is not loaded; use "scan" or "backend".`);
  const blockRows = integerOption(options.blockRows, "blockRows", Math.max(1, Math.min(n, Math.floor(8e6 / n))), 1);
  const signal = loopSignal(options.signal);
  const found = method === "kdtree" ? await treeNeighbours(m, k, signal)
    : method === "gram" ? await gramNeighbours(m, k, signal)
    : method === "scan" ? await scanNeighbours(m, k, signal)
    : await backendNeighbours(m, k, { blockRows, signal });
  found.distances.forEach((v) => finiteResult(v, "x: a neighbour distance", "squared distances overflow float64; rescale x."));
  return found;
}

async function backendNeighbours(m: Matrix, k: number, options: { blockRows: number; signal?: AbortSignal }): Promise<Neighbours> {
  const n = m.rows;
  const take = Math.min(n, k + 1 + MARGIN);
  const block = options.blockRows;
  const mean = columnMeans(m);
  const d = m.cols;
  // Rows of `points` are [x_j − x̄, ‖x_j − x̄‖²] and rows of `queries` are [−2(x_i − x̄), 1], so one matrix product
  // gives ‖x_j‖² − 2⟨x_i, x_j⟩ = ‖x_i − x_j‖² − ‖x_i‖²: the same ranking per row, with no broadcast op.
  const points = new Float32Array(n * (d + 1));
  const queries = new Float32Array(n * (d + 1));
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let c = 0; c < d; c++) {
      const v = m.data[i * d + c] - mean[c];
      points[i * (d + 1) + c] = v;
      queries[i * (d + 1) + c] = -2 * v;
      norm += v * v;
    }
    points[i * (d + 1) + d] = norm;
    queries[i * (d + 1) + d] = 1;
  }
  const distances = new Float64Array(n * k);
  const indices = new Int32Array(n * k);
  const all = tf.tensor2d(points, [n, d + 1]);
  const q = tf.tensor2d(queries, [n, d + 1]);
  try {
    for (let start = 0; start < n; start += block) {
      options.signal?.throwIfAborted();
      const rows = Math.min(block, n - start);
      const cand = tf.tidy(() => tf.topk(tf.neg(tf.matMul(q.slice([start, 0], [rows, d + 1]), all, false, true)), take).indices);
      const idx = (await cand.data()) as Int32Array;
      cand.dispose();
      for (let r = 0; r < rows; r++) refine(m, start + r, idx.subarray(r * take, (r + 1) * take), k, distances, indices);
      await nextTurn(options.signal);
    }
  } finally {
    all.dispose();
    q.dispose();
  }
  return { k, distances, indices };
}

/** Max-heaps of size k per row over float64 squared distances (heapD[i*k] is row i's current k-th smallest), each pair visited once. */
async function scanNeighbours(m: Matrix, k: number, signal?: AbortSignal): Promise<Neighbours> {
  const n = m.rows;
  const d = m.cols;
  const x = m.data;
  const heapD = new Float64Array(n * k).fill(Infinity);
  const heapI = new Int32Array(n * k).fill(-1);
  const block = Math.max(1, Math.floor(4e7 / (n * d + 1)));
  for (let start = 0; start < n; start += block) {
    signal?.throwIfAborted();
    const end = Math.min(n, start + block);
    for (let i = start; i < end; i++) {
      const io = i * d;
      for (let j = i + 1; j < n; j++) {
        const jo = j * d;
        let s = 0;
        for (let c = 0; c < d; c++) { const t = x[io + c] - x[jo + c]; s += t * t; }
        if (s < heapD[i * k]) heapReplace(heapD, heapI, i * k, k, s, j);
        if (s < heapD[j * k]) heapReplace(heapD, heapI, j * k, k, s, i);
      }
    }
    await nextTurn(signal);
  }
  return sortedHeaps(heapD, heapI, n, k);
}

/**
 * Blocks of rows [s, s + B) against rows [s, n) of the centred matrix (dgemm), so each pair is visited once: the pair
 * (i, j) offers ‖x_i − x_j‖² = ‖x_i‖² + ‖x_j‖² − 2⟨x_i, x_j⟩ to the heaps of both rows; refine() then recomputes the
 * surviving candidates' distances directly.
 */
async function gramNeighbours(m: Matrix, k: number, signal?: AbortSignal): Promise<Neighbours> {
  const n = m.rows;
  const d = m.cols;
  const take = Math.min(n - 1, k + MARGIN);
  const c = centred(m).data;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) { let s = 0; for (let t = 0; t < d; t++) s += c[i * d + t] ** 2; sq[i] = s; }
  const heapD = new Float64Array(n * take).fill(Infinity);
  const heapI = new Int32Array(n * take).fill(-1);
  const bound = new Float64Array(n).fill(Infinity); // bound[j] = heapD[j * take], each heap's root, contiguous
  // 64 rows against all later rows per product: few BLAS calls (threaded OpenBLAS pays a start-up per call) and a
  // 5 MB buffer at n = 10,000.
  const block = 64;
  const buffer = new Float64Array(Math.min(block, n) * n);
  for (let s = 0; s < n; s += block) {
    signal?.throwIfAborted();
    const rows = Math.min(block, n - s);
    const width = n - s;
    const g = buffer.subarray(0, rows * width);
    nativeProduct(c.subarray(s * d, (s + rows) * d), c.subarray(s * d), g, rows, width, d, false, true);
    for (let r = 0; r < rows; r++) {
      const i = s + r;
      const io = i * take;
      const si = sq[i];
      const go = r * width - s;
      let bi = bound[i];
      for (let j = i + 1; j < n; j++) {
        const v = si + sq[j] - 2 * g[go + j];
        if (v < bi) { heapReplace(heapD, heapI, io, take, v, j); bi = heapD[io]; }
        if (v < bound[j]) { heapReplace(heapD, heapI, j * take, take, v, i); bound[j] = heapD[j * take]; }
      }
      bound[i] = bi;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const distances = new Float64Array(n * k);
  const indices = new Int32Array(n * k);
  for (let i = 0; i < n; i++) refine(m, i, heapI.subarray(i * take, (i + 1) * take), k, distances, indices);
  return { k, distances, indices };
}

async function treeNeighbours(m: Matrix, k: number, signal?: AbortSignal): Promise<Neighbours> {
  const n = m.rows;
  const heapD = new Float64Array(n * k).fill(Infinity);
  const heapI = new Int32Array(n * k).fill(-1);
  const tree = buildKdTree(m.data, n, m.cols);
  const offer = (o: number, s: number, j: number) => heapReplace(heapD, heapI, o, k, s, j);
  for (let start = 0; start < n; start += 2000) {
    signal?.throwIfAborted();
    const end = Math.min(n, start + 2000);
    if (!nativeKdTreeSearch(tree, m.cols, k, heapD, heapI, start, end)) kdTreeSearch(m.cols, k, heapD, [start, end], offer, tree);
    await nextTurn(signal);
  }
  return sortedHeaps(heapD, heapI, n, k);
}

/** Rows' neighbours in ascending order of distance (ties by index) from their max-heaps of squared distances. */
function sortedHeaps(heapD: Float64Array, heapI: Int32Array, n: number, k: number): Neighbours {
  const distances = new Float64Array(n * k);
  const indices = new Int32Array(n * k);
  const order = Array.from({ length: k }, (_, t) => t);
  for (let i = 0; i < n; i++) {
    const o = i * k;
    order.sort((a, b) => heapD[o + a] - heapD[o + b] || heapI[o + a] - heapI[o + b]);
    order.forEach((t, r) => { distances[o + r] = Math.sqrt(heapD[o + t]); indices[o + r] = heapI[o + t]; });
  }
  return { k, distances, indices };
}

/** Replaces the root (largest) of the max-heap at [o, o + k) with (v, j) and sifts it down. */
function heapReplace(hd: Float64Array, hi: Int32Array, o: number, k: number, v: number, j: number): void {
  let p = 0;
  for (;;) {
    const l = 2 * p + 1;
    if (l >= k) break;
    const r = l + 1;
    const c = r < k && hd[o + r] > hd[o + l] ? r : l;
    if (hd[o + c] <= v) break;
    hd[o + p] = hd[o + c];
    hi[o + p] = hi[o + c];
    p = c;
  }
  hd[o + p] = v;
  hi[o + p] = j;
}

function refine(m: Matrix, i: number, cand: Int32Array, k: number, distances: Float64Array, indices: Int32Array): void {
  const pairs: [number, number][] = [];
  for (const j of cand) if (j !== i) pairs.push([exactDistance(m, i, j), j]);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let j = 0; j < k; j++) { distances[i * k + j] = pairs[j][0]; indices[i * k + j] = pairs[j][1]; }
}

/** Rows of m with exact duplicates removed (the first occurrence kept), and how many were removed. */
export function uniqueRows(m: Matrix): { matrix: Matrix; removed: number; kept: Int32Array } {
  const buckets = new Map<number, number[]>();
  const kept: number[] = [];
  const d = m.cols;
  for (let i = 0; i < m.rows; i++) {
    const h = rowHash(m.data, i * d, d);
    const bucket = buckets.get(h);
    if (bucket && bucket.some((j) => rowsEqual(m.data, i * d, j * d, d))) continue;
    if (bucket) bucket.push(i); else buckets.set(h, [i]);
    kept.push(i);
  }
  const out = new Float64Array(kept.length * d);
  kept.forEach((r, k) => out.set(m.data.subarray(r * d, (r + 1) * d), k * d));
  return { matrix: { rows: kept.length, cols: d, data: out }, removed: m.rows - kept.length, kept: Int32Array.from(kept) };
}

const hashView = new DataView(new ArrayBuffer(8));

function rowHash(data: Float64Array, offset: number, d: number): number {
  let h = 0x811c9dc5;
  for (let c = 0; c < d; c++) {
    hashView.setFloat64(0, data[offset + c] === 0 ? 0 : data[offset + c]); // −0 and +0 are the same point
    h = Math.imul(h ^ hashView.getInt32(0), 16777619);
    h = Math.imul(h ^ hashView.getInt32(4), 16777619);
  }
  return h;
}

function rowsEqual(data: Float64Array, a: number, b: number, d: number): boolean {
  for (let c = 0; c < d; c++) if (data[a + c] !== data[b + c]) return false;
  return true;
}
