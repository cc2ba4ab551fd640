// Properties from the thesis and closed forms: Theorems 6.4.1–6.4.2, Proposition 8.3.2, CKA invariances,
// the Fig. 7.1 experiment, intrinsic dimension on known manifolds, and Hungarian optimality by brute force.
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as m from "../../../toolkit/metrics";
import { nativeLinalg } from "../../../toolkit/metrics/linalg";
import { randomMatrix, normalSampler, close } from "./helpers";

function hcat(a: number[][], b: number[][]): number[][] { return a.map((r, i) => [...r, ...b[i]]); }
function matmul(a: number[][], b: number[][]): number[][] {
  return a.map((r) => b[0].map((_, j) => r.reduce((s, v, k) => s + v * b[k][j], 0)));
}
/** A random orthogonal matrix (Gram–Schmidt on a seeded Gaussian matrix). */
function orthogonal(d: number, seed: number): number[][] {
  const q: number[][] = [];
  for (const v of randomMatrix(d, d, seed)) {
    const w = v.slice();
    for (const u of q) { const p = u.reduce((s, x, i) => s + x * w[i], 0); u.forEach((x, i) => { w[i] -= p * x; }); }
    const n = Math.hypot(...w);
    q.push(w.map((x) => x / n));
  }
  return q;
}

