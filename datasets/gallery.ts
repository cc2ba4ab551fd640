// Writes a gallery PNG of dSprites (rows: shape × scale extremes; columns: orientations and positions)
// to check the geometry documented in dsprites.ts by eye. Run: node dist/datasets/gallery.js [out.png]
import * as fs from "fs";
import { PNG } from "pngjs";
import { renderDSprite, DSPRITES_SIZE } from "./dsprites";

/** Tiles of factor tuples [shape, scale, orientation, posX, posY], one row per inner array. */
export function dspritesGalleryTuples(): number[][][] {
  const rows: number[][][] = [];
  for (let shape = 0; shape < 3; shape++) {
    for (const scale of [0, 5]) {
      const row: number[][] = [];
      for (let o = 0; o < 40; o += 5) row.push([shape, scale, o, 15, 15]);
      row.push([shape, scale, 39, 15, 15], [shape, scale, 0, 0, 0], [shape, scale, 0, 31, 31], [shape, scale, 10, 31, 0]);
      rows.push(row);
    }
  }
  return rows;
}

/** Renders the gallery (1-px grey grid between tiles) and returns the PNG bytes. */
export function dspritesGalleryPng(rows = dspritesGalleryTuples()): Buffer {
  const tile = DSPRITES_SIZE + 1;
  const width = rows[0].length * tile + 1;
  const height = rows.length * tile + 1;
  const png = new PNG({ width, height });
  png.data.fill(128);
  rows.forEach((row, r) =>
    row.forEach((t, c) => {
      const img = renderDSprite(t[0], t[1], t[2], t[3], t[4]);
      for (let y = 0; y < DSPRITES_SIZE; y++) {
        for (let x = 0; x < DSPRITES_SIZE; x++) {
          const p = ((r * tile + 1 + y) * width + c * tile + 1 + x) * 4;
          const v = img[y * DSPRITES_SIZE + x] * 255;
          png.data[p] = png.data[p + 1] = png.data[p + 2] = v;
          png.data[p + 3] = 255;
        }
      }
    }),
  );
  return PNG.sync.write(png);
}

if (require.main === module) {
  const out = process.argv[2] ?? "datasets/dsprites-gallery.png";
  fs.writeFileSync(out, dspritesGalleryPng());
  console.log(`wrote ${out}`);
}
