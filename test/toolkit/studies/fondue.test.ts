// FONDUE end to end on data with a known answer: linear-Gaussian vectors x = A s + noise with k
// informative dimensions (datasets/linear-gaussian.ts) and a linear VAE (thesis §4.2). Expected values
// come from the theory, not from this code: the data's MLE intrinsic dimension ≈ k; each latent
// beyond k is passive, so Tr Cov[z] − Tr Cov[μ] ≈ Σ_j E[σ²_j] grows by ≈ 1 per added latent (law of
// total variance, thesis Props. 8.3.1–8.3.3); FONDUE with t = 1 returns k (Theorem 8.3.3).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import "../../../toolkit/models";
import { fondue, scoreDimensions, type FondueOptions } from "../../../toolkit/studies/fondue";

const K = 3;
// Small enough for CI; γ = 1 keeps the active posterior variances well below 1 (≈ γ / eigenvalue).
const base: FondueOptions = {
  dataset: { name: "linearGaussian", n: 2000, k: K, dim: 20, noise: 0.05, seed: 0 },
  model: { kind: "betaVAE", architecture: "linear", likelihood: "gaussian", gamma: 1 },
  steps: 400,
  learningRate: 0.05,
  scoreExamples: 1000,
  seed: 0,
};

describe("fondue on linear-Gaussian data", () => {
  test("returns k (±1), starting from the data's MLE intrinsic dimension", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "polarlab-fondue-"));
    try {
      const first = await fondue({ ...base, cacheDir: dir });
      assert.ok(Math.abs(first.dataId!.mle - K) < 0.5, `MLE ID ${first.dataId!.mle} should be ≈ ${K}`);
      assert.equal(first.init, K);
      assert.ok(Math.abs(first.n - K) <= 1, `FONDUE returned ${first.n}, expected ${K} ± 1`);
      assert.ok(first.trained >= 2);
      for (const s of first.trace) {
        assert.ok(s.scoreSampled >= s.scoreMean - 1e-9, "Tr Cov[z] ≥ Tr Cov[μ] (law of total variance)");
        assert.equal(s.active + s.mixed + s.passive, s.n);
      }
      // A second run on the same directory trains nothing and returns the same answer and trace.
      const second = await fondue({ ...base, cacheDir: dir });
      assert.equal(second.trained, 0);
      assert.equal(second.n, first.n);
      assert.deepEqual(second.trace.map((s) => s.difference), first.trace.map((s) => s.difference));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the trace difference grows by about 1 per added passive variable", async () => {
    const rows = await scoreDimensions(base, [K, K + 1, K + 2]);
    assert.ok(rows[0].difference < 1, `with k latents the difference ${rows[0].difference} stays below t = 1`);
    for (let i = 1; i < rows.length; i++) {
      const step = rows[i].difference - rows[i - 1].difference;
      assert.ok(step > 0.6 && step < 1.4, `n = ${rows[i].n}: the difference grew by ${step}, expected ≈ 1`);
    }
  });

  test("is deterministic with a seed: retraining gives the same scores", async () => {
    const short = { ...base, steps: 100, scoreExamples: 500 };
    const [a] = await scoreDimensions(short, [K]);
    const [b] = await scoreDimensions(short, [K]);
    assert.deepEqual({ ...b, seconds: 0 }, { ...a, seconds: 0 });
    assert.equal(a.cached, false);
  });

  test("rejects a model config that fixes the latent size", async () => {
    await assert.rejects(fondue({ ...base, model: { kind: "betaVAE", latent: 4 } }), /model\.latent must be left out/);
  });
});
