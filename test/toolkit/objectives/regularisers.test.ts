// DIP-VAE covariances and regulariser, annealed capacity, FactorVAE permutation and discriminator terms, KL to a
// conditional prior, full-covariance KL and MMD on marginals, each vs numpy/scipy values computed in
// test/fixtures/objectives/make_objectives.py (explicit loops, np.cov, np.linalg.det, numeric integration).
import { describe, test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  annealedCapacity, capacityPenalty, choleskyFromParameters, covarianceOfMean, covarianceOfSampled,
  discriminatorLoss, discriminatorTC, dipRegulariser, gaussianKlToPriorPerDim, jointMMD, klFullCovariance, marginalMMD,
  permuteDims, sampleFullCovariance,
} from "../../../toolkit/objectives";
import { Rng } from "../../../toolkit/compute/rng";
import { assertClose, fixture, t2 } from "./fixture";

const { mean, logvar } = fixture.inputs;

describe("DIP-VAE regularisers", () => {
  test("covariances and λ-weighted penalties match numpy", () => {
    tf.tidy(() => {
      const covMu = covarianceOfMean(t2(mean));
      const covZ = covarianceOfSampled(t2(mean), t2(logvar));
      assertClose(covMu, fixture.dip.covMean, 1e-5, "Cov[μ]");
      assertClose(covZ, fixture.dip.covSampled, 1e-5, "Cov[z]");
      assertClose(dipRegulariser(covMu, 2, 20), fixture.dip.regI, 1e-5, "DIP-I");
      assertClose(dipRegulariser(covZ, 3, 3), fixture.dip.regII, 1e-5, "DIP-II");
    });
  });
  test("negative λ is rejected", () => {
    tf.tidy(() => assert.throws(() => dipRegulariser(tf.eye(2) as tf.Tensor2D, -1, 1), /lambdaOffDiagonal \(λ\) must be a finite number ≥ 0, got -1/));
  });
});

describe("annealed capacity", () => {
  test("C rises linearly to C_max and the penalty is γ|KL − C|", () => {
    for (const [step, cMax, threshold, expected] of fixture.capacity.cases) {
      assert.equal(annealedCapacity(step, cMax, threshold), expected);
    }
    tf.tidy(() => assertClose(capacityPenalty(tf.scalar(fixture.capacity.kl), fixture.capacity.C, fixture.capacity.gamma), fixture.capacity.penalty, 1e-6, "penalty"));
    assert.throws(() => annealedCapacity(1, -5, 10), /C_max \(cMax\) must be ≥ 0, got -5/);
  });
});

describe("FactorVAE terms", () => {
  test("permuteDims permutes every column independently and reproducibly", () => {
    tf.tidy(() => {
      const z = tf.tensor2d(Array.from({ length: 8 }, (_, i) => [i, 10 + i, 20 + i]));
      const p = permuteDims(z, new Rng(7)).arraySync();
      for (let j = 0; j < 3; j++) {
        const col = p.map((r) => r[j]).sort((a, b) => a - b);
        assert.deepEqual(col, Array.from({ length: 8 }, (_, i) => 10 * j + i), `column ${j} is a permutation`);
      }
      assert.deepEqual(permuteDims(z, new Rng(7)).arraySync(), p, "same seed, same permutation");
      const cols = [0, 1, 2].map((j) => p.map((r) => r[j] - 10 * j).join());
      assert.ok(new Set(cols).size > 1, "columns are permuted independently");
    });
  });
  test("discriminator TC estimate and loss match numpy", () => {
    tf.tidy(() => {
      assertClose(discriminatorTC(t2(fixture.factor.logitsReal)), fixture.factor.tc, 1e-5, "TC");
      assertClose(discriminatorLoss(t2(fixture.factor.logitsReal), t2(fixture.factor.logitsPermuted)), fixture.factor.loss, 1e-5, "loss");
      assert.throws(() => discriminatorTC(tf.zeros([3, 3]) as tf.Tensor2D), /logitsReal must be \[batch, 2\]/);
    });
  });
});

describe("KL terms", () => {
  test("KL to a conditional diagonal Gaussian prior (iVAE) matches the closed form checked by integration", () => {
    tf.tidy(() => {
      const c = fixture.conditionalKL;
      assertClose(gaussianKlToPriorPerDim(t2(mean), t2(logvar), t2(c.priorMean), t2(c.priorLogvar)), c.kl, 1e-5, "KL");
    });
  });
  test("full-covariance KL, Cholesky factor and sample match numpy (det-based)", () => {
    tf.tidy(() => {
      const f = fixture.fullCovariance;
      const L = choleskyFromParameters(t2(f.logDiagonal), t2(f.lower));
      assertClose(L, f.cholesky, 1e-5, "L");
      assertClose(klFullCovariance(t2(mean), L), f.kl, 1e-4, "KL");
      assertClose(sampleFullCovariance(t2(mean), L, t2(f.epsilon)), f.sampled, 1e-5, "z");
      assert.throws(() => choleskyFromParameters(t2(f.logDiagonal), tf.zeros([5, 2]) as tf.Tensor2D), /lower must be \[5, 3\]/);
    });
  });
});

describe("MMD on marginals", () => {
  test("unbiased MMD² with IMQ and RBF kernels matches explicit loops", () => {
    tf.tidy(() => {
      const m = fixture.mmd;
      assertClose(marginalMMD(t2(m.x), t2(m.y), { kernel: "imq", scales: m.scales }), m.imq, 1e-4, "imq");
      assertClose(marginalMMD(t2(m.x), t2(m.y), { kernel: "rbf", scales: m.scales }), m.rbf, 1e-4, "rbf");
      assert.throws(() => marginalMMD(t2(m.x), t2(m.y), { scales: [] }), /scales must be a non-empty array/);
    });
  });
  test("jointMMD (kernels on whole vectors) matches explicit loops and differs from the marginal kernel", () => {
    tf.tidy(() => {
      const m = fixture.mmd;
      assertClose(jointMMD(t2(m.x), t2(m.y), { kernel: "imq", scales: m.scales }), m.jointImq, 1e-4, "joint imq");
      assertClose(jointMMD(t2(m.x), t2(m.y), { kernel: "rbf", scales: m.scales }), m.jointRbf, 1e-4, "joint rbf");
      assert.ok(Math.abs(m.jointRbf - m.rbf) > 1e-3, "the fixture separates the joint from the marginal kernel");
      assert.throws(() => jointMMD(t2(m.x), t2([[1, 2, 3]])), /jointMMD: x and y must be \[n, d\] and \[m, d\] with the same d/);
    });
  });
  test("near zero for two samples of one distribution, positive for different ones", () => {
    tf.tidy(() => {
      const a = tf.randomNormal([200, 2], 0, 1, "float32", 1) as tf.Tensor2D;
      const b = tf.randomNormal([200, 2], 0, 1, "float32", 2) as tf.Tensor2D;
      const same = marginalMMD(a, b).dataSync()[0];
      const shifted = marginalMMD(a, tf.add(b, 1) as tf.Tensor2D).dataSync()[0];
      assert.ok(Math.abs(same) < 0.05 && shifted > 0.5, `same ${same}, shifted ${shifted}`);
    });
  });
});
