import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { Matrix, EigenvalueDecomposition, inverse } from "ml-matrix";
import { linearGaussian, ivaeSegments, ivaeMix, rolinekSquare, rolinekLinearMap, rolinekNonLinearMap, pinwheels, spirals } from "../../datasets";
import type { Dataset } from "../../datasets";

function rows(d: Dataset): number[][] {
  return Array.from({ length: d.length }, (_, i) => Array.from(d.get(i).x));
}

/** Eigenvalues (descending) of the sample covariance (ddof 1), computed by ml-matrix. */
function covEigenvalues(x: number[][]): number[] {
  const m = new Matrix(x);
  const mean = m.mean("column");
  m.subRowVector(mean);
  const cov = m.transpose().mmul(m).div(x.length - 1);
  return new EigenvalueDecomposition(cov, { assumeSymmetric: true }).realEigenvalues.sort((a, b) => b - a);
}

describe("linearGaussian", () => {
  test("exactly k principal components above the noise floor (covariance A Aᵀ + σ²I)", () => {
    for (const k of [1, 3, 6]) {
      const d = linearGaussian({ n: 2000, k, dim: 12, noise: 0.01, seed: k });
      const ev = covEigenvalues(rows(d));
      const big = ev.filter((e) => e > 100 * 0.01 ** 2);
      assert.equal(big.length, k, `k=${k}: eigenvalues ${ev.map((e) => e.toExponential(2))}`);
      ev.slice(k).forEach((e) => assert.ok(e < 2 * 0.01 ** 2, `noise eigenvalue ${e}`));
    }
  });

  test("reproducible with the seed; x = A z + noise with the returned A and sources", () => {
    const a = linearGaussian({ n: 50, seed: 9 });
    const b = linearGaussian({ n: 50, seed: 9 });
    assert.deepEqual(a.get(7).x, b.get(7).x);
    assert.notDeepEqual(linearGaussian({ n: 50, seed: 10 }).get(7).x, a.get(7).x);
    const { mixing, k, dim } = a.truth;
    const z = a.sources().data;
    for (let i = 0; i < 50; i++) {
      const x = a.get(i).x;
      for (let r = 0; r < dim; r++) {
        let s = 0;
        for (let j = 0; j < k; j++) s += mixing[r * k + j] * z[i * k + j];
        assert.ok(Math.abs(x[r] - s) < 0.06, `residual ${x[r] - s} larger than 6σ`);
      }
    }
    assert.throws(() => linearGaussian({ k: 5, dim: 3 }), /dim must be an integer ≥ 5, got 3/);
  });
});

describe("ivaeSegments", () => {
  const d = ivaeSegments({ segments: 6, perSegment: 2000, sourceDim: 3, seed: 4 });

  test("u is the one-hot segment and the factor its index", () => {
    assert.equal(d.auxDim, 6);
    const e = d.get(2000 * 4 + 17);
    assert.deepEqual(Array.from(e.u!), [0, 0, 0, 0, 1, 0]);
    assert.deepEqual(Array.from(e.factors!), [4]);
  });

  test("per-segment source variances drawn from U[0.5, 3] and matched by the samples", () => {
    const s = d.sources().data;
    d.truth.variances.forEach((vars, m) =>
      vars.forEach((v, j) => {
        assert.ok(v >= 0.5 && v <= 3);
        let sum = 0, sq = 0;
        for (let r = 0; r < 2000; r++) {
          const value = s[(m * 2000 + r) * 3 + j];
          sum += value;
          sq += value * value;
        }
        const mean = sum / 2000;
        const variance = sq / 2000 - mean * mean;
        // Sample variance of 2000 normals: relative standard error √(2/1999) ≈ 3.2 %; allow 5 of them.
        assert.ok(Math.abs(variance / v - 1) < 0.16, `segment ${m}, source ${j}: ${variance} vs ${v}`);
      }),
    );
  });

  test("x = f(s) and the network is inverted exactly by undoing each layer (true sources recovered)", () => {
    const inv = d.truth.weights.map((w) => inverse(new Matrix(w)));
    const s = d.sources().data;
    for (let i = 0; i < d.length; i += 397) {
      let h = Array.from(d.get(i).x, Number);
      for (let l = inv.length - 1; l >= 0; l--) {
        if (l < inv.length - 1) h = h.map((v) => (v >= 0 ? v : v / d.truth.slope));
        h = inv[l].mmul(Matrix.columnVector(h)).to1DArray();
      }
      h.forEach((v, j) => assert.ok(Math.abs(v - s[i * 3 + j]) < 1e-4, `example ${i}: ${v} vs ${s[i * 3 + j]}`));
      // Float32 sources re-mixed in float64 agree with the stored float32 x to rounding.
      ivaeMix(d.truth, s.subarray(i * 3, i * 3 + 3)).forEach((v, j) => assert.ok(Math.abs(v - d.get(i).x[j]) < 1e-5));
    }
  });

  test("meanRange gives each segment its own source means (matched by the samples)", () => {
    const m = ivaeSegments({ segments: 4, perSegment: 1000, sourceDim: 2, meanRange: [-5, 5], seed: 1 });
    const s = m.sources().data;
    m.truth.means.forEach((means, seg) =>
      means.forEach((mu, j) => {
        let sum = 0;
        for (let r = 0; r < 1000; r++) sum += s[(seg * 1000 + r) * 2 + j];
        // Standard error √(3/1000) ≈ 0.055 at most; allow 5 of them.
        assert.ok(mu >= -5 && mu <= 5 && Math.abs(sum / 1000 - mu) < 0.28, `segment ${seg}, source ${j}: ${sum / 1000} vs ${mu}`);
      }),
    );
    assert.throws(() => ivaeSegments({ meanRange: [1, -1] }), /meanRange must be \[a, b\] with finite a ≤ b, got \[1,-1\]/);
  });

  test("the mixing is non-linear (leaky ReLU) and reproducible", () => {
    const again = ivaeSegments({ segments: 6, perSegment: 2000, sourceDim: 3, seed: 4 });
    assert.deepEqual(again.get(123).x, d.get(123).x);
    // A linear f would satisfy f(a + b) = f(a) + f(b) for every pair of example sources.
    const s = d.sources().data;
    let additive = 0;
    for (let i = 0; i < 20; i++) {
      const a = Array.from(s.subarray(3 * i, 3 * i + 3));
      const b = Array.from(s.subarray(3 * (i + 5000), 3 * (i + 5000) + 3));
      const sum = ivaeMix(d.truth, a.map((v, j) => v + b[j]));
      const fa = ivaeMix(d.truth, a), fb = ivaeMix(d.truth, b);
      if (sum.every((v, j) => Math.abs(v - fa[j] - fb[j]) < 1e-6)) additive++;
    }
    assert.ok(additive < 20, "f is additive on every pair: the leaky ReLUs are missing");
  });
});

