import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PNG } from "pngjs";
import * as tf from "@tensorflow/tfjs";
import { dsprites, renderDSprite, renderDSpritePacked, dspritesGrid, SubsetDataset, DSprites } from "../../datasets";
import { readFixture } from "./helpers";

function area(t: number[]): number {
  return renderDSprite(t[0], t[1], t[2], t[3], t[4]).reduce((a, b) => a + b, 0);
}

describe("dSprites rendering", () => {
  test("matches an independent numpy rendering of the documented geometry (make_dsprites.py)", () => {
    const ref = readFixture<{ images: { index: number; tuple: number[]; on: number[] }[] }>("dsprites_reference.json");
    const d = dsprites();
    for (const img of ref.images) {
      assert.deepEqual(Array.from(dspritesGrid.tupleOf(img.index)), img.tuple, `tuple of ${img.index}`);
      const x = d.get(img.index).x;
      const on: number[] = [];
      x.forEach((v, p) => v === 1 && on.push(p));
      assert.deepEqual(on, img.on, `pixels of index ${img.index} (${img.tuple})`);
    }
  });

  test("deterministic: the same SHA-256 over 200 indices from two instances, with and without cache", () => {
    const hash = (d: DSprites) => {
      const h = crypto.createHash("sha256");
      for (let k = 0; k < 200; k++) h.update(d.get((k * 3677 + 11) % d.length).x);
      return h.digest("hex");
    };
    const a = hash(dsprites());
    // Pinned when the geometry was fixed (it also matches make_dsprites.py); a change here changes every image.
    assert.equal(a, "a84ee36a8aff0c90330e89e93f79b01404c0b8d18a48897c7fb40cbc0baab0d2");
    assert.equal(hash(dsprites({ cacheSize: 0 })), a);
    assert.equal(hash(dsprites({ cacheSize: 7 })), a);
  });

  test("binary images, 64×64×1, every shape non-empty and inside the frame", () => {
    const d = dsprites();
    assert.deepEqual(d.shape, [64, 64, 1]);
    for (let i = 0; i < d.length; i += 9973) {
      const x = d.get(i).x;
      assert.equal(x.length, 4096);
      assert.ok(x.every((v) => v === 0 || v === 1));
      assert.ok(x.some((v) => v === 1), `index ${i} is empty`);
      for (let k = 0; k < 64; k++) {
        // 16-px margin: the border rows and columns stay off at every position and angle.
        assert.equal(x[k] + x[63 * 64 + k] + x[k * 64] + x[k * 64 + 63], 0, `index ${i} touches the border`);
      }
    }
  });

  test("area grows with scale for every shape (roughly as scale²)", () => {
    for (let shape = 0; shape < 3; shape++) {
      const areas = [0, 1, 2, 3, 4, 5].map((s) => area([shape, s, 7, 16, 16]));
      for (let s = 1; s < 6; s++) assert.ok(areas[s] > areas[s - 1], `shape ${shape}: areas ${areas}`);
      const ratio = areas[5] / areas[0];
      assert.ok(ratio > 3 && ratio < 5, `shape ${shape}: area ratio scale 1 / scale 0.5 is ${ratio}, expected ≈ 4`);
    }
  });

  test("the square is 20·scale px wide, as documented", () => {
    assert.equal(area([0, 5, 0, 16, 16]), 400);
    assert.equal(area([0, 0, 0, 16, 16]), 100);
  });

  test("position moves the shape: posX to the right, posY down", () => {
    const centroid = (t: number[]) => {
      const x = renderDSprite(t[0], t[1], t[2], t[3], t[4]);
      let r = 0, c = 0, n = 0;
      x.forEach((v, p) => { if (v) { r += Math.floor(p / 64); c += p % 64; n++; } });
      return [r / n + 0.5, c / n + 0.5];
    };
    const [r0, c0] = centroid([0, 3, 0, 0, 0]);
    const [r1, c1] = centroid([0, 3, 0, 31, 31]);
    assert.ok(Math.abs(c0 - 16) < 0.01 && Math.abs(r0 - 16) < 0.01, `position 0 at (${r0}, ${c0}), documented 16`);
    assert.ok(Math.abs(c1 - 48) < 0.01 && Math.abs(r1 - 48) < 0.01, `position 1 at (${r1}, ${c1}), documented 48`);
  });

  test("orientation duplicates (0 and 2π) are found by unique()", () => {
    // One shape and scale, every orientation, a 4×4 block of positions: 640 images, 16 exact duplicates.
    const d = dsprites();
    const idx: number[] = [];
    for (let o = 0; o < 40; o++) for (let px = 0; px < 4; px++) for (let py = 0; py < 4; py++) idx.push(dspritesGrid.indexOf([2, 4, o, px * 9, py * 9]));
    const subset = new SubsetDataset(d, Int32Array.from(idx), "block");
    const u = subset.unique();
    // The heart has no rotational symmetry, so exactly the 16 orientation-2π copies go (small squares and
    // ellipses also lose near-symmetric angles that quantise to the same pixels).
    assert.equal(u.removed, 16);
    const kept = new Set(Array.from(u.indices));
    for (const i of idx) if (dspritesGrid.tupleOf(i)[2] === 39) assert.ok(!kept.has(i), `orientation-39 image ${i} kept`);
    assert.equal(u.length, idx.length - u.removed);
    assert.ok(Array.from(renderDSpritePacked(2, 4, 0, 9, 9)).every((w, k) => w === renderDSpritePacked(2, 4, 39, 9, 9)[k]));
  });

  test("sampleWithFixed keeps the chosen factor and covers the others", () => {
    const d = dsprites();
    const s = d.sampleWithFixed("scale", 2, 64, 1);
    const f = s.factors.arraySync() as number[][];
    assert.ok(f.every((row) => row[1] === 2));
    assert.ok(new Set(f.map((row) => row[3])).size > 10);
    assert.deepEqual(s.x.shape, [64, 64, 64, 1]);
    const again = d.sampleWithFixed("scale", 2, 64, 1);
    assert.deepEqual(again.indices, s.indices);
    // One value per example (the BetaVAE score's pairs).
    const pairs = d.sampleWithFixed(0, Int32Array.from(f.map((row) => row[0])), 64, 2);
    assert.deepEqual(Array.from(pairs.values), f.map((row) => row[0]));
    tf.dispose([s.x, s.factors, again.x, again.factors, pairs.x, pairs.factors]);
    assert.throws(() => d.sampleWithFixed("colour", 0, 4, 0), /factor must be one of/);
    assert.throws(() => d.sampleWithFixed("shape", 3, 4, 0), /value of factor 'shape' must be an integer in \[0, 2\], got 3/);
  });
});

