// The analytic Gaussian KL per dimension and the decoder log-likelihoods, against independent float64 references:
// KL(q ‖ p) = ∫ q(z) log(q(z)/p(z)) dz by Simpson's rule on [−14, 14] (not the closed form), and log-densities
// written out directly (Bernoulli: x log p + (1 − x) log(1 − p) with p = 1/(1 + e^(−l)); Gaussian: the density).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { bernoulliLogLikelihood, gaussianKlPerDim, gaussianKlToPriorPerDim, gaussianLogLikelihood, reparameterise } from "../../../toolkit/objectives";

const normalPdf = (z: number, m: number, v: number) => Math.exp(-((z - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);

function klByQuadrature(m: number, v: number, pm: number, pv: number): number {
  const a = -14, b = 14, n = 20000, h = (b - a) / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const z = a + i * h;
    const q = normalPdf(z, m, v);
    const f = q > 0 ? q * Math.log(q / normalPdf(z, pm, pv)) : 0;
    s += f * (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2);
  }
  return (s * h) / 3;
}

describe("Gaussian KL per dimension", () => {
  const means = [0, 0.5, -1.2, 2];
  const logvars = [0, -1, 0.7, -3];

  test("KL(N(μ, σ²) ‖ N(0, 1)) matches numerical integration", () => {
    const kl = gaussianKlPerDim(tf.tensor2d([means]), tf.tensor2d([logvars])).dataSync();
    means.forEach((m, j) => {
      const ref = klByQuadrature(m, Math.exp(logvars[j]), 0, 1);
      assert.ok(Math.abs(kl[j] - ref) < 1e-5 * (1 + ref), `dim ${j}: ${kl[j]} vs ${ref}`);
    });
  });

  test("KL to a non-standard prior matches numerical integration", () => {
    const pm = [0.3, -0.5, 1, 0], plv = [0.5, -0.2, 0, 1];
    const kl = gaussianKlToPriorPerDim(tf.tensor2d([means]), tf.tensor2d([logvars]), tf.tensor2d([pm]), tf.tensor2d([plv])).dataSync();
    means.forEach((m, j) => {
      const ref = klByQuadrature(m, Math.exp(logvars[j]), pm[j], Math.exp(plv[j]));
      assert.ok(Math.abs(kl[j] - ref) < 1e-5 * (1 + ref), `dim ${j}: ${kl[j]} vs ${ref}`);
    });
  });

  test("reparameterise gives μ + exp(½ log σ²)·ε", () => {
    const z = reparameterise(tf.tensor2d([[1, -2]]), tf.tensor2d([[Math.log(4), 0]]), tf.tensor2d([[0.5, -1]])).dataSync();
    assert.deepEqual(Array.from(z), [2, -3]);
  });
});

describe("decoder log-likelihoods (summed over inputs, one per example)", () => {
  test("Bernoulli on logits equals x log p + (1 − x) log(1 − p), and stays finite for extreme logits", () => {
    const x = [[0, 1, 0.3, 1], [1, 0, 0.9, 0]];
    const l = [[-2, 3, 0.5, -1], [0.1, -0.7, 2.5, 1.5]];
    const ll = bernoulliLogLikelihood(tf.tensor2d(x), tf.tensor2d(l)).dataSync();
    x.forEach((row, b) => {
      let ref = 0;
      row.forEach((xi, i) => {
        const p = 1 / (1 + Math.exp(-l[b][i]));
        ref += xi * Math.log(p) + (1 - xi) * Math.log(1 - p);
      });
      assert.ok(Math.abs(ll[b] - ref) < 1e-5, `example ${b}: ${ll[b]} vs ${ref}`);
    });
    const extreme = bernoulliLogLikelihood(tf.tensor2d([[1, 0]]), tf.tensor2d([[-80, 80]])).dataSync()[0];
    assert.ok(Math.abs(extreme - -160) < 1e-3, `extreme logits: ${extreme}, expected −160`);
  });

  test("Gaussian with variance γ equals Σ log N(x; mean, γ), images flattened", () => {
    const x = tf.tensor4d([0.1, 0.4, 0.9, 0.2, 0.5, 0.3, 0.7, 0.8], [2, 2, 2, 1]);
    const mean = tf.tensor4d([0, 0.5, 1, 0.1, 0.6, 0.2, 0.7, 1], [2, 2, 2, 1]);
    const gamma = 0.3;
    const ll = gaussianLogLikelihood(x, mean, Math.log(gamma)).dataSync();
    const xs = x.dataSync(), ms = mean.dataSync();
    for (let b = 0; b < 2; b++) {
      let ref = 0;
      for (let i = 0; i < 4; i++) ref += Math.log(normalPdf(xs[b * 4 + i], ms[b * 4 + i], gamma));
      assert.ok(Math.abs(ll[b] - ref) < 1e-5, `example ${b}: ${ll[b]} vs ${ref}`);
    }
  });
});
