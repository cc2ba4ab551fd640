// dSprites (Matthey et al. 2017) rendered procedurally: the full 737,280-image factor grid in the original order
// (docs/reference-implementations.md, "dSprites"; thesis §6.4, §7.4.1 and §8.4 train on it), plus
// disentanglement_lib's colour, noisy and scream variants (Locatello et al. 2019, `dsprites.py`).
//
// The original renderer is not public, so this is an approximation. Geometry, in pixels of the 64×64
// image (pixel (row r, column c) covers [c, c+1) × [r, r+1); it is on when its centre (c+½, r+½) lies
// inside the shape, so images are exactly binary):
// - Position: posX = j/31 (j = 0..31) moves the centre horizontally to x = 16 + 32·posX, posY = i/31
//   moves it down to y = 16 + 32·posY; position 0 lands at 16 (between pixels 15 and 16), position 1
//   at 48, one step ≈ 1.03 px. The 16-px margin keeps every shape at every angle fully inside.
// - Scale: s ∈ linspace(0.5, 1, 6); each shape is drawn in unit coordinates (u, v) ∈ [−1, 1]² and
//   magnified by h = 10·s px, so the square is 20·s px wide (10 px to 20 px).
// - Shapes, with v pointing up: square max(|u|, |v|) ≤ 1; ellipse u² + (2v)² ≤ 1 (major axis horizontal
//   at orientation 0, 2:1); heart (x² + y² − 1)³ − x²y³ ≤ 0 with x = 1.15u, y = 1.12v + 0.12 (Taubin's
//   heart, point down, rescaled to fill the unit square).
// - Orientation θ ∈ linspace(0, 2π, 40) rotates the shape counter-clockwise on screen about its centre.
//   As in the original, θ = 0 and θ = 2π (indices 0 and 39) give identical images: index 39 is drawn
//   at exactly 0 so the duplicates are exact (unique() finds them).
// Images are bit-packed (128 × 32-bit words) and kept in a direct-mapped cache of fixed size, so
// memory stays flat over an epoch; the whole grid is never materialised as float32 (12 GB).
// Variants draw their randomness from (seed, index), so example i is the same on every read (in
// disentanglement_lib it is redrawn at each sample). unique() over the full binary grid removes 26,018
// images: the 18,432 orientation-2π copies plus 7,586 whose near-symmetric angles quantise to the same
// pixels (5,532 squares, 2,052 ellipses, 2 hearts). Gallery: datasets/dsprites-gallery.png (node dist/datasets/gallery.js).
import { PNG } from "pngjs";
import * as fs from "fs";
import { BaseDataset } from "./dataset";
import { FactorGrid, FactorInfo } from "./factors";
import { Rng } from "../toolkit/compute/rng";

export const DSPRITES_SIZE = 64;
const PIXELS = DSPRITES_SIZE * DSPRITES_SIZE;
const WORDS = PIXELS / 32;

function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
}

/** The factor grid of the original release: shape (1..3 in the file; here indices 0..2), scale, orientation, posX, posY. */
export const DSPRITES_FACTORS: FactorInfo = {
  names: ["shape", "scale", "orientation", "posX", "posY"],
  sizes: [3, 6, 40, 32, 32],
  values: [[1, 2, 3], linspace(0.5, 1, 6), linspace(0, 2 * Math.PI, 40), linspace(0, 1, 32), linspace(0, 1, 32)],
};
export const DSPRITES_SHAPES = ["square", "ellipse", "heart"] as const;
export const dspritesGrid = new FactorGrid(DSPRITES_FACTORS.sizes);

function insideSquare(u: number, v: number): boolean {
  return Math.abs(u) <= 1 && Math.abs(v) <= 1;
}
function insideEllipse(u: number, v: number): boolean {
  return u * u + 4 * v * v <= 1;
}
function insideHeart(u: number, v: number): boolean {
  const x = 1.15 * u;
  const y = 1.12 * v + 0.12;
  const a = x * x + y * y - 1;
  return a * a * a - x * x * y * y * y <= 0;
}
const INSIDE = [insideSquare, insideEllipse, insideHeart];

/**
 * Renders one sprite from factor indices into a bit-packed image (bit c%32 of word (r·64 + c) >> 5 is
 * pixel (r, c)). Returns `out`.
 */
