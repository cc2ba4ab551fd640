// Cars3D (Reed et al. 2015, "Deep Visual Analogy-Making") from its original MAT-files, read as in
// disentanglement_lib (`cars3d.py`): each `car_*_mesh.mat` in the folder holds `im`, 128×128×3 images
// over 24 azimuths × 4 elevations; 183 cars. Images are resized to 64×64 by area averaging.
// Factor grid (elevation 4, azimuth 24, object 183), the object varying fastest.
import * as fs from "fs";
import * as path from "path";
import { ByteImageDataset } from "./image-dataset";
import { FactorGrid, FactorInfo } from "./factors";
import { resizeArea } from "./image";
import { readMat } from "./matlab";

export interface Cars3dOptions {
  /** The `cars` folder holding car_001_mesh.mat … (sorted by name = object index). */
  dir: string;
  /** Output side (default 64). */
  size?: number;
}

/** One car's images as [elevation][azimuth] → H·W·3 bytes, from MATLAB's column-major im(y, x, c, az, el). */
export function carImages(file: string, size: number): Uint8Array[][] {
  const mat = readMat(file);
  const im = mat.im;
  if (!im || im.shape.length !== 5 || im.shape[2] !== 3) {
    throw new Error(`cars3d: '${file}' should hold 'im' of shape [H, W, 3, azimuths, elevations], found ${im ? JSON.stringify(im.shape) : JSON.stringify(Object.keys(mat))}`);
  }
  const [h, w, , az, el] = im.shape;
  const out: Uint8Array[][] = [];
  for (let e = 0; e < el; e++) {
    out.push([]);
    for (let a = 0; a < az; a++) {
      const hwc = new Uint8Array(h * w * 3);
      for (let c = 0; c < 3; c++) {
        const base = (c + 3 * (a + az * e)) * h * w;
        for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) hwc[(y * w + x) * 3 + c] = im.data[base + x * h + y];
      }
      out[e].push(resizeArea({ width: w, height: h, channels: 3, data: hwc }, size, size).data);
    }
  }
  return out;
}

/** Cars3D: [size, size, 3]; each car's file is decoded on first use and kept. */
export function cars3d(options: Cars3dOptions): ByteImageDataset {
  const dir = options?.dir;
  if (typeof dir !== "string" || !fs.existsSync(dir)) throw new Error(`cars3d: options.dir must be the 'cars' folder with car_*_mesh.mat files, got ${JSON.stringify(dir)}`);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".mat")).sort().map((f) => path.join(dir, f));
  if (files.length === 0) throw new Error(`cars3d: no .mat files (expected car_001_mesh.mat …) in '${dir}'`);
  const size = options.size ?? 64;
  const cars: (Uint8Array[][] | undefined)[] = new Array(files.length);
  // The first car is decoded now (and kept): its images give the numbers of elevations and azimuths.
  cars[0] = carImages(files[0], size);
  const [elevations, azimuths] = [cars[0].length, cars[0][0]?.length ?? 0];
  const info: FactorInfo = {
    names: ["elevation", "azimuth", "object"],
    sizes: [elevations, azimuths, files.length],
    values: [
      Array.from({ length: elevations }, (_, k) => k),
      Array.from({ length: azimuths }, (_, k) => (360 * k) / azimuths),
      Array.from({ length: files.length }, (_, k) => k),
    ],
  };
  const grid = new FactorGrid(info.sizes);
  const t = new Int32Array(3);
  return new ByteImageDataset({
    name: "cars3d",
    shape: [size, size, 3],
    length: grid.length,
    grid,
    factors: { info },
    cache: false, // the per-car arrays are the cache
    load: (i) => {
      grid.tupleOf(i, t);
      cars[t[2]] ??= carImages(files[t[2]], size);
      return cars[t[2]]![t[0]][t[1]];
    },
  });
}
