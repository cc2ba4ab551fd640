// The pieces the decomposition study adds to the study machinery: the pinwheels and Fashion-MNIST dataset specs,
// and the dSprites FactorSampler, whose rendered-and-pooled images must equal the pooled dataset's own images for
// the same factors (two code paths: the dataset's cached renderer and subsample, the sampler's direct rendering).
import { before, test, describe } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { dsprites } from "../../../datasets";
import { ensureBackend } from "../../../toolkit/compute/backend";
import { createModel } from "../../../toolkit/models";
import { dspritesSampler, pooledDsprites, studyDataset } from "../../../toolkit/studies";

describe("decomposition study: datasets", () => {
  test("pinwheels: 2-D points, the arm as the one factor", () => {
    const data = studyDataset({ name: "pinwheels", classes: 4, perClass: 25, seed: 1 });
    assert.deepEqual(data.shape, [2]);
    assert.equal(data.length, 100);
    assert.deepEqual(data.factors?.sizes, [4]);
  });
  test("fashionMnist needs the folder of its IDX files", () => {
    assert.throws(() => studyDataset({ name: "fashionMnist", dir: "" }), /fashionMnist dataset: dir must name the folder of its IDX files, got ""/);
  });
});

describe("dspritesSampler", () => {
  before(ensureBackend);
  test("encodes the pooled image of each factor row (as the pooled dataset holds it)", () => {
    const size = 16;
    const pooled = pooledDsprites(6, size, 3);
    const full = dsprites();
    // The same linear encoder applied to the sampler's images and to the dataset's images.
    const model = createModel({ kind: "betaVAE", architecture: "linear", inputShape: [size, size, 1], latent: 4, seed: 2 });
    try {
      const factors = Array.from({ length: pooled.length }, (_, i) => Array.from(pooled.get(i).factors as Int32Array));
      const fromSampler = dspritesSampler(model, size, 4).encode(factors) as { data: Float32Array; shape: [number, number] };
      const fromData = tf.tidy(() => model.encode(pooled.toTensor()).mean.dataSync());
      assert.deepEqual(fromSampler.shape, [6, 4]);
      fromSampler.data.forEach((v, k) => assert.ok(Math.abs(v - fromData[k]) < 1e-5, `value ${k}: ${v} vs ${fromData[k]}`));
      assert.deepEqual(dspritesSampler(model, size).factorSizes, full.factors.sizes);
    } finally {
      model.dispose();
    }
    assert.throws(() => dspritesSampler(model, 10), /dspritesSampler: size must divide 64 \(64, 32, 16, …\), got 10/);
  });
});
