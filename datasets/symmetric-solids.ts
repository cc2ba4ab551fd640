// SYMSOL, the symmetric solids of Murphy et al. (2021, "Implicit-PDF", implicit-pdf.github.io) from the
// unzipped symsol_dataset.zip, laid out as TensorFlow Datasets reads it (`symmetric_solids.py`):
// <dir>/<split>/images/<shape>_<index>.png (224×224 RGB) and <dir>/<split>/rotations.npz keyed by
// shape, each [N, K, 3, 3] (K equivalent rotations, the first the rendering one). The shape is the
// factor; the 9 entries of the rendering rotation (row-major) are the continuous sources. Thesis §8.4
// uses them grey at 64×64 (the default here), deduplicated (unique()).
import * as fs from "fs";
import * as path from "path";
import { ByteImageDataset } from "./image-dataset";
import { listImages, readImage, resizeArea, toGrey } from "./image";
import { npzArray, readNpz } from "./numpy";

export const SYMSOL_SHAPES = ["tet", "cube", "icosa", "cone", "cyl", "tetX", "cylO", "sphereX"];

export interface SymmetricSolidsOptions {
  /** Folder holding train/ and test/ (the unzipped symsol_dataset.zip). */
  dir: string;
  split?: "train" | "test";
  /** Keep only these shapes (default all eight). */
  shapes?: string[];
  /** Output side (default 64). */
  size?: number;
  /** 1 (grey, default, as thesis §8.4) or 3 (RGB). */
  channels?: 1 | 3;
}

export function symmetricSolids(options: SymmetricSolidsOptions): ByteImageDataset {
  if (!options || typeof options.dir !== "string") throw new Error("symmetricSolids: options.dir must name the unzipped symsol_dataset folder");
  const split = options.split ?? "train";
  if (split !== "train" && split !== "test") throw new Error(`symmetricSolids: split must be 'train' or 'test', got ${JSON.stringify(split)}`);
  const shapes = options.shapes ?? SYMSOL_SHAPES;
  for (const s of shapes) if (!SYMSOL_SHAPES.includes(s)) throw new Error(`symmetricSolids: unknown shape '${s}', expected one of ${SYMSOL_SHAPES.join(", ")}`);
  const rotationsFile = path.join(options.dir, split, "rotations.npz");
  if (!fs.existsSync(rotationsFile)) throw new Error(`symmetricSolids: expected '${rotationsFile}'`);
  const rotations = readNpz(rotationsFile);
  const files = listImages(path.join(options.dir, split, "images"), "symmetricSolids").filter((f) => shapes.includes(path.basename(f).split("_")[0]));
  const n = files.length;
  const labels = new Int32Array(n);
  const sources = new Float32Array(n * 9);
  files.forEach((f, i) => {
    const [shape, rest] = path.basename(f).split("_");
    const index = parseInt(rest, 10);
    const r = npzArray(rotations, shape, rotationsFile);
    const k = r.shape.length === 4 ? r.shape[1] : 1;
    if (!(index >= 0 && index < r.shape[0])) throw new Error(`symmetricSolids: '${f}' has index ${index}, but rotations['${shape}'] has ${r.shape[0]} rows`);
    labels[i] = SYMSOL_SHAPES.indexOf(shape);
    for (let j = 0; j < 9; j++) sources[i * 9 + j] = r.data[index * k * 9 + j];
  });
  const size = options.size ?? 64;
  const channels = options.channels ?? 1;
  if (channels !== 1 && channels !== 3) throw new Error(`symmetricSolids: channels must be 1 or 3, got ${channels}`);
  return new ByteImageDataset({
    name: `symmetric-solids/${split}`,
    shape: [size, size, channels],
    length: n,
    factors: { info: { names: ["shape"], sizes: [8], values: [SYMSOL_SHAPES.map((_, k) => k)] }, indices: labels },
    sources: { data: sources, dim: 9 },
    load: (i) => {
      const img = resizeArea(readImage(files[i]), size, size);
      return (channels === 1 ? toGrey(img) : img).data;
    },
  });
}