describe("dSprites display", () => {
  test("a notebook bundle with a summary and a PNG strip", () => {
    const bundle = dsprites()[Symbol.for("Jupyter.display") as never] as () => Record<string, string>;
    const b = bundle.call(dsprites());
    assert.match(b["text/plain"], /^dsprites: 737,280 examples of shape \[64, 64, 1\]\nfactors: shape \(3\), scale \(6\)/);
    const png = PNG.sync.read(Buffer.from(b["text/html"].split("base64,")[1].replace(/">$/, ""), "base64"));
    assert.equal(png.height, 64);
    assert.equal(png.width, 8 * 66);
  });
});

describe("dSprites variants", () => {
  test("color: the sprite times one RGB multiplier from U[0.5, 1]³, reproducible", () => {
    const d = dsprites({ variant: "color", seed: 3 });
    assert.deepEqual(d.shape, [64, 64, 3]);
    const mono = dsprites().get(1234).x;
    const x = d.get(1234).x;
    const m = [0, 1, 2].map((ch) => x[mono.indexOf(1) * 3 + ch]);
    m.forEach((v) => assert.ok(v >= 0.5 && v <= 1, `multiplier ${v}`));
    mono.forEach((on, p) => [0, 1, 2].forEach((ch) => assert.equal(x[p * 3 + ch], on * m[ch])));
    assert.deepEqual(dsprites({ variant: "color", seed: 3 }).get(1234).x, x);
    assert.notDeepEqual(dsprites({ variant: "color", seed: 4 }).get(1234).x, x);
  });

  test("noisy: sprite pixels are 1, background uniform in [0, 1)", () => {
    const x = dsprites({ variant: "noisy", seed: 1 }).get(777).x;
    const mono = dsprites().get(777).x;
    let sum = 0, count = 0;
    mono.forEach((on, p) => [0, 1, 2].forEach((ch) => {
      const v = x[p * 3 + ch];
      if (on) assert.equal(v, 1);
      else { assert.ok(v >= 0 && v < 1); sum += v; count++; }
    }));
    assert.ok(Math.abs(sum / count - 0.5) < 0.02, `background mean ${sum / count}`);
  });

  test("scream: needs a background image and inverts the patch under the sprite", () => {
    assert.throws(() => dsprites({ variant: "scream" }), /needs options.background/);
    assert.throws(() => dsprites({ variant: "scream", background: "/nonexistent/scream.png" }), /'\/nonexistent\/scream.png' not found/);
    // A flat background (51, 102, 204)/255: off pixels are (g + shift)/2 per channel, on pixels 1 minus that.
    const png = new PNG({ width: 80, height: 70 });
    for (let p = 0; p < 80 * 70; p++) png.data.set([51, 102, 204, 255], p * 4);
    const file = path.join(os.tmpdir(), `polarlab-scream-${process.pid}.png`);
    fs.writeFileSync(file, PNG.sync.write(png));
    try {
      const d = dsprites({ variant: "scream", background: file, seed: 2 });
      const x = d.get(100).x;
      const mono = dsprites().get(100).x;
      assert.deepEqual(d.shape, [64, 64, 3]);
      assert.deepEqual(d.get(100).x, x);
      const off = mono.indexOf(0);
      [0, 1, 2].forEach((ch) => {
        const value = x[off * 3 + ch];
        const shift = 2 * value - [0.2, 0.4, 0.8][ch];
        assert.ok(shift >= -1e-6 && shift < 1, `channel ${ch}: shift ${shift} outside U[0, 1)`);
        mono.forEach((on, p) => assert.ok(Math.abs(x[p * 3 + ch] - (on ? 1 - value : value)) < 1e-6));
      });
    } finally {
      fs.unlinkSync(file);
    }
  });
});
