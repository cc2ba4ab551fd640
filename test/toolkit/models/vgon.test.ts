// VGON: the encoding equals −η·∂ℓ_b/∂z₀ computed by hand (float64 formulas below) on a tiny linear network, for a
// batch and for a single example alike (no dependence on the batch size), with η = 1/64 by default; the trainer's gradient includes the second-order path (it matches central finite differences of the whole loss and
// differs from the gradient with the encoding frozen) on both the cpu and wasm backends; and a VGON with
// transposed convolutions trains on tiny images.
//
// Hand gradient (row vectors; Dense computes yK + b). Inner pass at z₀ = 0: μ = b_μ, v = b_v (log σ²),
// s = μ + e^{v/2} ⊙ ε₁, x̂ = sK_d + b_d, ℓ = ½Σ_i [(x_i − x̂_i)²/γ + log 2πγ] + β·½Σ_j (e^{v_j} + μ_j² − v_j − 1)
// per example. ∂ℓ/∂s = −(x − x̂)K_dᵀ/γ; ∂ℓ/∂μ = ∂ℓ/∂s + βμ; ∂ℓ/∂v = ∂ℓ/∂s ⊙ ε₁ ⊙ ½e^{v/2} + ½β(e^{v} − 1);
// ∂ℓ/∂z₀ = (∂ℓ/∂μ)K_μᵀ + (∂ℓ/∂v)K_vᵀ; encoding r = −η·∂ℓ/∂z₀; mean = rK_μ + b_μ.
import { before, describe, test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../../../toolkit/compute/backend";
import { Rng } from "../../../toolkit/compute/random";
import { createModel, VGON, VGON_ORIGIN_STEP } from "../../../toolkit/models";
import { registerSecondOrderGradients } from "../../../toolkit/models/vgonGradients";
import { train } from "../../../toolkit/train";
import { assertTrainedDown, batchSource } from "./zooData";

const D = 4, K = 2, GAMMA = 0.5, BETA = 2;
const X = [[0.3, -0.8, 1.2, 0.1], [-0.4, 0.6, 0.2, -1.0], [1.1, 0.0, -0.5, 0.7]];

let defaultBackend = "cpu";
before(async () => {
  defaultBackend = await ensureBackend();
});

type Mat = number[][];
const matmul = (a: Mat, b: Mat): Mat => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const transpose = (a: Mat): Mat => a[0].map((_, j) => a.map((row) => row[j]));

function tinyVgon(extra: Record<string, unknown> = {}): { model: VGON; w: Record<string, number[][]> } {
  const model = createModel({ kind: "vgon", architecture: "linear", inputShape: [D], latent: K, likelihood: "gaussian", gamma: GAMMA, beta: BETA, seed: 4, ...extra }) as VGON;
  const rng = new Rng(77);
  const w: Record<string, number[][]> = {};
  for (const v of model.trainableVariables()) {
    const key = v.name.split("/").slice(-2).join("/").replace(/_\d+$/, "");
    const rows = v.shape.length === 2 ? v.shape[0] : 1;
    const cols = v.shape[v.shape.length - 1];
    w[key] = Array.from({ length: rows }, () => Array.from({ length: cols }, () => 0.5 * rng.normal()));
    v.assign(v.shape.length === 2 ? tf.tensor2d(w[key]) : tf.tensor1d(w[key][0]));
  }
  return { model, w };
}

function handEncoding(w: Record<string, number[][]>, xs: Mat, eps1: Mat, eta: number): { origin: Mat; mean: Mat; innerLoss: number } {
  const Kd = w["dec_out/kernel"], bd = w["dec_out/bias"][0];
  const Km = w["mean/kernel"], bm = w["mean/bias"][0], Kv = w["logvar/kernel"], bv = w["logvar/bias"][0];
  const s = eps1.map((e) => bm.map((m, j) => m + Math.exp(bv[j] / 2) * e[j]));
  const xhat = matmul(s, Kd).map((row) => row.map((v, i) => v + bd[i]));
  const dS = matmul(xs.map((x, b) => x.map((xi, i) => -(xi - xhat[b][i]) / GAMMA)), transpose(Kd));
  const dMu = dS.map((row) => row.map((g, j) => g + BETA * bm[j]));
  const dV = dS.map((row, b) => row.map((g, j) => g * eps1[b][j] * 0.5 * Math.exp(bv[j] / 2) + 0.5 * BETA * (Math.exp(bv[j]) - 1)));
  const dZ0 = matmul(dMu, transpose(Km)).map((row, b) => row.map((v, k) => v + matmul(dV, transpose(Kv))[b][k]));
  const origin = dZ0.map((row) => row.map((v) => -eta * v));
  const mean = matmul(origin, Km).map((row) => row.map((v, j) => v + bm[j]));
  const kl = bm.reduce((t, m, j) => t + 0.5 * (Math.exp(bv[j]) + m * m - bv[j] - 1), 0);
  const losses = xs.map((x, b) => x.reduce((t, xi, i) => t + 0.5 * ((xi - xhat[b][i]) ** 2 / GAMMA + Math.log(2 * Math.PI * GAMMA)), 0) + BETA * kl);
  return { origin, mean, innerLoss: losses.reduce((a, v) => a + v, 0) / xs.length };
}

function assertNear(actual: number[][], expected: number[][], tol: number, label: string): void {
  actual.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - expected[i][j]) <= tol * Math.max(1, Math.abs(expected[i][j])), `${label}[${i}][${j}]: ${v} vs ${expected[i][j]}`)));
}

