import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { readNpy, readNpz, numpyDataset, smallNorb, cars3d, celeba, symmetricSolids, resizeArea, readMat, SMALLNORB_FACTORS } from "../../datasets";
import { FIXTURES, readFixture } from "./helpers";

describe(".npy and .npz (fixtures written by numpy, make_files.py)", () => {
  const expected = readFixture<Record<string, { shape: number[]; values: number[] }>>("numpy/numpy_expected.json");

  test("every dtype, byte order and Fortran order decodes to numpy's C-order values", () => {
    for (const [name, want] of Object.entries(expected)) {
      const a = readNpy(path.join(FIXTURES, "numpy", `${name}.npy`));
      assert.deepEqual(a.shape, want.shape, name);
      assert.deepEqual(Array.from(a.data, Number), want.values, name);
    }
  });

  test("a deflated .npz holds its arrays by name", () => {
    const z = readNpz(path.join(FIXTURES, "numpy", "pair.npz"));
    assert.deepEqual(Object.keys(z).sort(), ["first", "second"]);
    assert.deepEqual(Array.from(z.first.data), expected.f4.values);
    assert.deepEqual(Array.from(z.second.data), expected.i8.values);
  });

  test("numpyDataset: uint8 images [N, H, W] → [H, W, 1] in [0, 1], integer factors from the same .npz", () => {
    const d = numpyDataset({ file: path.join(FIXTURES, "numpy", "images.npz"), key: "imgs", factors: "latents_classes" });
    assert.equal(d.length, 3);
    assert.deepEqual(d.shape, [2, 2, 1]);
    assert.deepEqual(Array.from(d.get(1).x), [80, 100, 120, 140].map((v) => Math.fround(v / 255)));
    assert.deepEqual(d.factors!.sizes, [2, 3]);
    assert.deepEqual(Array.from(d.get(0).factors!), [0, 2]);
    const vectors = numpyDataset({ file: path.join(FIXTURES, "numpy", "f4.npy") });
    assert.deepEqual(vectors.shape, [3]);
    assert.deepEqual(Array.from(vectors.get(1).x), [0.75, 1, 1.25]);
    assert.throws(() => numpyDataset({ file: path.join(FIXTURES, "numpy", "pair.npz") }), /holds \["first","second"\]; pass options.key/);
  });

  test("missing and malformed files are named", () => {
    assert.throws(() => readNpy("/nonexistent/a.npy"), /.npy file not found: '\/nonexistent\/a.npy'/);
    assert.throws(() => readNpz("/nonexistent/a.npz"), /.npz file not found/);
    const bad = path.join(os.tmpdir(), `polarlab-bad-${process.pid}.npy`);
    fs.writeFileSync(bad, "not numpy");
    try {
      assert.throws(() => readNpy(bad), /not a .npy file/);
    } finally {
      fs.unlinkSync(bad);
    }
  });
});

