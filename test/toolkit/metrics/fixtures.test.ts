// Every deterministic score against the independent numpy/scipy reference in
// test/fixtures/metrics/make_unsupervised.py (unsupervised.json), to 1e-6 relative.
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import * as m from "../../../toolkit/metrics";
import { fixture, close } from "./helpers";

const F = fixture("unsupervised.json");

describe("metrics vs numpy/scipy fixtures", () => {
  const v = F.vae;
  test("variable types (thesis §6.4.1)", () => {
    for (const [alpha, ref] of [[0.1, v.types], [0.3, v.typesAlpha03]] as const) {
      const t = m.variableTypes(v.variance, { alpha });
      assert.deepEqual([t.active, t.mixed, t.passive], [ref.active, ref.mixed, ref.passive]);
      t.meanVariance.forEach((x, j) => close(x, ref.meanVariance[j], 1e-9, "m_j"));
      t.varianceOfVariance.forEach((x, j) => close(x, ref.varianceOfVariance[j], 1e-9, "v_j"));
    }
  });
  test("collapse scores", () => {
    m.klPerDimension(v.mean, v.logvar).forEach((x, j) => close(x, v.klPerDimension[j], 1e-9, `KL ${j}`));
    const c = m.collapsedUnits(v.mean, v.logvar);
    assert.deepEqual(c.fractionBelowEpsilon, v.collapsedFraction);
    assert.deepEqual(c.collapsed, [4, 5]);
    const a = m.activeUnits(v.mean);
    a.variances.forEach((x, j) => close(x, v.activeUnitVariances[j], 1e-9, "Var μ"));
    assert.deepEqual(a.active, [0, 1, 2, 3]);
    const p = m.polarisedRegime(v.mean, v.logvar);
    assert.deepEqual(p.active, v.polarisedActive);
    close(p.klExact, v.klExact, 1e-9, "L_KL");
    close(p.klApprox, v.klApprox, 1e-9, "L≈KL");
    close(p.deltaKL, v.deltaKL, 1e-9, "Δ_KL");
  });
  test("trace difference, TC, averaged MI, effective rank", () => {
    close(m.traceDifference(v.sampled, v.mean), v.traceDifference, 1e-9, "trace");
    close(m.gaussianTotalCorrelation(v.sampled), v.tcSampled, 1e-6, "TC z");
    close(m.gaussianTotalCorrelation(v.mean, { columns: [0, 1, 2, 3] }), v.tcMeanActiveMixed, 1e-6, "TC μ active+mixed");
    close(m.averagedMutualInformation(v.sampled), v.miSampled, 1e-9, "MI z");
    close(m.averagedMutualInformation(v.mean), v.miMean, 1e-9, "MI μ");
    close(m.effectiveRank(v.sampled), v.erankSampled, 1e-6, "erank z");
    close(m.effectiveRank(v.mean), v.erankMean, 1e-6, "erank μ");
    const c = F.correlated;
    close(m.gaussianTotalCorrelation(c.x), c.tc, 1e-6, "TC correlated");
    close(m.averagedMutualInformation(c.x), c.mi, 1e-9, "MI correlated");
    close(m.effectiveRank(c.x), c.erank, 1e-6, "erank correlated");
    close(m.effectiveRank(F.wide.x), F.wide.erank, 1e-6, "erank d > n");
  });
  test("CKA, debiased CKA, minibatch CKA, Procrustes (correlated, near-constant column; d > n)", () => {
    for (const c of [F.correlated, F.wide]) {
      close(m.linearCKA(c.x, c.y), c.cka, 1e-6, "CKA");
      close(m.debiasedCKA(c.x, c.y), c.debiasedCKA, 1e-6, "debiased CKA");
      close(m.procrustesSimilarity(c.x, c.y), c.procrustes, 1e-6, "Procrustes");
    }
    const c = F.correlated;
    const batches: [number[][], number[][]][] = [];
    for (let s = 0; s < c.x.length; s += 50) batches.push([c.x.slice(s, s + 50), c.y.slice(s, s + 50)]);
    close(m.minibatchCKA(batches), c.minibatchCKA50, 1e-6, "minibatch CKA");
  });
  test("MLE and TwoNN with duplicates removed", async () => {
    const x = F.manifold.x;
    const mg = await m.mleIntrinsicDimension(x, { k: 20 });
    assert.equal(mg.removedDuplicates, F.manifold.duplicates);
    close(mg.dimension, F.manifold.mleMG20, 1e-6, "MLE MG k=20");
    close((await m.mleIntrinsicDimension(x, { k: 20, averaging: "levina-bickel" })).dimension, F.manifold.mleLB20, 1e-6, "MLE LB");
    const sweep = await m.mleIntrinsicDimensionSweep(x, [10, 20]);
    close(sweep[0].dimension, F.manifold.mleMG10, 1e-6, "sweep k=10");
    close(sweep[1].dimension, F.manifold.mleMG20, 1e-6, "sweep k=20");
    close((await m.twoNN(x)).dimension, F.manifold.twonn, 1e-6, "TwoNN");
    close((await m.twoNN(x, { discardFraction: 0 })).dimension, F.manifold.twonnNoDiscard, 1e-6, "TwoNN no discard");
  });
  test("MCC with Hungarian matching", () => {
    const r = m.mcc(F.mcc.learned, F.mcc.truth);
    close(r.mcc, F.mcc.mcc, 1e-9, "MCC");
    assert.deepEqual(r.matching.slice(0, 4).sort(), [0, 1, 3, 4].sort());
    assert.equal(r.matching[2], 0); // truth 2 is −learned 0
  });
  test("Rényi entropy, joint entropy and MI in bits (eigenvalue reference)", () => {
    const r = F.renyi;
    close(m.renyiEntropy(r.x), r.hx, 1e-6, "S(x)");
    close(m.renyiEntropy(r.y), r.hy, 1e-6, "S(y)");
    close(m.renyiJointEntropy(r.x, r.y), r.joint, 1e-6, "S(x,y)");
    close(m.renyiMutualInformation(r.x, r.y), r.mi, 1e-6, "I(x;y)");
    close(m.renyiEntropy(r.x, { alpha: 3 }), r.hxAlpha3, 1e-6, "S_3(x)");
    close(m.renyiEntropy(r.x, { batchSize: 60 }), r.hxBatches60, 1e-6, "batched");
  });
});
