// Supervised and structural scores against test/fixtures/metrics/make_supervised.py (numpy/scipy), plus
// behaviour on constructed ground truth (perfectly disentangled vs uninformative codes).
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as m from "../../../toolkit/metrics";
import { fixture, close, normalSampler, randomMatrix } from "./helpers";

const F = fixture("supervised.json");

describe("supervised scores vs numpy/scipy fixtures", () => {
  test("MIG, modularity, SAP (with a near-constant code)", () => {
    const { codes, factors } = F.factors;
    close(m.mig(codes, factors).mig, F.factors.mig, 1e-9, "MIG");
    close(m.modularity(codes, factors).modularity, F.factors.modularity, 1e-9, "modularity");
    close(m.sap(codes, factors, { mode: "regression" }).sap, F.factors.sap, 1e-9, "SAP (regression form)");
  });
  test("DCI disentanglement and completeness from an importance matrix (with a zero row)", () => {
    const r = m.dciFromImportance(F.dci.importance);
    close(r.disentanglement, F.dci.disentanglement, 1e-9, "D");
    close(r.completeness, F.dci.completeness, 1e-9, "C");
  });
  test("Hoyer sparsity of standardised encodings", () => {
    close(m.hoyerSparsity(F.hoyer.z), F.hoyer.hoyer, 1e-9, "Hoyer");
  });
  test("Distance to Orthogonality (Hungarian vs scipy's linear_sum_assignment)", () => {
    close(m.distanceToOrthogonality(F.dto.jacobians), F.dto.dto, 1e-6, "DtO");
    close(m.distanceToOrthogonality([F.dto.aligned]), 0, 1e-9, "aligned decoder");
    close(m.distanceToOrthogonality([F.dto.rotated]), F.dto.rotatedDto, 1e-6, "rotated decoder");
  });
  test("L-BFGS multinomial logistic regression reaches scipy's optimum", () => {
    const { x, y, C, theta } = F.logistic;
    const model = m.fitLogistic(m.toMatrix(x, "x"), Int32Array.from(y), 3, C, { tolerance: 1e-10 });
    const ours = [...model.weights, ...model.bias];
    ours.forEach((v, i) => close(v, theta[i], 1e-4, `θ[${i}]`));
  });
});