describe("thesis properties", () => {
  test("Theorem 6.4.1: TC of sampled representations ~unchanged by appended passive N(0,1) columns; Theorem 6.4.2: averaged MI decreases", () => {
    const n = 4000;
    const g = normalSampler(7);
    const z = Array.from({ length: n }, () => { const a = g(); const b = 0.6 * a + 0.8 * g(); return [a, b]; });
    const withPassive = hcat(z, randomMatrix(n, 3, 11));
    const tc = m.gaussianTotalCorrelation(z);
    close(tc, -0.5 * Math.log(1 - 0.36), 0.03, "TC of a ρ = 0.6 pair"); // closed form −½ log(1 − ρ²)
    // Sampling noise in the appended columns' covariance is O(1/√n); the theorem holds in the population limit.
    assert.ok(Math.abs(m.gaussianTotalCorrelation(withPassive) - tc) < 0.01);
    const mi2 = m.averagedMutualInformation(z);
    const mi5 = m.averagedMutualInformation(withPassive);
    assert.ok(mi5 < mi2, `MI ${mi5} should be < ${mi2}`);
    // Theorem 6.4.2's proof: MI_avg(ẑ) ≈ 2c / (n² − n) plus the small positive bias of binned MI between independent columns.
    assert.ok(mi5 < (2 * mi2) / 20 + 0.05);
  });

  test("Proposition 8.3.2: Tr Var Z − Tr Var M equals the number of passive variables in a polarised representation", () => {
    const n = 20000;
    const g = normalSampler(3);
    const s = 3;
    const mean: number[][] = [];
    const sampled: number[][] = [];
    for (let i = 0; i < n; i++) {
      const mu = [2 * g(), g(), 0.5 * g(), 0, 0, 0]; // 3 active (σ → 0), 3 passive (μ = 0, σ = 1)
      mean.push(mu);
      sampled.push(mu.map((v, j) => (j < 3 ? v + 1e-3 * g() : g())));
    }
    close(m.traceDifference(sampled, mean), s, 0.04, "trace difference");
    close(m.traceDifference(sampled, mean, { columns: [0, 1, 2] }), 0, 0.01, "active only");
  });

  test("CKA is invariant to orthogonal transforms and isotropic scaling (and so are debiased CKA and Procrustes)", () => {
    const x = randomMatrix(120, 6, 1);
    const y = hcat(x.map((r) => r.slice(0, 3)), randomMatrix(120, 4, 2));
    const q = orthogonal(6, 5);
    const xt = matmul(x, q).map((r) => r.map((v) => 3.7 * v + 1.5));
    for (const f of [m.linearCKA, m.debiasedCKA, m.procrustesSimilarity]) close(f(xt, y), f(x, y), 1e-9, f.name);
    close(m.linearCKA(x, x), 1, 1e-12, "CKA(x, x)");
    close(m.procrustesSimilarity(x, x), 1, 1e-9, "P_s(x, x)");
  });

  test("CKA, debiased CKA and Procrustes are invariant to translation, whether the means lie within the spread or far outside it", () => {
    // Columns with offsets inside their spread are multiplied as they are and corrected by n x̄ȳᵀ; an offset of 1e6
    // spreads is centred first: multiplying raw columns there would lose about 12 of the 16 digits.
    // Values on a grid of 2⁻²⁰, so that x + offset and back is exact for |offset| < 2²⁵.
    const grid = (a: number[][]) => a.map((r) => r.map((v) => Math.round(v * 2 ** 20) / 2 ** 20));
    const x = grid(randomMatrix(400, 5, 11));
    const y = hcat(x.map((r) => r.slice(0, 2)), grid(randomMatrix(400, 3, 12)));
    const shift = (a: number[][], by: number) => a.map((r) => r.map((v, j) => v + by * (j % 2 ? 1 : -1)));
    for (const f of [m.linearCKA, m.debiasedCKA, m.procrustesSimilarity]) {
      const reference = f(x, y);
      close(f(shift(x, 0.5), shift(y, 0.7)), reference, 1e-13, `${f.name}, offsets within the spread`);
      close(f(shift(x, 1e6), shift(y, 0.7)), reference, 1e-13, `${f.name}, x offset by 1e6`);
      close(f(shift(x, 1e6), shift(y, -3e7)), reference, 1e-13, `${f.name}, both offset far outside the spread`);
    }
  });

  test("Fig. 7.1: Procrustes overestimates the similarity of unrelated matrices when n is small, CKA does not", () => {
    const a = (n: number) => randomMatrix(n, 50, 100 + n);
    const unrelated = (n: number) => randomMatrix(n, 50, 200 + n);
    const small = 60;
    const big = 3000;
    const pSmall = m.procrustesSimilarity(a(small), unrelated(small));
    const pBig = m.procrustesSimilarity(a(big), unrelated(big));
    const cSmall = m.linearCKA(a(small), unrelated(small));
    assert.ok(pSmall > 0.7 && pSmall > cSmall + 0.2, `Procrustes ${pSmall} vs CKA ${cSmall} at n = ${small}`);
    assert.ok(pBig < 0.3, `Procrustes at n = ${big} is ${pBig}`);
    const shared = (n: number) => { const x = a(n); return hcat(x.map((r) => r.slice(0, 40)), randomMatrix(n, 10, 300 + n)); };
    close(m.linearCKA(a(big), shared(big)), 0.8, 0.1, "CKA with 80 % shared features");
  });

  test("MLE and TwoNN within 10 % of the true dimension on known manifolds", async () => {
    const g = normalSampler(9);
    // Manifolds without boundary (boundaries bias both estimators down): the flat 2-torus in R^4 and the 3-sphere in R^4.
    const torus = Array.from({ length: 2000 }, () => { const a = 2 * Math.PI * Math.abs(Math.sin(1e4 * g())); const b = 2 * Math.PI * Math.abs(Math.sin(1e4 * g())); return [Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b)]; });
    const sphere = Array.from({ length: 2000 }, () => { const v = [g(), g(), g(), g()]; const r = Math.hypot(...v); return v.map((t) => t / r); });
    for (const [x, d] of [[torus, 2], [sphere, 3]] as const) {
      const mle = (await m.mleIntrinsicDimension(x, { k: 20 })).dimension;
      const two = (await m.twoNN(x)).dimension;
      assert.ok(Math.abs(mle - d) <= 0.1 * d, `MLE ${mle} vs ${d}`);
      assert.ok(Math.abs(two - d) <= 0.1 * d, `TwoNN ${two} vs ${d}`);
    }
    const rep = await m.mleIntrinsicDimension(sphere, { k: 10, repeats: 3, fraction: 0.5, seed: 4 });
    const again = await m.mleIntrinsicDimension(sphere, { k: 10, repeats: 3, fraction: 0.5, seed: 4 });
    assert.equal(rep.estimates.length, 3);
    assert.deepEqual(rep.estimates, again.estimates); // seeded subsets are reproducible
  });

  test("the k-d tree, the all-pairs scan, the float64 Gram product and the blocked tfjs product give the same neighbours", async () => {
    for (const [rows, cols] of [[300, 5], [101, 40], [500, 2], [400, 10], [150, 200]]) {
      const x = m.toMatrix(randomMatrix(rows, cols, 31), "x");
      const a = await m.nearestNeighbours(x, 7, { method: "scan" });
      for (const method of ["kdtree", "backend", ...(nativeLinalg() ? ["gram" as const] : [])] as const) {
        const b = await m.nearestNeighbours(x, 7, { method, blockRows: 64 });
        assert.deepEqual(Array.from(b.indices), Array.from(a.indices), method);
        a.distances.forEach((v, i) => close(v, b.distances[i], 1e-12, "distance"));
      }
    }
    // Many equal coordinates (a grid with repeats along one axis) exercise the tree's median splits on ties.
    const grid = m.toMatrix(Array.from({ length: 400 }, (_, i) => [i % 20, Math.floor(i / 20) * 0.5 + (i % 3) * 1e-3]), "grid");
    const s = await m.nearestNeighbours(grid, 5, { method: "scan" });
    const t = await m.nearestNeighbours(grid, 5, { method: "kdtree" });
    s.distances.forEach((v, i) => close(t.distances[i], v, 1e-12, "grid distance"));
  });

  test("effective rank of X = H diag(s) Qᵀ + μ (H orthonormal, centred columns) is exp(−Σ p log p), p = s² / Σ s², with means inside and far outside the spread", () => {
    const n = 200;
    const s = [3, 2, 1, 0.5, 1e-3];
    const d = s.length;
    // H: d orthonormal columns orthogonal to the ones vector (Gram–Schmidt on centred Gaussian columns).
    const h: number[][] = [];
    for (const v of randomMatrix(d, n, 21)) {
      const mean = v.reduce((a, b) => a + b, 0) / n;
      const w = v.map((x) => x - mean);
      for (const u of h) { const p = u.reduce((a, x, i) => a + x * w[i], 0); u.forEach((x, i) => { w[i] -= p * x; }); }
      const norm = Math.hypot(...w);
      h.push(w.map((x) => x / norm));
    }
    const q = orthogonal(d, 22);
    const total = s.reduce((a, v) => a + v * v, 0);
    const expected = Math.exp(-s.reduce((a, v) => { const p = (v * v) / total; return a + p * Math.log(p); }, 0));
    for (const shift of [0.01, 1e4]) {
      const x = Array.from({ length: n }, (_, i) => q.map((_, j) => shift * (j + 1) + s.reduce((a, sk, k) => a + h[k][i] * sk * q[j][k], 0)));
      close(m.effectiveRank(x), expected, 1e-12, `erank, means ${shift}`);
    }
  });

  test("similarityMatrix matches the pairwise scores and Eq. 7.9 averages over seed pairs", () => {
    const a1 = { enc: randomMatrix(40, 6, 1), z: randomMatrix(40, 3, 2) };
    const a2 = { enc: randomMatrix(40, 6, 3), z: randomMatrix(40, 3, 4) };
    const b1 = { dec: randomMatrix(40, 8, 5) };
    for (const metric of ["cka", "debiasedCKA", "procrustes"] as const) {
      const f = { cka: m.linearCKA, debiasedCKA: m.debiasedCKA, procrustes: m.procrustesSimilarity }[metric];
      const s = m.similarityMatrix(a1, b1, metric);
      assert.deepEqual([s.rows, s.cols], [["enc", "z"], ["dec"]]);
      close(s.values[1][0], f(a1.z, b1.dec), 1e-12, metric);
      const avg = m.averageSimilarityMatrix([a1, a2], [b1], metric);
      close(avg.values[0][0], (f(a1.enc, b1.dec) + f(a2.enc, b1.dec)) / 2, 1e-12, `${metric} Eq. 7.9`);
    }
    assert.throws(() => m.averageSimilarityMatrix([a1, { enc: a1.enc }], [b1]), /different layers/);
  });

  test("neighbour search stops on an aborted signal", async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(m.mleIntrinsicDimension(randomMatrix(100, 3, 1), { k: 5, signal: controller.signal }), /abort/i);
  });

  test("Hungarian assignment is optimal (brute force over all permutations)", () => {
    const g = normalSampler(13);
    const perms = (k: number): number[][] => (k === 0 ? [[]] : perms(k - 1).flatMap((p) => Array.from({ length: k }, (_, i) => [...p.slice(0, i), k - 1, ...p.slice(i)])));
    for (let trial = 0; trial < 20; trial++) {
      const cost = Array.from({ length: 5 }, () => Array.from({ length: 6 }, () => Math.round(g() * 10)));
      const a = m.linearAssignment(cost);
      const best = Math.min(...perms(6).map((p) => p.slice(0, 5).reduce((s, c, i) => s + cost[i][c], 0)));
      assert.equal(a.reduce((s, c, i) => s + cost[i][c], 0), best);
      assert.equal(new Set(a).size, 5);
    }
  });

  test("variable types: iVAE prior variance and α sweep", () => {
    const g = normalSampler(17);
    const prior = Array.from({ length: 200 }, () => [2, 0.5 + 0.01 * g()]);
    const variance = prior.map((p) => [p[0] * (1 + 0.01 * g()), p[1]]); // both posteriors equal their prior: passive
    assert.deepEqual(m.variableTypes(variance, { priorVariance: prior }).passive, [0, 1]);
    assert.deepEqual(m.variableTypes(variance).passive, []); // against N(0, I) they are not
    const sweep = m.variableTypesSweep(variance, [0.1, 0.5]);
    assert.equal(sweep.length, 2);
    assert.equal(sweep[0].active + sweep[0].mixed + sweep[0].passive, 2);
  });

  test("variable types against a prior variance are measured in its units: rescaling a latent with its prior changes nothing", () => {
    const g = normalSampler(23);
    // Latent 0: a posterior 50× narrower than its prior (active); latent 1: the posterior equals a prior of
    // variance 0.05 (passive, although σ² < α); latent 2: a posterior half as wide as its prior (mixed).
    const prior = Array.from({ length: 300 }, () => [3 + g() * 0.1, 0.05, 1.5]);
    const variance = prior.map((p) => [p[0] / 50, p[1] * (1 + 0.01 * g()), p[2] / 2]);
    const types = m.variableTypes(variance, { priorVariance: prior });
    assert.deepEqual([types.active, types.passive, types.mixed], [[0], [1], [2]]);
    // z → c·z with Σ† → c²·Σ† leaves an iVAE's objective unchanged, so it must leave the types unchanged.
    const scales = [0.01, 40, 7];
    const scaled = (rows: number[][]) => rows.map((r) => r.map((v, j) => v * scales[j]));
    const rescaled = m.variableTypes(scaled(variance), { priorVariance: scaled(prior) });
    assert.deepEqual([rescaled.active, rescaled.passive, rescaled.mixed], [[0], [1], [2]]);
    // With the N(0, I) prior the rule is the thesis' absolute one: σ² ≤ α is active.
    assert.deepEqual(m.variableTypes(variance.map((r) => [r[1]])).active, [0]);
  });
});

