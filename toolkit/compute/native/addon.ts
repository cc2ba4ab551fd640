// Loads the optional OpenBLAS addon built by scripts/build-native.js (native/binding.gyp) and says
// why when it cannot: not built (with the build log's reason), failed to load, or switched off.
import * as fs from "node:fs";
import * as path from "node:path";

/** The functions of build/Release/polarlab_native.node (see native/src/addon.cc). */
export interface NativeAddon {
  batchMatMul(a: Float32Array, b: Float32Array, out: Float32Array, batch: number, batchA: number,
    batchB: number, m: number, n: number, k: number, transA: boolean, transB: boolean): void;
  biasActivation(x: Float32Array, rows: number, n: number, bias: Float32Array | null, activation: number,
    prelu: Float32Array | null, alpha: number): void;
  conv2d(x: Float32Array, filter: Float32Array, y: Float32Array, dims: number[]): void;
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, dims: number[]): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, dims: number[]): void;
  adam(variable: Float32Array, m: Float32Array, v: Float32Array, gradient: Float32Array, variableOut: Float32Array,
    mOut: Float32Array, vOut: Float32Array, learningRate: number, beta1: number, beta2: number, epsilon: number,
    accBeta1: number, accBeta2: number): void;
  /** out (m×n) = op(a) op(b), float64 row-major; a is m×k (k×m when transA), b is k×n (n×k when transB). */
  dgemm(a: Float64Array, b: Float64Array, out: Float64Array, m: number, n: number, k: number, transA: boolean,
    transB: boolean): void;
  /** out (n×n, both triangles) = a aᵀ for a n×k, or aᵀa for a k×n when trans. */
  dsyrk(a: Float64Array, out: Float64Array, n: number, k: number, trans: boolean): void;
  /**
   * sums (cols) = column sums of the rows×cols matrix x, squares (cols) = column sums of its squares, each in row
   * order, in one pass. Returns whether every entry of x is finite.
   */
  columnSums(x: Float64Array, sums: Float64Array, squares: Float64Array, rows: number, cols: number): boolean;
  /**
   * means (cols) = column means of the rows×cols matrix x, sumSquares (cols) = column sums of squares of x − means;
   * with out (rows×cols), also out = x − means. Returns whether every entry of x is finite.
   */
  columnCentring(x: Float64Array, means: Float64Array, sumSquares: Float64Array, rows: number, cols: number, out?: Float64Array): boolean;
  /** For each row x_i of the rows×cols matrix x: squares[i] = ‖x_i − means‖², dots[i] = (x_i − means) · weights. */
  centredRowProducts(x: Float64Array, means: Float64Array, weights: Float64Array, squares: Float64Array, dots: Float64Array, rows: number, cols: number): void;
  /** means (cols) = column means of the rows×cols matrix x; gram (cols×cols) = (x − means)ᵀ(x − means), float64. */
  centredGram(x: Float64Array, means: Float64Array, gram: Float64Array, rows: number, cols: number): void;
  /**
   * The k-d tree search of toolkit/metrics/kdTree.ts (the tree's arrays as it builds them) for the rows at tree
   * positions [start, end): offers their neighbours to the max-heaps heapD/heapI (k entries per row).
   */
  kdTreeSearch(points: Float64Array, idx: Int32Array, lo: Int32Array, hi: Int32Array, dim: Int32Array, split: Float64Array,
    left: Int32Array, right: Int32Array, d: number, k: number, heapD: Float64Array, heapI: Int32Array, start: number, end: number): void;
  /**
   * w = eigenvalues (ascending) of the symmetric n×n matrix a (LAPACK dsyevd; a is left as is); with v, also the
   * eigenvectors: row i of the row-major n×n v is the unit eigenvector of w[i].
   */
  dsyevd(a: Float64Array, w: Float64Array, n: number, v?: Float64Array): void;
  /** s = the min(m, n) singular values (descending) of the m×n matrix a (LAPACK dgesdd; a is left as is). */
  dgesdd(a: Float64Array, s: Float64Array, m: number, n: number): void;
  /**
   * In place: the symmetric n×n matrix a becomes its lower Cholesky factor (upper triangle zeroed); returns 0, or
   * k > 0 when the leading minor of order k is not positive definite (LAPACK dpotrf; a is then partly overwritten).
   */
  dpotrf(a: Float64Array, n: number): number;
  info(): { threads: number; config: string; core: string };
  setThreads(threads: number): void;
}

export type AddonLoad = { addon: NativeAddon; reason: string } | { addon: null; reason: string };

// Compiled code runs from dist/toolkit/compute/native, sources (ts-node, tslab) from toolkit/compute/native.
export function repoRoot(): string {
  const up = path.resolve(__dirname, "..", "..", "..");
  return path.basename(up) === "dist" ? path.dirname(up) : up;
}

/** The path the build script writes the addon to (computed once: callers look it up on every linear-algebra call). */
const builtAddonPath = path.join(repoRoot(), "build", "Release", "polarlab_native.node");

/** Where the addon is looked for: POLARLAB_NATIVE_PATH, else <repo>/build/Release/polarlab_native.node. */
export function defaultAddonPath(): string {
  return process.env.POLARLAB_NATIVE_PATH ?? builtAddonPath;
}

function buildLogReason(addonPath: string): string {
  const log = path.join(path.dirname(path.dirname(addonPath)), "native-build.log");
  try {
    return fs.readFileSync(log, "utf8").trim();
  } catch {
    return "no build attempted: run `npm rebuild polarlab --foreground-scripts`";
  }
}

const cache = new Map<string, AddonLoad>();

/** Loads (once per path) the addon; never throws, the reason says what happened. */
export function loadNativeAddon(addonPath: string = defaultAddonPath()): AddonLoad {
  const cached = cache.get(addonPath);
  if (cached) return cached;
  let result: AddonLoad;
  if (process.env.POLARLAB_NATIVE === "0") {
    result = { addon: null, reason: "disabled by POLARLAB_NATIVE=0" };
  } else if (!fs.existsSync(addonPath)) {
    result = { addon: null, reason: `native addon not found at ${addonPath} (${buildLogReason(addonPath)})` };
  } else {
    try {
      const addon = require(addonPath) as NativeAddon;
      const info = addon.info();
      result = { addon, reason: `OpenBLAS ${info.core}, ${info.threads} threads (${info.config})` };
    } catch (error) {
      result = { addon: null, reason: `native addon at ${addonPath} failed to load: ${(error as Error).message}` };
    }
  }
  if (process.env.POLARLAB_NATIVE !== "0") cache.set(addonPath, result);
  return result;
}
