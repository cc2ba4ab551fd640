// Inputs a new user passes by mistake: each one used to become a silent number, NaN or a misleading message,
// and must now be an error that names the argument (and the row and column of a bad entry).
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as m from "../../../toolkit/metrics";
import { randomMatrix } from "./helpers";

/** A matrix with a non-number where a number belongs (what a user's parsed JSON or CSV may contain). */
const withEntry = (value: unknown): number[][] => [[1, 2], [value as number, 5], [3, 1], [0.5, 4]];

describe("bad entries are errors naming the argument, row and column", () => {
  test("null, booleans, numeric strings and undefined are not converted to 0, 1 and 3", () => {
    for (const bad of [null, true, false, "3", undefined, [1], {}]) {
      assert.throws(() => m.effectiveRank(withEntry(bad)), /^Error: x: entry \[1, 0\] is .*finite number/, String(bad));
      assert.throws(() => m.linearCKA(randomMatrix(4, 2, 1), { data: [1, 2, bad, 4, 5, 6, 7, 8] as number[], shape: [4, 2] }), /y: entry \[1, 0\]/);
    }
    assert.throws(() => m.effectiveRank(withEntry("3")), /the string "3"/);
  });

  test("non-finite values in every input form name the row and column", () => {
    const data = Float64Array.from([1, 2, 3, 4, 5, NaN, 7, 8]);
    assert.throws(() => m.effectiveRank({ data, shape: [4, 2] }), /x: entry \[2, 1\] is NaN/);
    assert.throws(() => m.effectiveRank({ rows: 4, cols: 2, data }), /x: entry \[2, 1\] is NaN/);
    const t = tf.tensor2d([1, 2, 3, Infinity, 5, 6, 7, 8], [4, 2]);
    assert.throws(() => m.effectiveRank(t), /x: entry \[1, 1\] is Infinity/);
    t.dispose();
  });

  test("a flat array says to pass one array per example, not that row 0 has 0 entries", () => {
    assert.throws(() => m.effectiveRank([1, 2, 3] as unknown as number[][]), (e: Error) => /x: row 0 is 1, not an array/.test(e.message) && !/row 0 has 0/.test(e.message));
  });

  test("helpers that took the internal Matrix check it: fitLogistic, predictLogistic, lasso, nearestNeighbours", async () => {
    const x = m.toMatrix(randomMatrix(20, 3, 2), "x");
    const nan = { rows: x.rows, cols: x.cols, data: Float64Array.from(x.data, (v, k) => (k === 7 ? NaN : v)) };
    const y = Int32Array.from({ length: 20 }, (_, i) => i % 2);
    assert.throws(() => m.fitLogistic(nan, y, 2, 1), /x: entry \[2, 1\] is NaN/);
    assert.throws(() => m.fitLogistic(x, Int32Array.from(y, (v, i) => (i === 4 ? 5 : v)), 2, 1), /y\[4\] is 5; expected a class index/);
    const model = m.fitLogistic(x, y, 2, 1);
    assert.throws(() => m.predictLogistic(model, nan), /x: entry \[2, 1\] is NaN/);
    assert.throws(() => m.lasso(nan, new Float64Array(20), 0.1), /x: entry \[2, 1\] is NaN/);
    assert.throws(() => m.lasso(x, Float64Array.from({ length: 20 }, (_, i) => (i === 3 ? NaN : i)), 0.1), /y\[3\] is NaN/);
    await assert.rejects(m.nearestNeighbours(nan, 2), /x: entry \[2, 1\] is NaN/);
  });
});