describe("inputs", () => {
  test("a tfjs tensor, a typed array with a shape, number[][] and a Matrix give the same score", () => {
    const x = randomMatrix(30, 4, 1);
    const y = randomMatrix(30, 2, 2);
    const flat = Float32Array.from(x.flat());
    const t = tf.tensor2d(flat, [30, 4]);
    const expected = m.linearCKA({ data: flat, shape: [30, 4] }, y);
    close(m.linearCKA(t, y), expected, 1e-12, "tensor");
    close(m.linearCKA(m.toMatrix({ data: flat, shape: [30, 4] }, "x"), y), expected, 1e-12, "Matrix");
    close(m.linearCKA(x, y), expected, 1e-6, "number[][] (float64, vs float32 copies)");
    t.dispose();
    assert.throws(() => m.linearCKA(t, y), /already disposed/);
  });
});

describe("bad input is refused with clear errors", () => {
  test("shapes, finiteness, rows and zero-variance columns", () => {
    assert.throws(() => m.linearCKA([[1, 2], [3, 4]], [[1], [2], [3]]), /x has 2 rows but y has 3/);
    assert.throws(() => m.linearCKA([[1, NaN], [3, 4]], [[1], [2]]), /x: entry \[0, 1\] is NaN/);
    assert.throws(() => m.debiasedCKA([[1], [2], [3]], [[1], [2], [3]]), /needs at least 4 rows/);
    assert.throws(() => m.linearCKA([[1], [1], [1]], [[1], [2], [3]]), /every column is constant/);
    assert.throws(() => m.toMatrix({ data: [1, 2, 3], shape: [2, 2] }, "x"), /does not match data of length 3/);
    assert.throws(() => m.toMatrix([[1, 2], [3]], "x"), /row 1 has 1 entries/);
  });
  test("Gaussian TC refuses passive mean dimensions and singular covariances instead of returning ±Infinity", () => {
    const x = randomMatrix(50, 3, 1).map((r) => [r[0], r[1], 0]);
    assert.throws(() => m.gaussianTotalCorrelation(x), /columns \[2\] have zero variance.*drop them/);
    const collinear = randomMatrix(50, 2, 2).map((r) => [r[0], r[1], r[0] + r[1]]);
    assert.throws(() => m.gaussianTotalCorrelation(collinear), /linear combination/);
    assert.throws(() => m.gaussianTotalCorrelation(randomMatrix(5, 8, 3)), /needs at least 9 rows/);
  });
  test("intrinsic dimension needs enough distinct points", async () => {
    const x = Array.from({ length: 30 }, (_, i) => [i % 5, 0]);
    await assert.rejects(m.mleIntrinsicDimension(x, { k: 20 }), /after removing 25 duplicates/);
    await assert.rejects(m.mleIntrinsicDimension(randomMatrix(30, 2, 1), { k: 1 }), /k: expected an integer ≥ 2/);
  });
  test("variance representation must be variances", () => {
    assert.throws(() => m.variableTypes([[-1, 0.5], [0.2, 0.3]]), /pass variances/);
  });
});