describe("smallNORB (fixture in the original binary format, make_smallnorb.py)", () => {
  test("first camera, factors from -cat and -info (azimuth stored as 0, 2, …, 34 → index /2)", () => {
    const d = smallNorb({ dir: path.join(FIXTURES, "smallnorb"), size: 4 });
    assert.equal(d.length, 3);
    assert.deepEqual(d.shape, [4, 4, 1]);
    assert.deepEqual(d.factors, SMALLNORB_FACTORS);
    // dat[i, camera, r, c] = ((i·32 + camera·16 + r·4 + c)·5) mod 256
    assert.deepEqual(Array.from(d.get(1).x), Array.from({ length: 16 }, (_, p) => Math.fround((((32 + p) * 5) % 256) / 255)));
    assert.deepEqual(Array.from(d.get(0).factors!), [4, 9, 8, 17, 5]);
    assert.deepEqual(Array.from(d.get(2).factors!), [2, 6, 3, 5, 2]);
    const right = smallNorb({ dir: path.join(FIXTURES, "smallnorb"), size: 4, camera: 1 });
    assert.equal(right.get(0).x[0], Math.fround(80 / 255));
    const half = smallNorb({ dir: path.join(FIXTURES, "smallnorb"), size: 2 });
    // Area averaging of the 2×2 block {0, 5, 20, 25} gives 12.5 → 13.
    assert.equal(half.get(0).x[0], Math.fround(13 / 255));
  });

  test("a missing file names the expected file", () => {
    assert.throws(() => smallNorb({ dir: path.join(FIXTURES, "smallnorb"), split: "test" }), /expected the file 'smallnorb-5x01235x9x18x6x2x96x96-testing-dat.mat' \(or .*\.gz'\)/);
  });
});

describe("Cars3D (MAT-files written by scipy.io.savemat, make_files.py)", () => {
  test("MAT v5 reader: compressed uint8 and double arrays, column-major dims", () => {
    const m = readMat(path.join(FIXTURES, "cars3d", "car_001_mesh.mat"));
    assert.deepEqual(m.im.shape, [8, 8, 3, 3, 2]);
    assert.deepEqual(Array.from(m.mask.data), [1, 1, 1, 1]);
    // im(y=1, x=0, c=0, az=0, el=0) = 7 sits at column-major position 1.
    assert.equal(m.im.data[1], 7);
  });

  test("grid (elevation, azimuth, object), pixel (y, x, c) = (7y + 3x + 50c + 11az + 60el + 5obj) mod 256", () => {
    const d = cars3d({ dir: path.join(FIXTURES, "cars3d"), size: 8 });
    assert.deepEqual(d.factors!.sizes, [2, 3, 2]);
    assert.equal(d.length, 12);
    for (let i = 0; i < d.length; i++) {
      const { x, factors } = d.get(i);
      const [el, az, obj] = Array.from(factors!);
      for (const [y, xx, c] of [[0, 0, 0], [3, 5, 2], [7, 1, 1]]) {
        assert.equal(x[(y * 8 + xx) * 3 + c], Math.fround(((7 * y + 3 * xx + 50 * c + 11 * az + 60 * el + 5 * obj) % 256) / 255));
      }
    }
    assert.throws(() => cars3d({ dir: "/nonexistent/cars" }), /cars3d: options.dir must be the 'cars' folder/);
  });
});

describe("image folders: CelebA and symmetric solids", () => {
  test("resizeArea averages exact blocks and keeps constant images constant", () => {
    const img = { width: 4, height: 2, channels: 1, data: Uint8Array.from([0, 10, 20, 30, 40, 50, 60, 70]) };
    assert.deepEqual(Array.from(resizeArea(img, 2, 1).data), [25, 45]);
    const flat = { width: 96, height: 96, channels: 1, data: new Uint8Array(96 * 96).fill(77) };
    assert.ok(resizeArea(flat, 64, 64).data.every((v) => v === 77));
  });

  test("CelebA: PNG and JPEG files, centre crop, resize, attributes as factors", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-celeba-"));
    try {
      // 000001.png: 6 wide × 4 high, left third red, rest blue; the centred 4×4 crop drops one column each side.
      const png = new PNG({ width: 6, height: 4 });
      for (let p = 0; p < 24; p++) png.data.set(p % 6 < 2 ? [255, 0, 0, 255] : [0, 0, 255, 255], p * 4);
      fs.writeFileSync(path.join(dir, "000001.png"), PNG.sync.write(png));
      const rgba = new Uint8Array(8 * 8 * 4).fill(200);
      fs.writeFileSync(path.join(dir, "000002.jpg"), jpeg.encode({ width: 8, height: 8, data: rgba }, 95).data);
      fs.writeFileSync(path.join(dir, "attrs.txt"), "2\nSmiling Young\n000001.png 1 -1\n000002.jpg -1 -1\n");
      const d = celeba({ dir, size: 2, attributes: path.join(dir, "attrs.txt") });
      assert.equal(d.length, 2);
      assert.deepEqual(d.shape, [2, 2, 3]);
      // Crop columns 1..4: left output pixel averages one red and one blue column.
      assert.deepEqual(Array.from(d.get(0).x.subarray(0, 6), (v) => Math.round(v * 255)), [128, 0, 128, 0, 0, 255]);
      assert.ok(d.get(1).x.every((v) => Math.abs(v - 200 / 255) < 3 / 255));
      assert.deepEqual(d.factors!.names, ["Smiling", "Young"]);
      assert.deepEqual(Array.from(d.get(0).factors!), [1, 0]);
      assert.throws(() => celeba({ dir: path.join(dir, "missing") }), /celeba: expected a directory of images at/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  test("symmetric solids: TFDS layout, shape factor, rendering rotation as sources", () => {
    const d = symmetricSolids({ dir: path.join(FIXTURES, "symsol"), size: 2, channels: 3 });
    const want = readFixture<Record<string, number[]>>("symsol/symsol_expected.json");
    assert.equal(d.length, 2);
    // Files sorted: cube_00002 then tet_00001.
    assert.deepEqual(Array.from(d.get(0).factors!), [1]);
    assert.deepEqual(Array.from(d.get(1).factors!), [0]);
    Array.from(d.get(0).sources!).forEach((v, j) => assert.ok(Math.abs(v - want.cube_00002[j]) < 1e-6));
    Array.from(d.get(1).sources!).forEach((v, j) => assert.ok(Math.abs(v - want.tet_00001[j]) < 1e-6));
    assert.deepEqual(Array.from(d.get(1).x.subarray(0, 3), (v) => Math.round(v * 255)), [10, 20, 30]);
    const grey = symmetricSolids({ dir: path.join(FIXTURES, "symsol"), shapes: ["tet"], size: 2 });
    assert.equal(grey.length, 1);
    assert.deepEqual(grey.shape, [2, 2, 1]);
    // ITU-R 601 luma of (10, 20, 30): 0.299·10 + 0.587·20 + 0.114·30 = 18.15 → 18.
    assert.equal(Math.round(grey.get(0).x[0] * 255), 18);
    assert.throws(() => symmetricSolids({ dir: path.join(FIXTURES, "symsol"), split: "test" }), /expected '.*symsol\/test\/rotations.npz'/);
  });
});