export function renderDSpritePacked(
  shape: number,
  scale: number,
  orientation: number,
  posX: number,
  posY: number,
  out: Uint32Array = new Uint32Array(WORDS),
): Uint32Array {
  dspritesGrid.indexOf([shape, scale, orientation, posX, posY]); // validates every index
  out.fill(0);
  const inside = INSIDE[shape];
  const h = 10 * DSPRITES_FACTORS.values[1][scale];
  const theta = orientation === 39 ? 0 : DSPRITES_FACTORS.values[2][orientation];
  const cos = Math.cos(theta) / h;
  const sin = Math.sin(theta) / h;
  const cx = 16 + 32 * DSPRITES_FACTORS.values[3][posX];
  const cy = 16 + 32 * DSPRITES_FACTORS.values[4][posY];
  // Every shape lies within radius √2·h·1.1 of its centre; scan only that box.
  const reach = 1.6 * h;
  const r0 = Math.max(0, Math.floor(cy - reach));
  const r1 = Math.min(DSPRITES_SIZE - 1, Math.ceil(cy + reach));
  const c0 = Math.max(0, Math.floor(cx - reach));
  const c1 = Math.min(DSPRITES_SIZE - 1, Math.ceil(cx + reach));
  for (let r = r0; r <= r1; r++) {
    const up = cy - (r + 0.5); // screen y points down; shape v points up
    for (let c = c0; c <= c1; c++) {
      const dx = c + 0.5 - cx;
      // Rotating the shape by +θ = evaluating it at the point rotated by −θ.
      const u = cos * dx + sin * up;
      const v = -sin * dx + cos * up;
      if (inside(u, v)) {
        const p = r * DSPRITES_SIZE + c;
        out[p >>> 5] |= 1 << (p & 31);
      }
    }
  }
  return out;
}

/** Unpacks a bit-packed 64×64 image into float32 0/1 values at out[offset..]. */
export function unpackBits(bits: Uint32Array, out: Float32Array, offset: number): void {
  for (let w = 0; w < WORDS; w++) {
    const word = bits[w];
    const base = offset + w * 32;
    if (word === 0) {
      out.fill(0, base, base + 32);
      continue;
    }
    for (let b = 0; b < 32; b++) out[base + b] = (word >>> b) & 1;
  }
}

/** Renders one binary sprite by factor indices as float32 [64·64] (row-major). */
export function renderDSprite(shape: number, scale: number, orientation: number, posX: number, posY: number): Float32Array {
  const out = new Float32Array(PIXELS);
  unpackBits(renderDSpritePacked(shape, scale, orientation, posX, posY), out, 0);
  return out;
}

export type DSpritesVariant = "binary" | "color" | "noisy" | "scream";

export interface DSpritesOptions {
  /** binary (default, [64,64,1]); color: the sprite times an RGB colour from U[0.5, 1]³; noisy: plus
   *  U[0, 1]³ noise per pixel, clipped at 1; scream: a 64×64 patch of a user image (needs background). */
  variant?: DSpritesVariant;
  /** Seed of the variant's per-example randomness (colour, noise, patch); example i is the same on every read. */
  seed?: number;
  /** Path of a PNG for the scream variant (disentanglement_lib uses Munch's The Scream, first shrunk to
   *  fit 350×274; here the image is used at the size given, at least 64×64). */
  background?: string;
  /** Number of bit-packed images kept (512 B each; default 65,536 = 32 MB; 0 disables the cache). */
  cacheSize?: number;
}

/** A 64×64 RGB image as float32 [0, 1], row-major HWC. */
interface RgbImage {
  width: number;
  height: number;
  data: Float32Array;
}

function readBackground(path: string): RgbImage {
  if (!fs.existsSync(path)) {
    throw new Error(`dsprites scream variant: background image '${path}' not found (expected a PNG, e.g. a copy of The Scream)`);
  }
  const png = PNG.sync.read(fs.readFileSync(path));
  if (png.width < DSPRITES_SIZE || png.height < DSPRITES_SIZE) {
    throw new Error(`dsprites scream variant: background must be at least 64×64, got ${png.width}×${png.height}`);
  }
  const data = new Float32Array(png.width * png.height * 3);
  for (let p = 0; p < png.width * png.height; p++) {
    for (let ch = 0; ch < 3; ch++) data[p * 3 + ch] = png.data[p * 4 + ch] / 255;
  }
  return { width: png.width, height: png.height, data };
}

/** The dSprites dataset: 737,280 examples, factors as indices into DSPRITES_FACTORS.values. */
export class DSprites extends BaseDataset {
  readonly name: string;
  readonly length = dspritesGrid.length;
  readonly shape: number[];
  readonly factors = DSPRITES_FACTORS;
  readonly grid = dspritesGrid;
  readonly variant: DSpritesVariant;
  /** The base stream; example i draws from its fork(i), so it is the same on every read. */
  private readonly rng: Rng;
  private readonly background?: RgbImage;
  private readonly cacheSize: number;
  private readonly cacheBits: Uint32Array;
  private readonly cacheTags: Int32Array;
  private readonly tuple = new Int32Array(5);
  private readonly scratch = new Uint32Array(WORDS);
  private readonly mono = new Float32Array(PIXELS);

