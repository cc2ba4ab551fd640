// The constant predictor's reconstruction loss (toolkit/studies/meanImageBaseline.ts) against numpy:
//   tr = 3 training 2×2 images, te = 2 test images (values below); p = clip(tr.mean(0), 1e-6, 1 − 1e-6)
//   Bernoulli: −mean_b Σ_i [te·log p + (1 − te)·log(1 − p)]            = 9.075534597390131
//   Gaussian, log γ = log ½: −mean_b −½ Σ_i [(te − m)²/γ + log γ + log 2π] = 3.449181993921022
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { meanImageLoss } from "../../../toolkit/studies/meanImageBaseline";

const train = [[[0, 1], [1, 0.5]], [[1, 1], [0, 0.25]], [[0, 1], [1, 0]]];
const testImages = [[[1, 0], [0.5, 1]], [[0, 1], [1, 0]]];

describe("meanImageLoss", () => {
  test("Bernoulli and Gaussian losses of the mean training image match numpy", () => {
    const [tr, te] = [tf.tensor3d(train), tf.tensor3d(testImages)];
    // Float32 logits of the clipped pixel (1 − 1e-6) cost ~1e-2 nats; the Gaussian loss is exact to 1e-5.
    assert.ok(Math.abs(meanImageLoss(tr, te, "bernoulli") - 9.075534597390131) < 2e-2);
    assert.ok(Math.abs(meanImageLoss(tr, te, "gaussian", Math.log(0.5)) - 3.449181993921022) < 1e-4);
    tf.dispose([tr, te]);
  });

  test("the mean image beats any other constant under the Bernoulli likelihood", () => {
    const [tr, te] = [tf.tensor3d(train), tf.tensor3d(train)];
    const other = tf.fill([3, 2, 2], 0.5);
    assert.ok(meanImageLoss(tr, te, "bernoulli") < meanImageLoss(other, te, "bernoulli"));
    tf.dispose([tr, te, other]);
  });

  test("bad input is refused with the argument named", () => {
    const a = tf.zeros([2, 2, 2]);
    const b = tf.zeros([2, 4]);
    assert.throws(() => meanImageLoss(a, b, "bernoulli"), /train examples are 2×2 but test examples are 4/);
    assert.throws(() => meanImageLoss(a, a, "poisson" as never), /likelihood is "poisson"/);
    assert.throws(() => meanImageLoss(a, a, "gaussian", Number.NaN), /logGamma is NaN/);
    tf.dispose([a, b]);
  });
});
