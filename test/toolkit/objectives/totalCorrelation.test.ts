// Total-correlation estimators vs numpy (test/fixtures/objectives/make_objectives.py) and vs the known TC of a
// correlated Gaussian aggregate posterior, ½(Σ_j log Σ_jj − log det Σ).
import { describe, test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  aggregateLogDensityMSS, aggregateLogDensityMWS, stratifiedLogWeights, totalCorrelation,
} from "../../../toolkit/objectives";
import { assertClose, fixture, t2 } from "./fixture";

const { z, mean, logvar, datasetSize } = fixture.inputs;

describe("total correlation", () => {
  test("minibatch-weighted sampling matches the numpy reference (Eq. 4.29)", () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const est = aggregateLogDensityMWS(t2(z), t2(mean), t2(logvar), datasetSize);
      assertClose(est.joint, fixture.mws.joint, 1e-4, "log q(z)");
      assertClose(est.marginals, fixture.mws.marginals, 1e-4, "log q(z_j)");
      assertClose(totalCorrelation(t2(z), t2(mean), t2(logvar), datasetSize, "mws"), fixture.mws.tc, 1e-4, "TC");
    });
    assert.equal(tf.memory().numTensors, before);
  });

  test("minibatch-stratified sampling: weights sum to one per row and the estimate matches numpy", () => {
    tf.tidy(() => {
      const w = stratifiedLogWeights(5, datasetSize);
      assertClose(tf.exp(w), fixture.mss.weights, 1e-6, "weights");
      assertClose(tf.sum(tf.exp(w), 1), [1, 1, 1, 1, 1], 1e-6, "row sums");
      const est = aggregateLogDensityMSS(t2(z), t2(mean), t2(logvar), datasetSize);
      assertClose(est.joint, fixture.mss.joint, 1e-4, "log q(z)");
      assertClose(est.marginals, fixture.mss.marginals, 1e-4, "log q(z_j)");
      assertClose(totalCorrelation(t2(z), t2(mean), t2(logvar), datasetSize, "mss"), fixture.mss.tc, 1e-4, "TC");
    });
  });

  test("both estimators recover the known TC of correlated Gaussians", () => {
    const c = fixture.correlated;
    tf.tidy(() => {
      for (const estimator of ["mws", "mss"] as const) {
        const tc = totalCorrelation(t2(c.z), t2(c.mean), t2(c.logvar), c.datasetSize, estimator).dataSync()[0];
        assertClose(tc, c[estimator], 1e-3, `${estimator} vs numpy`);
        // 600 samples (one fixed draw): within 0.03 nats of the true 0.182 (numpy gives 0.174).
        assert.ok(Math.abs(tc - c.trueTC) < 0.03, `${estimator} TC ${tc} vs true ${c.trueTC}`);
      }
      // Independent latents: TC near zero.
      const indep = totalCorrelation(t2(c.z).slice([0, 0], [-1, 1]).concat(tf.randomNormal([600, 1], 0, 1, "float32", 3), 1),
        tf.zeros([600, 2]), tf.zeros([600, 2]), 600, "mws").dataSync()[0];
      assert.ok(Math.abs(indep) < 0.05, `independent TC ${indep}`);
    });
  });

  test("bad input is rejected with the argument named", () => {
    tf.tidy(() => {
      assert.throws(() => totalCorrelation(t2(z), t2(mean), t2(logvar), 3), /datasetSize must be a number ≥ the batch size 5, got 3/);
      assert.throws(() => totalCorrelation(t2(z), t2(mean).slice([0, 0], [4, 3]), t2(logvar), 100), /mean must have the shape/);
      assert.throws(() => totalCorrelation(t2(z), t2(mean), t2(logvar), 100, "bad" as "mws"), /estimator must be "mws" or "mss"/);
    });
  });
});
