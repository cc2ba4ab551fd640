// The study datasets against their definitions: the pooled colour and noisy dSprites of a spec against
// the 64×64 images of the same factor tuples average-pooled here (pooling is linear, so the colour variant
// is the pooled binary sprite times the image's one RGB multiplier from U[0.5, 1]³, disentanglement_lib's
// ColorDSprites), and bad variants and sizes refused with the value seen.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { dsprites } from "../../../datasets";
import { pooledDsprites, studyDataset } from "../../../toolkit/studies/data";

/** The 64×64×C image `x` average-pooled to size×size×C, written independently of the module under test. */
function pool(x: Float32Array, channels: number, size: number): number[] {
  const k = 64 / size;
  const out: number[] = [];
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      for (let ch = 0; ch < channels; ch++) {
        let sum = 0;
        for (let i = 0; i < k * k; i++) sum += x[((r * k + Math.floor(i / k)) * 64 + c * k + (i % k)) * channels + ch];
        out.push(sum / (k * k));
      }
    }
  }
  return out;
}

describe("study datasets: dSprites variants", () => {
  const [n, size, seed] = [40, 16, 5];
  const color = studyDataset({ name: "dsprites", n, size, seed, variant: "color" });
  const binary = studyDataset({ name: "dsprites", n, size, seed });

  test("colour: shape [16, 16, 3], the binary subsample's factors, each image the pooled 64×64 colour image", () => {
    assert.deepEqual(color.shape, [size, size, 3]);
    assert.equal(color.length, n);
    const full = dsprites({ variant: "color", seed });
    for (let i = 0; i < n; i++) {
      const { x, factors } = color.get(i);
      assert.deepEqual(factors, binary.get(i).factors, `example ${i}: same factors as the binary subsample`);
      const expected = pool(full.get(full.indexOf(factors as Int32Array)).x, 3, size);
      expected.forEach((v, j) => assert.ok(Math.abs(x[j] - v) < 1e-6, `example ${i}, value ${j}: ${x[j]} vs ${v}`));
    }
  });

  test("colour is the pooled binary sprite times one multiplier per channel in [0.5, 1]", () => {
    for (let i = 0; i < n; i++) {
      const x = color.get(i).x;
      const mono = binary.get(i).x;
      const on = mono.findIndex((v) => v > 0.5);
      assert.ok(on >= 0, `example ${i} has a sprite`);
      for (let ch = 0; ch < 3; ch++) {
        const m = x[on * 3 + ch] / mono[on];
        assert.ok(m >= 0.5 && m <= 1, `example ${i}, channel ${ch}: multiplier ${m}`);
        mono.forEach((v, p) => assert.ok(Math.abs(x[p * 3 + ch] - v * m) < 1e-6, `example ${i}, pixel ${p}, channel ${ch}`));
      }
    }
  });

  test("noisy: at least the pooled sprite, 1 where the sprite covers the block, background noise of mean ½", () => {
    const noisy = pooledDsprites(n, size, seed, "noisy");
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const x = noisy.get(i).x;
      binary.get(i).x.forEach((v, p) => {
        for (let ch = 0; ch < 3; ch++) {
          assert.ok(x[p * 3 + ch] >= v - 1e-6 && x[p * 3 + ch] <= 1);
          if (v === 1) assert.equal(x[p * 3 + ch], 1);
          if (v === 0) { sum += x[p * 3 + ch]; count++; }
        }
      });
    }
    // Each background value is the mean of 16 U[0, 1) draws: sd 0.072; over > 20,000 of them the mean's sd is < 0.001.
    assert.ok(count > 20000 && Math.abs(sum / count - 0.5) < 0.005, `background mean ${sum / count} over ${count}`);
  });

  test("a variant that needs a file or does not exist is refused, naming the value", () => {
    assert.throws(() => pooledDsprites(10, 16, 0, "scream" as never), /dsprites variant must be binary, color, noisy, got "scream"/);
    assert.throws(() => studyDataset({ name: "dsprites", n: 10, size: 16, variant: "colour" as never }), /got "colour"/);
    assert.throws(() => pooledDsprites(10, 12, 0, "color"), /size must divide 64 .* got 12/);
  });
});