for (const backend of ["cpu", "wasm"]) {
  describe(`VGON on ${backend}`, () => {
    before(async () => {
      await tf.setBackend(backend);
    });

    test("second derivatives through exp, sigmoid, tanh and relu are right (toolkit/models/vgonGradients.ts)", () => {
      registerSecondOrderGradients();
      tf.tidy(() => {
        const x = tf.tensor1d([-0.7, 0.4, 1.3]);
        const second = (f: (t: tf.Tensor) => tf.Tensor) => tf.grad((t: tf.Tensor) => tf.sum(tf.grad((s: tf.Tensor) => tf.sum(f(s)))(t)))(x).arraySync() as number[];
        const xs = [-0.7, 0.4, 1.3];
        const sig = (v: number) => 1 / (1 + Math.exp(-v));
        const cases: Array<[string, (t: tf.Tensor) => tf.Tensor, (v: number) => number]> = [
          ["exp(2x)", (t) => tf.exp(tf.mul(2, t)), (v) => 4 * Math.exp(2 * v)],
          ["sigmoid", (t) => tf.sigmoid(t), (v) => sig(v) * (1 - sig(v)) * (1 - 2 * sig(v))],
          ["tanh", (t) => tf.tanh(t), (v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2)],
          ["x·relu(x)", (t) => tf.mul(t, tf.relu(t)), (v) => (v > 0 ? 2 : 0)],
        ];
        for (const [name, f, d2] of cases) {
          second(f).forEach((v, i) => assert.ok(Math.abs(v - d2(xs[i])) < 1e-4 * Math.max(1, Math.abs(d2(xs[i]))), `${name}'' at ${xs[i]}: ${v} vs ${d2(xs[i])}`));
        }
      });
    });

    test("the encoding is −η·∂ℓ/∂z₀ of each example's inner loss, as computed by hand, whatever the batch size", () => {
      const eta = 1 / 64;
      assert.equal(VGON_ORIGIN_STEP, eta);
      const { model, w } = tinyVgon();
      assert.equal(model.originStep, eta);
      for (const xs of [X, [X[1]]]) {
        const draws = new Rng(11); // the stream the model's inner pass draws ε₁ from
        const eps1 = xs.map(() => Array.from(draws.normals(K)));
        const { origin, innerLoss } = tf.tidy(() => {
          const g = model.gradientOrigin(tf.tensor2d(xs), new Rng(11));
          return { origin: g.origin.arraySync(), innerLoss: g.innerLoss.dataSync()[0] };
        });
        const expected = handEncoding(w, xs, eps1, eta);
        assertNear(origin, expected.origin, 1e-4, `r (batch of ${xs.length})`);
        assertNear([[innerLoss]], [[expected.innerLoss]], 1e-4, "inner loss per example");
        const mean = tf.tidy(() => model.encode(tf.tensor2d(xs), undefined, new Rng(11)).mean.arraySync());
        assertNear(mean, expected.mean, 1e-4, `μ (batch of ${xs.length})`);
      }
      model.dispose();
    });

    test("originStep sets η", () => {
      const { model, w } = tinyVgon({ originStep: 0.5 });
      const draws = new Rng(11);
      const eps1 = X.map(() => Array.from(draws.normals(K)));
      const origin = tf.tidy(() => model.gradientOrigin(tf.tensor2d(X), new Rng(11)).origin.arraySync());
      assertNear(origin, handEncoding(w, X, eps1, 0.5).origin, 1e-4, "r");
      model.dispose();
    });

    test("the training gradient runs through the inner gradient (second order)", () => {
      const { model } = tinyVgon();
      const x = tf.tensor2d(X);
      const vars = model.trainableVariables();
      const lossAt = (): number => tf.tidy(() => model.lossTerms({ x }, { step: 0, datasetSize: 3, rng: new Rng(5) }).loss.dataSync()[0]);
      const full = tf.variableGrads(() => model.lossTerms({ x }, { step: 0, datasetSize: 3, rng: new Rng(5) }).loss, vars);
      const stream = new Rng(5); // the inner pass draws first, then the second pass, as in lossTerms
      const origin = tf.tidy(() => model.gradientOrigin(x, stream).origin);
      const frozen = tf.variableGrads(() => model.lossFromOrigin(x, origin, stream), vars);
      let secondOrderSeen = false;
      for (const v of vars) {
        const g = full.grads[v.name].dataSync();
        const gFrozen = frozen.grads[v.name].dataSync();
        const values = v.dataSync().slice();
        for (const index of [0, values.length - 1]) {
          const h = 1e-2;
          const at = (delta: number): number => {
            const copy = values.slice();
            copy[index] += delta;
            v.assign(tf.tensor(copy, v.shape));
            return lossAt();
          };
          const fd = (at(h) - at(-h)) / (2 * h);
          v.assign(tf.tensor(values, v.shape));
          assert.ok(Math.abs(g[index] - fd) <= 2e-2 * Math.max(1, Math.abs(fd)), `${v.name}[${index}]: autograd ${g[index]} vs finite difference ${fd}`);
          if (Math.abs(gFrozen[index] - fd) > 0.1 * Math.max(1, Math.abs(fd))) secondOrderSeen = true;
        }
      }
      assert.ok(secondOrderSeen, "freezing the encoding changes some gradient: the second-order path matters here");
      tf.dispose([x, origin, full.value, frozen.value, ...Object.values(full.grads), ...Object.values(frozen.grads)]);
      model.dispose();
    });
  });
}

