// Priors of the decomposition objective vs scipy.stats log-densities (test/fixtures/objectives/make_objectives.py),
// their samplers vs their own moments, and the Monte-Carlo / aggregate KLs vs numpy.
import { describe, test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { aggregateKL, createPrior, logGamma, monteCarloKL, monteCarloKLPerDim } from "../../../toolkit/objectives";
import { Rng } from "../../../toolkit/compute/rng";
import { assertClose, fixture, t2 } from "./fixture";

const { z, mean, logvar, datasetSize } = fixture.inputs;
const p = fixture.priors;

describe("priors", () => {
  test("log-densities match scipy", () => {
    const priors = {
      isotropic: createPrior({ kind: "isotropic", variance: 2 }, 3),
      anisotropic: createPrior({ kind: "anisotropic", variances: p.anisotropicVariances }, 3),
      studentT: createPrior({ kind: "studentT", nu: 3.5 }, 3),
      mixture: createPrior({ kind: "mixture", means: p.mixtureMeans, weights: p.mixtureWeights, variance: p.mixtureVariance }, 3),
      sparse: createPrior({ kind: "sparse", gamma: 0.8 }, 3),
    };
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      for (const [name, prior] of Object.entries(priors)) {
        assertClose(prior.logDensity(t2(z)), p[name], 1e-5, name);
        if (prior.logDensityPerDim) assertClose(tf.sum(prior.logDensityPerDim(t2(z)), 1), p[name], 1e-5, `${name} per latent`);
      }
      assert.equal(priors.mixture.logDensityPerDim, undefined);
    });
    assert.equal(tf.memory().numTensors, before);
    Object.values(priors).forEach((prior) => prior.dispose());
  });

  test("log Γ matches scipy.special.gammaln", () => {
    for (const [x, expected] of p.logGamma) assertClose(logGamma(x), expected, 1e-10, `logGamma(${x})`);
  });

  test("samples are seeded and have the prior's moments", () => {
    const sparse = createPrior({ kind: "sparse", gamma: 0.8, sigma0Squared: 0.05 }, 2);
    const student = createPrior({ kind: "studentT", nu: 5 }, 2);
    const mix = createPrior({ kind: "mixture", means: [[-3, 0], [3, 0]], weights: [0.25, 0.75], variance: 0.1 }, 2);
    tf.tidy(() => {
      const n = 20000;
      const s = sparse.sample(n, new Rng(1));
      assert.deepEqual(s.slice([0, 0], [3, 2]).arraySync(), sparse.sample(n, new Rng(1)).slice([0, 0], [3, 2]).arraySync());
      // Var = (1 − γ)·1 + γ·σ₀² = 0.2 + 0.04 = 0.24.
      const v = tf.moments(s).variance.dataSync()[0];
      assert.ok(Math.abs(v - 0.24) < 0.02, `sparse variance ${v}`);
      // Student-t variance ν/(ν − 2) = 5/3.
      const vt = tf.moments(student.sample(n, new Rng(2))).variance.dataSync()[0];
      assert.ok(Math.abs(vt - 5 / 3) < 0.15, `Student-t variance ${vt}`);
      // Mixture: share of the right component 0.75.
      const right = tf.mean(tf.cast(tf.greater(mix.sample(n, new Rng(3)).slice([0, 0], [-1, 1]), 0), "float32")).dataSync()[0];
      assert.ok(Math.abs(right - 0.75) < 0.02, `mixture weight ${right}`);
      // ν = 1 (Gamma shape ½, below 1) is the Cauchy distribution: P(|t| < 1) = ½ (5 standard errors of a proportion).
      const cauchy = createPrior({ kind: "studentT", nu: 1 }, 2);
      const inside = tf.mean(tf.cast(tf.less(tf.abs(cauchy.sample(n, new Rng(4))), 1), "float32")).dataSync()[0];
      assert.ok(Math.abs(inside - 0.5) < 5 * Math.sqrt(0.25 / (2 * n)), `P(|t| < 1) = ${inside}`);
      cauchy.dispose();
    });
    [sparse, student, mix].forEach((prior) => prior.dispose());
  });

  test("learned anisotropic variances are trainable variables; Gaussian priors expose μ and log σ²", () => {
    const prior = createPrior({ kind: "anisotropic", variances: [0.5, 2], learned: true }, 2);
    assert.equal(prior.variables().length, 1);
    tf.tidy(() => assertClose(prior.gaussian()!.logvar, [Math.log(0.5), Math.log(2)], 1e-6, "logvar"));
    assert.equal(createPrior({ kind: "sparse" }, 2).gaussian(), undefined);
    prior.dispose();
  });

  test("bad configurations name the argument", () => {
    assert.throws(() => createPrior({ kind: "sparse", gamma: 1.5 }, 2), /sparse gamma \(γ\) must be in \(0, 1\), got 1.5/);
    assert.throws(() => createPrior({ kind: "studentT", nu: 0 }, 2), /nu \(ν\) must be a finite number > 0, got 0/);
    assert.throws(() => createPrior({ kind: "anisotropic", variances: [1] }, 2), /variances must be an array of 2/);
    assert.throws(() => createPrior({ kind: "mixture", means: [[0, 0]], weights: [0.5] }, 2), /weights must be 1 positive numbers summing to 1/);
    assert.throws(() => createPrior({ kind: "laplace" } as never, 2), /kind must be one of/);
  });
});

describe("Monte-Carlo KLs", () => {
  test("per-example log q(z|x) − log p(z) and the aggregate KL match numpy", () => {
    const student = createPrior({ kind: "studentT", nu: 3.5 }, 3);
    const sparse = createPrior({ kind: "sparse", gamma: 0.8 }, 3);
    tf.tidy(() => {
      assertClose(monteCarloKL(t2(z), t2(mean), t2(logvar), student), fixture.monteCarloKL.studentT, 1e-4, "MC KL");
      assertClose(tf.sum(monteCarloKLPerDim(t2(z), t2(mean), t2(logvar), student), 1), fixture.monteCarloKL.studentT, 1e-4, "MC KL per latent, summed");
      assertClose(aggregateKL(t2(z), t2(mean), t2(logvar), sparse, datasetSize), fixture.aggregateKL.sparse, 1e-4, "aggregate KL");
    });
    student.dispose();
    sparse.dispose();
  });
  test("the Monte-Carlo KL averages to the closed form for a Gaussian prior", () => {
    const iso = createPrior({ kind: "isotropic" }, 2);
    tf.tidy(() => {
      const n = 20000;
      const m = tf.fill([n, 2], 0.7) as tf.Tensor2D;
      const lv = tf.fill([n, 2], Math.log(0.3)) as tf.Tensor2D;
      const zz = tf.add(m, tf.mul(Math.sqrt(0.3), tf.randomNormal([n, 2], 0, 1, "float32", 5))) as tf.Tensor2D;
      const mc = tf.mean(monteCarloKL(zz, m, lv, iso)).dataSync()[0];
      const exact = 2 * 0.5 * (0.7 ** 2 + 0.3 - Math.log(0.3) - 1);
      assert.ok(Math.abs(mc - exact) < 0.03, `MC ${mc} vs closed form ${exact}`);
    });
    iso.dispose();
  });
});