describe("constant means constant up to rounding, the same way in every metric", () => {
  const base = randomMatrix(50, 3, 3);
  const column01 = base.map((r) => [r[0], 0.1, r[2]]);
  const all01 = base.map((r) => r.map(() => 0.1));

  test("a column of 0.1 (variance ~1e-33 after rounding) is rejected like a column of 1", () => {
    assert.throws(() => m.gaussianTotalCorrelation(column01), /columns \[1\] have zero variance/);
    assert.throws(() => m.hoyerSparsity(column01), /latents \[1\] have zero standard deviation/);
    assert.throws(() => m.mcc(column01, base), /learned columns \[1\] are constant/);
    assert.throws(() => m.mcc(base, column01), /truth columns \[1\] are constant/);
  });

  test("an all-0.1 matrix has no effective rank, Procrustes similarity, CKA or Rényi entropy", () => {
    assert.throws(() => m.effectiveRank(all01), /every column of x is constant/);
    assert.throws(() => m.procrustesSimilarity(all01, base), /x: every column is constant/);
    assert.throws(() => m.linearCKA(base, all01), /y: every column is constant/);
    assert.throws(() => m.debiasedCKA(all01, base), /x: every column is constant/);
    assert.throws(() => m.renyiEntropy(all01), /same value/);
    assert.throws(() => m.renyiEntropy(base.map((r) => r.map(() => 1))), /same value/);
  });

  test("modularity of a constant code is 0, as its definition says, not 1 from rounding noise", () => {
    for (let trial = 0; trial < 30; trial++) {
      const codes = randomMatrix(200, 2, 100 + trial).map((r) => [r[0], 0.3]);
      const factors = randomMatrix(200, 2, 200 + trial).map((r) => r.map((v) => Math.floor(Math.abs(v) * 3)));
      assert.equal(m.modularity(codes, factors).perCode[1], 0, `trial ${trial}`);
    }
  });
});

describe("options and shapes are checked", () => {
  test("dciFromImportance: ∞ and ragged rows are errors, not NaN", () => {
    assert.throws(() => m.dciFromImportance([[1, Infinity], [0.5, 0.2]]), /importance: entry \[0, 1\] is Infinity/);
    assert.throws(() => m.dciFromImportance([[1, 2], [3]]), /importance: row 1 has 1 entries but row 0 has 2/);
  });

  test("linearAssignment of a tensor is an error, not [-1]", () => {
    const t = tf.tensor2d([[1, 2], [3, 4]]);
    assert.throws(() => m.linearAssignment(t as unknown as number[][]), /cost: expected number\[\]\[\]/);
    t.dispose();
  });

  test("BetaVAE and FactorVAE scores reject empty point sets and a single variance sample", async () => {
    const sampler = { factorSizes: [3, 4], encode: (f: number[][]) => f.map(([a, b]) => [a + 0.1 * b, b - 0.1 * a]) };
    const small = { trainPoints: 20, evalPoints: 10, batchSize: 4 };
    await assert.rejects(m.betaVAEScore(sampler, { ...small, evalPoints: 0 }), /evalPoints: expected an integer ≥ 1, got 0/);
    await assert.rejects(m.betaVAEScore(sampler, { ...small, trainPoints: 0 }), /trainPoints: expected an integer ≥ 2/);
    await assert.rejects(m.factorVAEScore(sampler, { ...small, evalPoints: 0 }), /evalPoints: expected an integer ≥ 1, got 0/);
    await assert.rejects(m.factorVAEScore(sampler, { ...small, trainPoints: 0 }), /trainPoints: expected an integer ≥ 1, got 0/);
    await assert.rejects(m.factorVAEScore(sampler, { ...small, varianceSamples: 1 }), /varianceSamples: expected an integer ≥ 2/);
  });

  test("null options are errors, not the default", async () => {
    await assert.rejects(m.mleIntrinsicDimension(randomMatrix(40, 2, 4), { k: null as unknown as number }), /k: expected an integer ≥ 2.*got null/);
    assert.throws(() => m.averagedMutualInformation(randomMatrix(40, 2, 4), { bins: "20" as unknown as number }), /bins: expected an integer ≥ 1, got the string "20"/);
  });

  test("messages say what is wrong: one example, two examples for a probe, a decoder of another width", async () => {
    assert.throws(() => m.similarityMatrix({ a: [[1, 2]] }, { b: [[3, 4]] }), /layersA\.a: a cka similarity needs at least 2 rows \(examples\), got 1/);
    await assert.rejects(m.logisticProbe([[0, 1], [1, 0]], [0, 1]), /x: 5-fold cross-validation needs at least 10 training rows, got 1 \(of 2 rows/);
    const w = tf.randomNormal([3, 4]);
    const decoder = (z: tf.Tensor2D) => tf.matMul(z, w);
    assert.throws(() => m.decoderDistanceToOrthogonality(decoder, [[0.1, 0.2]]), /z: the decoder failed on row 0 \(2 latents\)/);
    w.dispose();
  });
});