describe("supervised scores on constructed ground truth", () => {
  const g = normalSampler(41);
  const n = 1500;
  const factors = Array.from({ length: n }, (_, i) => [i % 4, Math.floor(i / 4) % 5, Math.floor(i / 20) % 3]);
  const disentangled = factors.map((f) => [f[0] + 0.05 * g(), f[1] + 0.05 * g(), f[2] + 0.05 * g()]);
  const noise = randomMatrix(n, 3, 43);

  test("MIG, SAP, modularity, DCI: high for disentangled codes, low for noise", () => {
    assert.ok(m.mig(disentangled, factors).mig > 0.9);
    assert.ok(m.mig(noise, factors).mig < 0.05);
    assert.ok(m.sap(disentangled, factors, { mode: "regression" }).sap > 0.9);
    // Classification form: each code predicts its own factor perfectly and the others at chance (1/4, 1/5, 1/3).
    const cls = m.sap(disentangled, factors);
    cls.scores.forEach((row, i) => close(row[i], 1, 1e-12, `code ${i} on its factor`));
    assert.ok(cls.sap > 0.55, `SAP ${cls.sap}`);
    assert.ok(m.sap(noise, factors).sap < 0.1);
    assert.ok(m.modularity(disentangled, factors).modularity > 0.95);
    const good = m.dci(disentangled, factors);
    assert.ok(good.disentanglement > 0.9 && good.completeness > 0.9 && good.informativeness > 0.9, JSON.stringify(good));
    assert.ok(m.dci(noise, factors).informativeness < 0.05);
  });

  test("Lasso satisfies the KKT conditions", () => {
    const x = m.toMatrix(randomMatrix(200, 5, 3), "x");
    const y = Float64Array.from({ length: 200 }, (_, i) => 2 * x.data[i * 5] - x.data[i * 5 + 2] + 0.1 * g());
    const alpha = 0.05;
    const beta = m.lasso(x, y, alpha, { tolerance: 1e-12 });
    for (let j = 0; j < 5; j++) {
      let grad = 0;
      for (let i = 0; i < 200; i++) {
        let r = y[i];
        for (let c = 0; c < 5; c++) r -= x.data[i * 5 + c] * beta[c];
        grad += (x.data[i * 5 + j] * r) / 200;
      }
      if (beta[j] !== 0) close(grad, alpha * Math.sign(beta[j]), 1e-6, `KKT ${j}`);
      else assert.ok(Math.abs(grad) <= alpha + 1e-9);
    }
  });

  test("MCC is 1 for a signed permutation of the sources", () => {
    const s = randomMatrix(300, 3, 7);
    const learned = s.map((r) => [-r[2], r[0], 3 * r[1]]);
    const r = m.mcc(learned, s);
    close(r.mcc, 1, 1e-12, "MCC");
    assert.deepEqual(r.matching, [1, 2, 0]);
  });

  test("logistic probe: informative columns beat the uniform baseline, passive ones do not (thesis Fig. 6.4)", async () => {
    const labels = factors.map((f) => f[1]);
    const x = factors.map((f) => [f[1] + 0.3 * g(), g(), g()]);
    const full = await m.logisticProbe(x, labels, { seed: 1, strengths: [0.01, 1, 100], folds: 3 });
    assert.equal(full.baseline[0], 1 / 5);
    assert.ok(full.accuracy[0] > 0.8, `accuracy ${full.accuracy[0]}`);
    const passive = await m.logisticProbe(x, labels, { seed: 1, strengths: [0.01, 1, 100], folds: 3, columns: [1, 2] });
    assert.ok(Math.abs(passive.accuracy[0] - 0.2) < 0.08, `passive accuracy ${passive.accuracy[0]}`);
    const again = await m.logisticProbe(x, labels, { seed: 1, strengths: [0.01, 1, 100], folds: 3 });
    assert.deepEqual(again, full); // seeded
    // Several factors as an Int32Array with a shape, and an explicit held-out set (as the studies call it).
    const two = Int32Array.from(factors.slice(0, 600).flatMap((f) => [f[0], f[1]]));
    const x2 = factors.slice(0, 600).map((f) => [f[0] + 0.1 * g(), f[1] + 0.1 * g()]);
    const multi = await m.logisticProbe(x2.slice(0, 400), { data: two.subarray(0, 800), shape: [400, 2] }, {
      test: { x: x2.slice(400), labels: { data: two.subarray(800), shape: [200, 2] } }, strengths: [1], folds: 2,
    });
    assert.deepEqual(multi.baseline, [1 / 4, 1 / 5]);
    assert.ok(multi.accuracy.every((a) => a > 0.9), `accuracies ${multi.accuracy}`);
  });

  test("BetaVAE and FactorVAE scores: ~1 for a disentangled encoder, low for an unrelated one", async () => {
    const sizes = [4, 5, 3];
    const h = normalSampler(5);
    const good: m.FactorSampler = { factorSizes: sizes, encode: (f) => f.map((r) => [r[0] + 0.01 * h(), r[1] + 0.01 * h(), r[2] + 0.01 * h()]) };
    const bad: m.FactorSampler = { factorSizes: sizes, encode: (f) => f.map(() => [h(), h(), h()]) };
    const small = { trainPoints: 300, evalPoints: 150, batchSize: 16, varianceSamples: 500 };
    assert.ok((await m.factorVAEScore(good, small)).score > 0.95);
    assert.ok((await m.factorVAEScore(bad, small)).score < 0.6);
    assert.ok((await m.betaVAEScore(good, small)).score > 0.95);
    assert.ok((await m.betaVAEScore(bad, small)).score < 0.6);
    const collapsed: m.FactorSampler = { factorSizes: sizes, encode: (f) => f.map(() => [0, 0, 0]) };
    assert.deepEqual(await m.factorVAEScore(collapsed, small), { score: 0, trainAccuracy: 0, activeDims: 0 });
  });

  test("decoderJacobians are exact for a linear decoder and DtO sees its alignment", () => {
    const w = tf.tensor2d([[2, 0, 0, 0, 0], [0, 0, 0.5, 0, 0]]); // 2 latents → 5 outputs, axis-aligned
    const before = tf.memory().numTensors;
    const jac = m.decoderJacobians((z) => tf.matMul(z, w), [[0.3, -1], [2, 0.5]], { chunk: 2 });
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(jac[0], [[2, 0], [0, 0], [0, 0.5], [0, 0], [0, 0]]);
    close(m.decoderDistanceToOrthogonality((z) => tf.matMul(z, w), [[0.3, -1]]), 0, 1e-9, "aligned");
    w.dispose();
  });

  test("bad input: constant factors, too few codes", () => {
    assert.throws(() => m.mig(disentangled, factors.map((f) => [f[0], 7])), /factor 1 is constant/);
    assert.throws(() => m.mig(disentangled.map((r) => [r[0]]), factors), /at least 2 codes/);
    assert.throws(() => m.hoyerSparsity(disentangled.map((r) => [r[0], 0])), /latents \[1\] have zero standard deviation/);
    assert.throws(() => m.mcc(disentangled.map((r) => [r[0], 1]), factors), /learned columns \[1\] are constant/);
  });
});