describe("Rolinek unit square (§5.1)", () => {
  test("linear: x = f_lin(v) in R³ with v ∈ [0, 1]², a rank-2 point cloud", () => {
    const d = rolinekSquare({ n: 500, seed: 1 });
    assert.deepEqual(d.shape, [3]);
    const v = d.sources().data;
    for (let i = 0; i < 500; i++) {
      assert.ok(v[2 * i] >= 0 && v[2 * i] < 1 && v[2 * i + 1] >= 0 && v[2 * i + 1] < 1);
      rolinekLinearMap(v[2 * i], v[2 * i + 1]).forEach((value, j) => assert.ok(Math.abs(value - d.get(i).x[j]) < 1e-6));
    }
    const ev = covEigenvalues(rows(d));
    assert.ok(ev[2] < 1e-10 * ev[0], `third eigenvalue ${ev[2]}`);
  });

  test("non-linear: x = f_non-lin(v) in R⁶, not contained in any plane", () => {
    const d = rolinekSquare({ n: 500, embedding: "nonlinear", seed: 1 });
    assert.deepEqual(d.shape, [6]);
    const v = d.sources().data;
    rolinekNonLinearMap(v[0], v[1]).forEach((value, j) => assert.ok(Math.abs(value - d.get(0).x[j]) < 1e-6));
    const ev = covEigenvalues(rows(d));
    assert.ok(ev[2] > 1e-4 * ev[0], `third eigenvalue ${ev[2]}`);
    assert.throws(() => rolinekSquare({ embedding: "cubic" as never }), /embedding must be 'linear' or 'nonlinear', got "cubic"/);
  });
});

describe("pinwheels and spirals", () => {
  test("pinwheels: radius 10·f₁ and arm angle 2πc/K + rate·exp(f₁) − atan(f₂/f₁) (Johnson et al. 2016)", () => {
    const d = pinwheels({ classes: 4, perClass: 200, seed: 2 });
    assert.equal(d.length, 800);
    const f = d.factors!;
    assert.deepEqual(f.sizes, [4]);
    let inverted = 0;
    for (let i = 0; i < d.length; i++) {
      const e = d.get(i);
      const c = e.factors![0];
      // Recover f₁ from the radius (f₂ is tiny) and check the angle rule.
      const r = Math.hypot(e.x[0], e.x[1]) / 10;
      const angle = Math.atan2(-e.x[1], e.x[0]);
      const expected = (2 * Math.PI * c) / 4 + 0.25 * Math.exp(r);
      const diff = Math.atan2(Math.sin(angle - expected), Math.cos(angle - expected));
      if (Math.abs(diff) < 0.15) inverted++;
    }
    assert.ok(inverted > 0.97 * d.length, `${inverted} of ${d.length} follow the angle rule`);
    assert.deepEqual(pinwheels({ seed: 2, classes: 4, perClass: 200 }).get(5).x, d.get(5).x);
  });

  test("spirals: |x| ≈ t and the angle winds with t", () => {
    const d = spirals({ classes: 3, perClass: 300, noise: 0, seed: 1 });
    const t = d.sources().data;
    for (let i = 0; i < d.length; i++) {
      const e = d.get(i);
      assert.ok(Math.abs(Math.hypot(e.x[0], e.x[1]) - t[i]) < 1e-6);
      const phi = (2 * Math.PI * e.factors![0]) / 3 + 2 * Math.PI * t[i];
      assert.ok(Math.abs(e.x[0] - t[i] * Math.cos(phi)) < 1e-6);
    }
    assert.notDeepEqual(spirals({ seed: 2 }).get(0).x, spirals({ seed: 1 }).get(0).x);
  });
});
