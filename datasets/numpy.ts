// Readers for NumPy's .npy format (numpy.org/doc/stable/reference/generated/numpy.lib.format.html,
// versions 1–3) and .npz archives (a zip of .npy files, stored or deflated; unzipped with fflate).
import * as fs from "fs";
import { unzipSync } from "fflate";

export type NpyData = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

export interface NpyArray {
  /** numpy dtype string as stored, e.g. "<f4". */
  dtype: string;
  shape: number[];
  /** Values in C (row-major) order; int64/uint64 become Float64Array (exact up to 2^53). */
  data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function field(header: string, key: string, source: string): string {
  const m = header.match(new RegExp(`['"]${key}['"]\\s*:\\s*(\\([^)]*\\)|'[^']*'|"[^"]*"|True|False)`));
  if (!m) throw new Error(`${source}: .npy header lacks '${key}' (header: ${header.trim()})`);
  return m[1];
}

/** Decodes n values of a numpy dtype from bytes into a typed array. */
function decode(bytes: Uint8Array, dtype: string, n: number, source: string): NpyData {
  const order = dtype[0];
  const kind = dtype.slice(1);
  const little = order !== ">";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = <T extends NpyData>(out: T, size: number, get: (o: number) => number): T => {
    if (bytes.length < n * size) throw new Error(`${source}: truncated: ${n} values of ${dtype} need ${n * size} bytes, found ${bytes.length}`);
    for (let i = 0; i < n; i++) out[i] = get(i * size);
    return out;
  };
  switch (kind) {
    case "u1":
    case "b1":
      return read(new Uint8Array(n), 1, (o) => bytes[o]);
    case "i1":
      return read(new Int8Array(n), 1, (o) => view.getInt8(o));
    case "u2":
      return read(new Uint16Array(n), 2, (o) => view.getUint16(o, little));
    case "i2":
      return read(new Int16Array(n), 2, (o) => view.getInt16(o, little));
    case "u4":
      return read(new Uint32Array(n), 4, (o) => view.getUint32(o, little));
    case "i4":
      return read(new Int32Array(n), 4, (o) => view.getInt32(o, little));
    case "f4":
      return read(new Float32Array(n), 4, (o) => view.getFloat32(o, little));
    case "f8":
      return read(new Float64Array(n), 8, (o) => view.getFloat64(o, little));
    case "i8":
      return read(new Float64Array(n), 8, (o) => Number(view.getBigInt64(o, little)));
    case "u8":
      return read(new Float64Array(n), 8, (o) => Number(view.getBigUint64(o, little)));
    default:
      throw new Error(`${source}: unsupported dtype '${dtype}' (supported: bool, int8–64, uint8–64, float32, float64)`);
  }
}

/** Reorders a Fortran-order (column-major) array into C order. */
function fortranToC(data: NpyData, shape: number[]): NpyData {
  const n = data.length;
  const out = new (data.constructor as new (n: number) => NpyData)(n);
  const d = shape.length;
  const idx = new Array<number>(d).fill(0);
  for (let c = 0; c < n; c++) {
    let f = 0;
    let stride = 1;
    for (let k = 0; k < d; k++) {
      f += idx[k] * stride;
      stride *= shape[k];
    }
    out[c] = data[f];
    for (let k = d - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

/** Parses .npy bytes. `source` names the file in errors. */
export function parseNpy(bytes: Uint8Array, source = ".npy data"): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error(`${source}: not a .npy file (missing the \\x93NUMPY magic)`);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(start, start + headerLength));
  const dtype = field(header, "descr", source).slice(1, -1);
  const fortran = field(header, "fortran_order", source) === "True";
  const shape = field(header, "shape", source)
    .slice(1, -1)
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = decode(bytes.subarray(start + headerLength), dtype, n, source);
  return { dtype, shape, data: fortran && shape.length > 1 ? fortranToC(data, shape) : data };
}

function readFile(path: string, what: string): Uint8Array {
  if (!fs.existsSync(path)) throw new Error(`${what} not found: '${path}'`);
  return fs.readFileSync(path);
}

/** Reads a .npy file. */
export function readNpy(path: string): NpyArray {
  return parseNpy(readFile(path, ".npy file"), path);
}

/** Reads every array of a .npz archive, keyed by name (without ".npy"). */
export function readNpz(path: string): Record<string, NpyArray> {
  const entries = unzipSync(readFile(path, ".npz file"));
  const out: Record<string, NpyArray> = {};
  for (const [name, bytes] of Object.entries(entries)) {
    if (name.endsWith(".npy")) out[name.slice(0, -4)] = parseNpy(bytes, `${path}:${name}`);
  }
  return out;
}

/** One named array of an .npz archive, with an error listing the names present when it is missing. */
export function npzArray(arrays: Record<string, NpyArray>, name: string, source: string): NpyArray {
  const a = arrays[name];
  if (!a) throw new Error(`${source}: expected an array named '${name}', found ${JSON.stringify(Object.keys(arrays))}`);
  return a;
}
