// smallNORB (LeCun, Huang & Bottou 2004, cs.nyu.edu/~ylclab/data/norb-v1.0-small) from its original
// binary files: int32 little-endian magic (0x1E3D4C55 bytes, 0x1E3D4C54 int32), int32 ndim, max(3, ndim)
// int32 sizes, then the values. 24,300 stereo pairs per split of 96×96 grey images; as in
// disentanglement_lib (`norb.py`) the first camera is used and resized to 64×64.
import * as fs from "fs";
import * as path from "path";
import { ByteImageDataset } from "./image-dataset";
import { FactorInfo } from "./factors";
import { resizeArea } from "./image";
import { readMaybeGzipped } from "./idx";

const BYTE_MAGIC = 0x1e3d4c55;
const INT_MAGIC = 0x1e3d4c54;

export interface NorbArray {
  shape: number[];
  data: Uint8Array | Int32Array;
}

/** Parses one smallNORB binary matrix; `source` names the file in errors. */
export function parseNorbMatrix(bytes: Uint8Array, source: string): NorbArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 20) throw new Error(`${source}: too short for a smallNORB header`);
  const magic = view.getInt32(0, true);
  if (magic !== BYTE_MAGIC && magic !== INT_MAGIC) {
    throw new Error(`${source}: magic 0x${(magic >>> 0).toString(16)} is not a smallNORB byte (0x1e3d4c55) or int (0x1e3d4c54) matrix`);
  }
  const ndim = view.getInt32(4, true);
  const shape = Array.from({ length: ndim }, (_, k) => view.getInt32(8 + 4 * k, true));
  const start = 8 + 4 * Math.max(3, ndim);
  const count = shape.reduce((a, b) => a * b, 1);
  const width = magic === BYTE_MAGIC ? 1 : 4;
  if (bytes.length < start + count * width) throw new Error(`${source}: truncated: shape ${JSON.stringify(shape)} needs ${start + count * width} bytes, found ${bytes.length}`);
  if (width === 1) return { shape, data: bytes.subarray(start, start + count) };
  const data = new Int32Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getInt32(start + 4 * i, true);
  return { shape, data };
}

function readNorb(dir: string, name: string): NorbArray {
  for (const file of [path.join(dir, name), path.join(dir, `${name}.gz`)]) {
    if (fs.existsSync(file)) return parseNorbMatrix(readMaybeGzipped(file), file);
  }
  throw new Error(`smallnorb: expected the file '${name}' (or '${name}.gz') in '${dir}'`);
}

export const SMALLNORB_FACTORS: FactorInfo = {
  names: ["category", "instance", "elevation", "azimuth", "lighting"],
  sizes: [5, 10, 9, 18, 6],
  values: [
    [0, 1, 2, 3, 4], // animal, human, airplane, truck, car
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    Array.from({ length: 9 }, (_, k) => 30 + 5 * k), // degrees
    Array.from({ length: 18 }, (_, k) => 20 * k), // degrees
    [0, 1, 2, 3, 4, 5],
  ],
};

export interface SmallNorbOptions {
  /** Directory holding the -dat, -cat and -info files (plain or .gz). */
  dir: string;
  split?: "train" | "test";
  /** Output side in pixels (default 64; 96 keeps the original). */
  size?: number;
  /** Which camera of the stereo pair (default 0). */
  camera?: 0 | 1;
}

/** smallNORB: images [size, size, 1]; factors category, instance, elevation, azimuth, lighting. */
export function smallNorb(options: SmallNorbOptions): ByteImageDataset {
  const split = options.split ?? "train";
  if (split !== "train" && split !== "test") throw new Error(`smallnorb: split must be 'train' or 'test', got ${JSON.stringify(split)}`);
  const prefix = split === "train" ? "smallnorb-5x46789x9x18x6x2x96x96-training" : "smallnorb-5x01235x9x18x6x2x96x96-testing";
  const dat = readNorb(options.dir, `${prefix}-dat.mat`);
  const cat = readNorb(options.dir, `${prefix}-cat.mat`);
  const info = readNorb(options.dir, `${prefix}-info.mat`);
  const [n, cameras, h, w] = dat.shape;
  if (dat.shape.length !== 4 || cat.shape[0] !== n || info.shape[0] !== n || info.shape[1] !== 4) {
    throw new Error(`smallnorb: shapes dat ${JSON.stringify(dat.shape)}, cat ${JSON.stringify(cat.shape)}, info ${JSON.stringify(info.shape)} do not match (expected [n, 2, 96, 96], [n], [n, 4])`);
  }
  const camera = options.camera ?? 0;
  if (camera !== 0 && camera !== 1) throw new Error(`smallnorb: camera must be 0 or 1, got ${camera}`);
  const size = options.size ?? 64;
  // Keep one camera's bytes only (half the file), resized on first read.
  const images = new Uint8Array(n * h * w);
  for (let i = 0; i < n; i++) images.set(dat.data.subarray((i * cameras + camera) * h * w, (i * cameras + camera + 1) * h * w) as Uint8Array, i * h * w);
  const factors = new Int32Array(n * 5);
  for (let i = 0; i < n; i++) {
    factors.set([cat.data[i], info.data[4 * i], info.data[4 * i + 1], info.data[4 * i + 2] / 2, info.data[4 * i + 3]], 5 * i);
  }
  return new ByteImageDataset({
    name: `smallnorb/${split}`,
    shape: [size, size, 1],
    length: n,
    load: (i) => resizeArea({ width: w, height: h, channels: 1, data: images.subarray(i * h * w, (i + 1) * h * w) }, size, size).data.slice(),
    factors: { info: SMALLNORB_FACTORS, indices: factors },
  });
}
