// Reader for the IDX format of MNIST and Fashion-MNIST (LeCun et al. 1998, yann.lecun.com/exdb/mnist):
// magic = 0x00 0x00 <type> <ndim>, then ndim big-endian uint32 sizes, then the values big-endian.
// Gzipped files (.gz) are inflated with fflate.
import * as fs from "fs";
import { gunzipSync } from "fflate";

export interface IdxArray {
  shape: number[];
  /** Values as stored: Uint8Array for ubyte (0x08), otherwise a Float64Array of the decoded values. */
  data: Uint8Array | Int8Array | Float64Array;
}

const TYPES: Record<number, { bytes: number; name: string }> = {
  0x08: { bytes: 1, name: "ubyte" },
  0x09: { bytes: 1, name: "byte" },
  0x0b: { bytes: 2, name: "short" },
  0x0c: { bytes: 4, name: "int" },
  0x0d: { bytes: 4, name: "float" },
  0x0e: { bytes: 8, name: "double" },
};

/** Parses IDX bytes (already inflated). `source` names the file in errors. */
export function parseIdx(bytes: Uint8Array, source = "IDX data"): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`${source}: not an IDX file (expected magic 0x0000<type><ndim>, got ${Array.from(bytes.subarray(0, 4)).join(",")})`);
  }
  const type = TYPES[bytes[2]];
  if (!type) throw new Error(`${source}: unknown IDX type code 0x${bytes[2].toString(16)} (expected 0x08, 0x09, 0x0b–0x0e)`);
  const ndim = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: ndim }, (_, k) => view.getUint32(4 + 4 * k, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * ndim;
  if (bytes.length < start + count * type.bytes) {
    throw new Error(`${source}: truncated: shape ${JSON.stringify(shape)} of ${type.name} needs ${start + count * type.bytes} bytes, file has ${bytes.length}`);
  }
  if (type.bytes === 1) {
    const raw = bytes.subarray(start, start + count);
    return { shape, data: type.name === "ubyte" ? raw : new Int8Array(raw.buffer, raw.byteOffset, count) };
  }
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const o = start + i * type.bytes;
    data[i] =
      type.name === "short" ? view.getInt16(o, false)
      : type.name === "int" ? view.getInt32(o, false)
      : type.name === "float" ? view.getFloat32(o, false)
      : view.getFloat64(o, false);
  }
  return { shape, data };
}

/** A file's bytes, inflated when they start with the gzip magic (1f 8b). */
export function readMaybeGzipped(path: string): Uint8Array {
  const bytes: Uint8Array = fs.readFileSync(path);
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

/** Reads an IDX file (plain or .gz), with an error naming the file when it is missing. */
export function readIdx(path: string): IdxArray {
  if (!fs.existsSync(path)) throw new Error(`IDX file not found: '${path}'`);
  return parseIdx(readMaybeGzipped(path), path);
}

/** Finds `name` or `name.gz` in dir; the error lists both names. */
export function findIdx(dir: string, name: string): string {
  for (const candidate of [`${dir}/${name}`, `${dir}/${name}.gz`]) if (fs.existsSync(candidate)) return candidate;
  throw new Error(`expected the IDX file '${name}' (or '${name}.gz') in '${dir}'`);
}
