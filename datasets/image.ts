// Image files to arrays: PNG (pngjs) and JPEG (jpeg-js, pure JS) decoded to RGB or grey bytes, a
// centre crop and an area-averaging (box filter) resize, for the bring-your-own image datasets.
import * as fs from "fs";
import * as path from "path";
import { PNG } from "pngjs";
import * as jpeg from "jpeg-js";

/** Interleaved 8-bit pixels, row-major HWC. */
export interface ByteImage {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

/** Decodes a PNG or JPEG file (by its magic bytes) to RGB bytes. */
export function readImage(file: string): ByteImage {
  if (!fs.existsSync(file)) throw new Error(`image file not found: '${file}'`);
  const bytes = fs.readFileSync(file);
  let rgba: { width: number; height: number; data: Uint8Array };
  if (bytes[0] === 0x89 && bytes[1] === 0x50) rgba = PNG.sync.read(bytes);
  else if (bytes[0] === 0xff && bytes[1] === 0xd8) rgba = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  else throw new Error(`'${file}': not a PNG or JPEG file (expected the magic bytes 89 50 or ff d8)`);
  const n = rgba.width * rgba.height;
  const data = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) {
    data[3 * p] = rgba.data[4 * p];
    data[3 * p + 1] = rgba.data[4 * p + 1];
    data[3 * p + 2] = rgba.data[4 * p + 2];
  }
  return { width: rgba.width, height: rgba.height, channels: 3, data };
}

/** The centred square crop of side `size` (default: the shorter side). */
export function centerCrop(img: ByteImage, size = Math.min(img.width, img.height)): ByteImage {
  if (!Number.isInteger(size) || size < 1 || size > img.width || size > img.height) {
    throw new Error(`centerCrop: size must be an integer in [1, ${Math.min(img.width, img.height)}], got ${size}`);
  }
  const top = Math.floor((img.height - size) / 2);
  const left = Math.floor((img.width - size) / 2);
  const c = img.channels;
  const data = new Uint8Array(size * size * c);
  for (let r = 0; r < size; r++) {
    data.set(img.data.subarray(((top + r) * img.width + left) * c, ((top + r) * img.width + left + size) * c), r * size * c);
  }
  return { width: size, height: size, channels: c, data };
}

/** Weights of the source pixels covering each target pixel along one axis (exact area overlap). */
function boxWeights(from: number, to: number): { start: number; weights: number[] }[] {
  const ratio = from / to;
  return Array.from({ length: to }, (_, t) => {
    const a = t * ratio;
    const b = (t + 1) * ratio;
    const start = Math.floor(a);
    const weights: number[] = [];
    for (let s = start; s < Math.min(Math.ceil(b), from); s++) weights.push((Math.min(b, s + 1) - Math.max(a, s)) / ratio);
    return { start, weights };
  });
}

/** Area-averaging resize (exact for integer factors: 128 → 64 averages 2×2 blocks); rounds to bytes. */
export function resizeArea(img: ByteImage, width: number, height: number): ByteImage {
  if (img.width === width && img.height === height) return img;
  const wx = boxWeights(img.width, width);
  const wy = boxWeights(img.height, height);
  const c = img.channels;
  const data = new Uint8Array(width * height * c);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let ch = 0; ch < c; ch++) {
        let s = 0;
        wy[y].weights.forEach((ay, j) => {
          const row = (wy[y].start + j) * img.width;
          wx[x].weights.forEach((ax, i) => (s += ay * ax * img.data[(row + wx[x].start + i) * c + ch]));
        });
        data[(y * width + x) * c + ch] = Math.min(255, Math.round(s));
      }
    }
  }
  return { width, height, channels: c, data };
}

/** Averages the channels (ITU-R 601 luma weights) into one. */
export function toGrey(img: ByteImage): ByteImage {
  if (img.channels === 1) return img;
  const n = img.width * img.height;
  const data = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    data[p] = Math.round(0.299 * img.data[3 * p] + 0.587 * img.data[3 * p + 1] + 0.114 * img.data[3 * p + 2]);
  }
  return { width: img.width, height: img.height, channels: 1, data };
}

/** Image files (png, jpg, jpeg) of a directory, sorted by name; the error names the directory. */
export function listImages(dir: string, what: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${what}: expected a directory of images at '${dir}'`);
  const files = fs.readdirSync(dir).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort();
  if (files.length === 0) throw new Error(`${what}: no .png or .jpg files in '${dir}'`);
  return files.map((f) => path.join(dir, f));
}
