// CelebA (Liu et al. 2015, mmlab.ie.cuhk.edu.hk/projects/CelebA.html) from a user's folder of images
// (img_align_celeba: 202,599 JPEGs of 178×218): centre-cropped to a square and resized to 64×64 by
// area averaging, decoded lazily on first read. The 40 binary attributes of list_attr_celeba.txt become
// factors when that file is given.
import * as fs from "fs";
import * as path from "path";
import { ByteImageDataset } from "./image-dataset";
import { FactorInfo } from "./factors";
import { centerCrop, listImages, readImage, resizeArea } from "./image";

export interface CelebaOptions {
  /** Folder of .jpg/.png images (e.g. img_align_celeba), read in file-name order. */
  dir: string;
  /** Output side (default 64). */
  size?: number;
  /** Side of the centred square crop before resizing (default: the shorter side, 178 for aligned CelebA). */
  crop?: number;
  /** Use only the first `limit` files (default all). */
  limit?: number;
  /** Path of list_attr_celeba.txt: its 40 attributes (−1/1 → index 0/1) become the factors. */
  attributes?: string;
  /** Keep decoded images (default true; 12 KB each at 64×64). */
  cache?: boolean;
}

/** Parses list_attr_celeba.txt: a count line, the attribute names, then "file v1 … v40" rows. */
export function readCelebaAttributes(file: string): { names: string[]; byFile: Map<string, Int32Array> } {
  if (!fs.existsSync(file)) throw new Error(`celeba: attribute file not found: '${file}' (expected list_attr_celeba.txt)`);
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/).filter((l) => l.trim().length > 0);
  const names = lines[1].trim().split(/\s+/);
  const byFile = new Map<string, Int32Array>();
  for (const line of lines.slice(2)) {
    const [name, ...values] = line.trim().split(/\s+/);
    if (values.length !== names.length) throw new Error(`celeba: '${file}' row for ${name} has ${values.length} values, expected ${names.length}`);
    byFile.set(name, Int32Array.from(values, (v) => (Number(v) > 0 ? 1 : 0)));
  }
  return { names, byFile };
}

/** CelebA as [size, size, 3]. */
export function celeba(options: CelebaOptions): ByteImageDataset {
  if (!options || typeof options.dir !== "string") throw new Error("celeba: options.dir must name the folder of CelebA images (img_align_celeba)");
  let files = listImages(options.dir, "celeba");
  if (options.limit !== undefined) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new Error(`celeba: limit must be a positive integer, got ${options.limit}`);
    files = files.slice(0, options.limit);
  }
  const size = options.size ?? 64;
  let factors: { info: FactorInfo; indices: Int32Array } | undefined;
  if (options.attributes) {
    const { names, byFile } = readCelebaAttributes(options.attributes);
    const indices = new Int32Array(files.length * names.length);
    files.forEach((f, i) => {
      const row = byFile.get(path.basename(f));
      if (!row) throw new Error(`celeba: '${path.basename(f)}' has no row in '${options.attributes}'`);
      indices.set(row, i * names.length);
    });
    factors = { info: { names, sizes: names.map(() => 2), values: names.map(() => [-1, 1]) }, indices };
  }
  return new ByteImageDataset({
    name: "celeba",
    shape: [size, size, 3],
    length: files.length,
    cache: options.cache,
    factors,
    load: (i) => resizeArea(centerCrop(readImage(files[i]), options.crop), size, size).data,
  });
}
