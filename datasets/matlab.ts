// A reader for numeric arrays in MATLAB level-5 MAT-files (MathWorks, "MAT-File Format", 2023, ch. 1):
// 128-byte header, then tagged data elements; miCOMPRESSED elements are zlib streams (inflated with
// fflate) holding miMATRIX elements. Enough for Cars3D's `im` arrays; cells, structs, sparse and
// complex arrays are rejected with an error.
import * as fs from "fs";
import { unzlibSync } from "fflate";

export interface MatArray {
  name: string;
  /** MATLAB dimensions (column-major: the first index varies fastest in data). */
  shape: number[];
  data: Float64Array | Float32Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;
}

const MI_MATRIX = 14;
const MI_COMPRESSED = 15;

/** Reads one tagged element at offset; returns its type, payload and the offset of the next element. */
function element(view: DataView, bytes: Uint8Array, offset: number): { type: number; body: Uint8Array; next: number } {
  const first = view.getUint32(offset, true);
  if (first >>> 16 !== 0) {
    // Small data element: type and size packed into the first word, payload in the second.
    const size = first >>> 16;
    return { type: first & 0xffff, body: bytes.subarray(offset + 4, offset + 4 + size), next: offset + 8 };
  }
  const size = view.getUint32(offset + 4, true);
  const body = bytes.subarray(offset + 8, offset + 8 + size);
  const padded = first === MI_COMPRESSED ? size : Math.ceil(size / 8) * 8;
  return { type: first, body, next: offset + 8 + padded };
}

function numeric(type: number, body: Uint8Array, source: string): MatArray["data"] {
  const copy = new Uint8Array(body); // aligned copy (Buffer.slice would be a view) for the typed-array views
  const b = copy.buffer;
  switch (type) {
    case 1: return new Int8Array(b);
    case 2: return copy;
    case 3: return new Int16Array(b, 0, copy.length >> 1);
    case 4: return new Uint16Array(b, 0, copy.length >> 1);
    case 5: return new Int32Array(b, 0, copy.length >> 2);
    case 6: return new Uint32Array(b, 0, copy.length >> 2);
    case 7: return new Float32Array(b, 0, copy.length >> 2);
    case 9: return new Float64Array(b, 0, copy.length >> 3);
    default: throw new Error(`${source}: unsupported MAT data type ${type} (numeric arrays of 8–32-bit integers, single or double only)`);
  }
}

function parseMatrix(bytes: Uint8Array, source: string): MatArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = element(view, bytes, 0);
  const cls = flags.body[0];
  const complex = (flags.body[1] & 0x08) !== 0;
  if (cls < 6 || cls > 13 || complex) throw new Error(`${source}: only real numeric MAT arrays are supported (class ${cls}${complex ? ", complex" : ""})`);
  const dims = element(view, bytes, flags.next);
  const dv = new DataView(dims.body.buffer, dims.body.byteOffset, dims.body.byteLength);
  const shape = Array.from({ length: dims.body.length / 4 }, (_, k) => dv.getInt32(4 * k, true));
  const name = element(view, bytes, dims.next);
  const real = element(view, bytes, name.next);
  const data = numeric(real.type, real.body, source);
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new Error(`${source}: array has ${data.length} values, dimensions ${JSON.stringify(shape)} need ${count}`);
  return { name: new TextDecoder().decode(name.body), shape, data };
}

/** Parses every numeric array of a level-5 MAT-file, keyed by variable name. */
export function parseMat(bytes: Uint8Array, source = "MAT data"): Record<string, MatArray> {
  if (bytes.length < 128 || bytes[126] !== 0x49 || bytes[127] !== 0x4d) {
    throw new Error(`${source}: not a little-endian level-5 MAT-file (v7.3/HDF5 files are not supported; save with -v7)`);
  }
  const out: Record<string, MatArray> = {};
  let offset = 128;
  while (offset + 8 <= bytes.length) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const el = element(view, bytes, offset);
    const body = el.type === MI_COMPRESSED ? unzlibSync(el.body) : el.body;
    const inner = el.type === MI_COMPRESSED ? element(new DataView(body.buffer, body.byteOffset, body.byteLength), body, 0) : el;
    if (inner.type === MI_MATRIX) {
      const m = parseMatrix(inner.body, source);
      out[m.name] = m;
    }
    offset = el.next;
  }
  return out;
}

/** Reads a MAT-file, with an error naming it when missing. */
export function readMat(file: string): Record<string, MatArray> {
  if (!fs.existsSync(file)) throw new Error(`MAT-file not found: '${file}'`);
  return parseMat(fs.readFileSync(file), file);
}