describe("VGON with transposed convolutions", () => {
  before(async () => {
    await tf.setBackend(defaultBackend);
  });
  test("trains on tiny images without NaN, logs its terms and lowers its loss", async () => {
    // 8×8 binary images of a 3×3 square at a random position.
    const rng = new Rng(2);
    const n = 256;
    const x = new Float32Array(n * 64);
    for (let i = 0; i < n; i++) {
      const r = rng.int(6), c = rng.int(6);
      for (let dr = 0; dr < 3; dr++) for (let dc = 0; dc < 3; dc++) x[i * 64 + (r + dr) * 8 + c + dc] = 1;
    }
    const before = tf.memory().numTensors;
    const model = createModel({ kind: "vgon", architecture: "mnistConv", inputShape: [8, 8, 1], latent: 4, beta: 1, seed: 1 });
    const source = batchSource(x, 64);
    const images = { length: n, batches: async function* (b: number, o?: { seed?: number; epochs?: number }) {
      for await (const batch of source.batches(b, o)) {
        const x4 = batch.x.reshape([b, 8, 8, 1]);
        batch.x.dispose();
        yield { x: x4 };
      }
    } };
    const result = await train(model, images, { steps: 100, batchSize: 32, learningRate: 1e-3, progress: false, logEvery: 10 });
    assertTrainedDown(result.history, ["reconstruction", "kl", "innerLoss"]);
    const probe = tf.tensor4d(x.slice(0, 4 * 64), [4, 8, 8, 1]);
    const reps = model.encode(probe);
    assert.deepEqual(Object.keys(reps).sort(), ["logvar", "mean", "sampled", "variance"]);
    assert.deepEqual(model.layerNames().slice(0, 4), ["mean", "logvar", "variance", "sampled"]);
    tf.dispose([probe, ...Object.values(reps)]);
    model.dispose();
    assert.equal(tf.memory().numTensors, before, "no tensors leak");
  });
});
