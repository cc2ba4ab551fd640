// A dataset from NumPy arrays on disk (.npy, or one array of an .npz): [N, H, W] or [N, H, W, C]
// images (uint8 scaled by 1/255, floats kept) or [N, D] vectors, with optional integer factors [N] or
// [N, F]. E.g. the original dSprites release: key "imgs", factorsKey "latents_classes".
import { ArrayDataset, BaseDataset } from "./dataset";
import { FactorInfo } from "./factors";
import { ByteImageDataset } from "./image-dataset";
import { NpyArray, npzArray, readNpy, readNpz } from "./numpy";

export interface NumpyDatasetOptions {
  /** A .npy file, or an .npz archive (then `key` picks the array). */
  file: string;
  /** Array of the examples inside an .npz (default: the only array, or "imgs" / "images" / "x"). */
  key?: string;
  /** Array of integer factor indices inside the same .npz, or a separate .npy file. */
  factors?: string;
  name?: string;
}

function pick(arrays: Record<string, NpyArray>, key: string | undefined, file: string): NpyArray {
  if (key) return npzArray(arrays, key, file);
  const names = Object.keys(arrays);
  const guess = names.length === 1 ? names[0] : ["imgs", "images", "x"].find((n) => n in arrays);
  if (!guess) throw new Error(`numpyDataset: '${file}' holds ${JSON.stringify(names)}; pass options.key to choose the examples`);
  return arrays[guess];
}

/** Factor info from integer indices: sizes from the largest index of each column, values 0..size−1. */
function factorsFrom(a: NpyArray, n: number, source: string): { info: FactorInfo; indices: Int32Array } {
  const f = a.shape.length === 1 ? 1 : a.shape[1];
  if (a.shape[0] !== n || a.shape.length > 2) throw new Error(`numpyDataset: factors ${JSON.stringify(a.shape)} in '${source}' should be [${n}] or [${n}, F]`);
  const indices = new Int32Array(n * f);
  const sizes = new Array<number>(f).fill(1);
  for (let i = 0; i < n * f; i++) {
    const v = Number(a.data[i]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`numpyDataset: factor value ${v} at ${i} in '${source}' is not a non-negative integer index`);
    indices[i] = v;
    sizes[i % f] = Math.max(sizes[i % f], v + 1);
  }
  const names = sizes.map((_, k) => `factor${k}`);
  return { info: { names, sizes, values: sizes.map((s) => Array.from({ length: s }, (_, v) => v)) }, indices };
}

export function numpyDataset(options: NumpyDatasetOptions): BaseDataset {
  const { file } = options;
  const isNpz = file.endsWith(".npz");
  const arrays = isNpz ? readNpz(file) : undefined;
  const x = arrays ? pick(arrays, options.key, file) : readNpy(file);
  if (x.shape.length < 2 || x.shape.length > 4) throw new Error(`numpyDataset: examples in '${file}' have shape ${JSON.stringify(x.shape)}; expected [N, D], [N, H, W] or [N, H, W, C]`);
  const n = x.shape[0];
  const shape = x.shape.length === 3 ? [...x.shape.slice(1), 1] : x.shape.slice(1);
  const size = shape.reduce((a, b) => a * b, 1);
  let factors: { info: FactorInfo; indices: Int32Array } | undefined;
  if (options.factors) {
    const f = arrays && !options.factors.endsWith(".npy") ? npzArray(arrays, options.factors, file) : readNpy(options.factors);
    factors = factorsFrom(f, n, options.factors);
  }
  const name = options.name ?? file.replace(/^.*[\\/]/, "");
  if (x.data instanceof Uint8Array) {
    const bytes = x.data;
    return new ByteImageDataset({ name, shape, length: n, factors, cache: false, load: (i) => bytes.subarray(i * size, (i + 1) * size) });
  }
  const data = x.data instanceof Float32Array ? x.data : Float32Array.from(x.data as ArrayLike<number>);
  return new ArrayDataset({ name, shape, x: data, factors });
}
