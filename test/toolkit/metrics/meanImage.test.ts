// The mean image's reconstruction loss against the decoder likelihoods evaluated directly (toolkit/objectives/
// likelihood.ts, a separate code path) at the constant c = x̄, optimality against perturbed constants, the
// learned-γ closed form against a scan over γ, and the errors for bad input.
import { describe, test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { meanImageReconstruction } from "../../../toolkit/metrics";
import { bernoulliLogLikelihood, gaussianLogLikelihood } from "../../../toolkit/objectives/likelihood";
import { Rng } from "../../../toolkit/compute/random";

/** −(1/n) Σ_b log p(x_b | c) for one constant decoder output c (logits for Bernoulli, the mean for Gaussian). */
function constantLoss(x: number[][], c: number[], kind: "bernoulli" | "gaussian", logGamma = 0): number {
  return tf.tidy(() => {
    const xt = tf.tensor2d(x);
    const ct = tf.tile(tf.tensor2d([c]), [x.length, 1]);
    const ll = kind === "bernoulli" ? bernoulliLogLikelihood(xt, ct) : gaussianLogLikelihood(xt, ct, logGamma);
    return -tf.mean(ll).dataSync()[0];
  });
}

const rng = new Rng(3);
// 40 binary "images" of 6 pixels; pixel 4 is always 0 and pixel 5 always 1 (constant pixels cost nothing).
const binary = Array.from({ length: 40 }, () => [0.3, 0.5, 0.8, 0.1].map((p) => (rng.uniform() < p ? 1 : 0)).concat([0, 1]));
const grey = Array.from({ length: 30 }, () => Array.from({ length: 5 }, () => rng.uniform()));
const means = (x: number[][]) => x[0].map((_, j) => x.reduce((s, r) => s + r[j], 0) / x.length);
const logit = (p: number) => Math.log(p / (1 - p));

describe("meanImageReconstruction", () => {
  test("Bernoulli: equals the likelihood of the pixel means, and no other constant does better", () => {
    const value = meanImageReconstruction(binary, { likelihood: "bernoulli" });
    const m = means(binary).slice(0, 4);
    const direct = constantLoss(binary.map((r) => r.slice(0, 4)), m.map(logit), "bernoulli");
    assert.ok(Math.abs(value - direct) < 1e-4, `${value} vs ${direct} (constant pixels add 0)`);
    const greyValue = meanImageReconstruction(grey, { likelihood: "bernoulli" });
    assert.ok(Math.abs(greyValue - constantLoss(grey, means(grey).map(logit), "bernoulli")) < 1e-4, "x in [0, 1], not only binary");
    for (const shift of [-0.3, 0.3]) {
      assert.ok(constantLoss(grey, means(grey).map((p) => logit(p) + shift), "bernoulli") > greyValue, `the mean image beats logits shifted by ${shift}`);
    }
  });

  test("Gaussian with fixed γ: equals the likelihood of the pixel means", () => {
    for (const gamma of [1, 0.05]) {
      const value = meanImageReconstruction(grey, { likelihood: "gaussian", gamma });
      const direct = constantLoss(grey, means(grey), "gaussian", Math.log(gamma));
      assert.ok(Math.abs(value - direct) < 1e-4 * Math.abs(direct), `γ = ${gamma}: ${value} vs ${direct}`);
    }
  });

  test("Gaussian with learned γ: the minimum over γ", () => {
    const learned = meanImageReconstruction(grey, { likelihood: "gaussian", learnGamma: true });
    let best = Infinity;
    for (let lg = -6; lg <= 1; lg += 0.001) best = Math.min(best, meanImageReconstruction(grey, { likelihood: "gaussian", gamma: Math.exp(lg) }));
    assert.ok(learned <= best + 1e-9 && best - learned < 1e-4, `${learned} vs scan ${best}`);
  });

  test("bad input gets a clear error", () => {
    assert.throws(() => meanImageReconstruction([[0.5, 1.5]], { likelihood: "bernoulli" }), /x must lie in \[0, 1\] for the Bernoulli likelihood, got 1.5 at row 0, column 1/);
    assert.throws(() => meanImageReconstruction(grey, { likelihood: "gaussian", gamma: 0 }), /gamma: expected a positive number \(decoder variance γ\), got 0/);
    assert.throws(() => meanImageReconstruction([[0.2, 0.3], [0.2, 0.3]], { likelihood: "gaussian", learnGamma: true }), /the data must vary/);
    assert.throws(() => meanImageReconstruction(grey, { likelihood: "poisson" as "gaussian" }), /likelihood must be "bernoulli" or "gaussian", got "poisson"/);
    assert.throws(() => meanImageReconstruction([[Number.NaN, 0]], { likelihood: "bernoulli" }), /x: entry \[0, 0\] is NaN/);
  });

  test("fittedOn: the held-out loss of another set's mean image matches numpy", () => {
    // numpy: tr = 3 training 2×2 images, te = 2 test images (flattened below); p = clip(tr.mean(0), 1e-6, 1 − 1e-6)
    //   Bernoulli: −mean_b Σ_i [te·log p + (1 − te)·log(1 − p)]              = 9.075534597390131
    //   Gaussian, γ = ½: −mean_b −½ Σ_i [(te − m)²/γ + log γ + log 2π]        = 3.449181993921022
    const train = [[0, 1, 1, 0.5], [1, 1, 0, 0.25], [0, 1, 1, 0]];
    const test = [[1, 0, 0.5, 1], [0, 1, 1, 0]];
    assert.ok(Math.abs(meanImageReconstruction(test, { likelihood: "bernoulli", fittedOn: train }) - 9.075534597390131) < 1e-9);
    assert.ok(Math.abs(meanImageReconstruction(test, { likelihood: "gaussian", gamma: 0.5, fittedOn: train }) - 3.449181993921022) < 1e-12);
    assert.throws(() => meanImageReconstruction(test, { likelihood: "bernoulli", fittedOn: [[0, 1]] }), /fittedOn has 2 columns but x has 4/);
  });
});