  constructor(options: DSpritesOptions = {}) {
    super();
    this.variant = options.variant ?? "binary";
    if (!["binary", "color", "noisy", "scream"].includes(this.variant)) {
      throw new Error(`dsprites: variant must be binary, color, noisy or scream, got ${JSON.stringify(this.variant)}`);
    }
    if (this.variant === "scream") {
      if (!options.background) throw new Error("dsprites: the scream variant needs options.background, the path of a PNG image");
      this.background = readBackground(options.background);
    }
    this.rng = new Rng(options.seed ?? 0);
    this.cacheSize = options.cacheSize ?? 65536;
    if (!Number.isInteger(this.cacheSize) || this.cacheSize < 0) {
      throw new Error(`dsprites: cacheSize must be a non-negative integer, got ${options.cacheSize}`);
    }
    this.cacheBits = new Uint32Array(this.cacheSize * WORDS);
    this.cacheTags = new Int32Array(this.cacheSize).fill(-1);
    this.name = this.variant === "binary" ? "dsprites" : `dsprites-${this.variant}`;
    this.shape = [DSPRITES_SIZE, DSPRITES_SIZE, this.variant === "binary" ? 1 : 3];
  }

  /** Bit-packed binary sprite of grid index i (from the cache when present). */
  packed(i: number): Uint32Array {
    if (this.cacheSize > 0) {
      const slot = i % this.cacheSize;
      const bits = this.cacheBits.subarray(slot * WORDS, (slot + 1) * WORDS);
      if (this.cacheTags[slot] !== i) {
        const t = dspritesGrid.tupleOf(i, this.tuple);
        renderDSpritePacked(t[0], t[1], t[2], t[3], t[4], bits);
        this.cacheTags[slot] = i;
      }
      return bits;
    }
    const t = dspritesGrid.tupleOf(i, this.tuple);
    return renderDSpritePacked(t[0], t[1], t[2], t[3], t[4], this.scratch);
  }

  /** Grid index of a factor tuple (shape, scale, orientation, posX, posY indices). */
  indexOf(tuple: ArrayLike<number>): number {
    return dspritesGrid.indexOf(tuple);
  }

  writeX(i: number, out: Float32Array, offset: number): void {
    if (this.variant === "binary") {
      unpackBits(this.packed(i), out, offset);
      return;
    }
    unpackBits(this.packed(i), this.mono, 0);
    const rng = this.rng.fork(i);
    if (this.variant === "color") this.writeColor(rng, out, offset);
    else if (this.variant === "noisy") this.writeNoisy(rng, out, offset);
    else this.writeScream(rng, out, offset);
  }

  private writeColor(rng: Rng, out: Float32Array, offset: number): void {
    const m = [rng.uniform(0.5, 1), rng.uniform(0.5, 1), rng.uniform(0.5, 1)];
    for (let p = 0; p < PIXELS; p++) {
      const on = this.mono[p];
      for (let ch = 0; ch < 3; ch++) out[offset + p * 3 + ch] = on * m[ch];
    }
  }

  private writeNoisy(rng: Rng, out: Float32Array, offset: number): void {
    for (let p = 0; p < PIXELS; p++) {
      const on = this.mono[p];
      for (let ch = 0; ch < 3; ch++) out[offset + p * 3 + ch] = Math.min(on + rng.uniform(), 1);
    }
  }

  /** disentanglement_lib's ScreamDSprites: a random patch, colour-shifted by (patch + U[0,1]³)/2, sprite pixels inverted. */
  private writeScream(rng: Rng, out: Float32Array, offset: number): void {
    const bg = this.background!;
    const top = rng.int(bg.height - DSPRITES_SIZE + 1);
    const left = rng.int(bg.width - DSPRITES_SIZE + 1);
    const shift = [rng.uniform(), rng.uniform(), rng.uniform()];
    for (let r = 0; r < DSPRITES_SIZE; r++) {
      for (let c = 0; c < DSPRITES_SIZE; c++) {
        const p = r * DSPRITES_SIZE + c;
        const src = ((top + r) * bg.width + left + c) * 3;
        for (let ch = 0; ch < 3; ch++) {
          const value = (bg.data[src + ch] + shift[ch]) / 2;
          out[offset + p * 3 + ch] = this.mono[p] > 0 ? 1 - value : value;
        }
      }
    }
  }

  writeFactors(i: number, out: Int32Array, offset: number): void {
    dspritesGrid.tupleOf(i, out, offset);
  }

  /** The bit-packed image: exact for the binary variant (the others have per-example colour or noise). */
  fingerprint(i: number): Uint32Array {
    return this.variant === "binary" ? this.packed(i) : super.fingerprint(i);
  }
}

/** dSprites (binary by default); see DSpritesOptions for the variants. */
export function dsprites(options: DSpritesOptions = {}): DSprites {
  return new DSprites(options);
}
