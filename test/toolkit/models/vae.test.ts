// Models: the β-VAE and AE on every architecture (named layers, shapes, seeded init, validation), and the loss of
// a linear VAE against its closed form.
//
// Closed form (thesis §4.2, Eqs. 4.1–4.4, written for row vectors): encoder μ = xA + a, log σ² = xC + c; decoder
// mean zW + b with Gaussian likelihood of variance γ over m inputs. For one example,
//   E_q[−log p(x|z)] = ½ [ m log(2πγ) + ‖x − μW − b‖² / γ + Σ_j σ²_j ‖W_j‖² / γ ]
// because z = μ + σ ⊙ ε gives E‖x − zW − b‖² = ‖x − μW − b‖² + Σ_j σ²_j ‖W_j‖² (W_j = row j of W; the cross
// term has zero mean), and KL = ½ Σ_j (σ²_j + μ²_j − log σ²_j − 1) (Eq. 4.1). The β-VAE loss is the batch mean of
// E_q[−log p] + β·KL. For a given ε the sampled loss is ½[m log 2πγ + ‖x − zW − b‖²/γ] + β·KL exactly.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Rng, randomNormal } from "../../../toolkit/compute/random";
import { createModel, Model } from "../../../toolkit/models";

const m = 5, n = 3, gamma = 0.7, beta = 2.5;

function linearModel(): { model: Model; A: number[][]; a: number[]; C: number[][]; c: number[]; W: number[][]; b: number[] } {
  const model = createModel({ kind: "betaVAE", architecture: "linear", inputShape: [m], latent: n, likelihood: "gaussian", gamma, beta, seed: 1 });
  const rng = new Rng(123);
  const mat = (r: number, k: number, s: number) => Array.from({ length: r }, () => Array.from({ length: k }, () => s * rng.normal()));
  const A = mat(m, n, 0.5), a = mat(1, n, 0.3)[0], C = mat(m, n, 0.3), c = mat(1, n, 0.3)[0], W = mat(n, m, 0.8), b = mat(1, m, 0.2)[0];
  const [vA, va, vC, vc, vW, vb] = model.trainableVariables();
  vA.assign(tf.tensor2d(A)); va.assign(tf.tensor1d(a)); vC.assign(tf.tensor2d(C)); vc.assign(tf.tensor1d(c));
  vW.assign(tf.tensor2d(W)); vb.assign(tf.tensor1d(b));
  return { model, A, a, C, c, W, b };
}

const X = [[0.2, -0.4, 1.1, 0.5, -0.9], [1.3, 0.1, -0.6, 0.8, 0.0], [-0.5, 0.9, 0.3, -1.2, 0.4], [0.7, 0.7, 0.7, -0.1, 0.2]];

function encodeRef(p: ReturnType<typeof linearModel>, x: number[]): { mu: number[]; v: number[] } {
  const mu = p.a.map((aj, j) => aj + x.reduce((s, xi, i) => s + xi * p.A[i][j], 0));
  const lv = p.c.map((cj, j) => cj + x.reduce((s, xi, i) => s + xi * p.C[i][j], 0));
  return { mu, v: lv.map(Math.exp) };
}

function klRef(mu: number[], v: number[]): number {
  return 0.5 * mu.reduce((s, mj, j) => s + v[j] + mj * mj - Math.log(v[j]) - 1, 0);
}

function sqDist(x: number[], z: number[], p: ReturnType<typeof linearModel>): number {
  return x.reduce((s, xi, i) => s + (xi - p.b[i] - z.reduce((t, zj, j) => t + zj * p.W[j][i], 0)) ** 2, 0);
}

describe("linear β-VAE against its closed form", () => {
  test("for a given ε the loss is ½[m log 2πγ + ‖x − zW − b‖²/γ] + β·KL", () => {
    const p = linearModel();
    const eps = randomNormal([X.length, n], new Rng(9)).arraySync() as number[][];
    // the model draws the same ε from the step's stream
    const out = p.model.lossTerms({ x: tf.tensor2d(X) }, { step: 0, datasetSize: 4, rng: new Rng(9) });
    let recon = 0, kl = 0;
    X.forEach((x, r) => {
      const { mu, v } = encodeRef(p, x);
      const z = mu.map((mj, j) => mj + Math.sqrt(v[j]) * eps[r][j]);
      recon += 0.5 * (m * Math.log(2 * Math.PI * gamma) + sqDist(x, z, p) / gamma);
      kl += klRef(mu, v);
    });
    recon /= X.length;
    kl /= X.length;
    assert.ok(Math.abs(out.terms.reconstruction.dataSync()[0] - recon) < 1e-4 * (1 + recon), `reconstruction ${out.terms.reconstruction.dataSync()[0]} vs ${recon}`);
    assert.ok(Math.abs(out.terms.kl.dataSync()[0] - kl) < 1e-4 * (1 + kl), `kl ${out.terms.kl.dataSync()[0]} vs ${kl}`);
    assert.ok(Math.abs(out.loss.dataSync()[0] - (recon + beta * kl)) < 1e-4 * (1 + recon + beta * kl));
    p.model.dispose();
  });

  test("averaged over ε the loss equals the closed form (Monte Carlo, 4 standard errors)", () => {
    const p = linearModel();
    const reps = 2000;
    const big = tf.tensor2d(Array.from({ length: reps }, () => X).flat());
    const rng = new Rng(10);
    const runs: number[] = [];
    for (let k = 0; k < 10; k++) runs.push(tf.tidy(() => p.model.lossTerms({ x: big }, { step: 0, datasetSize: 4, rng }).loss.dataSync()[0]));
    const mean = runs.reduce((s, v) => s + v, 0) / runs.length;
    const se = Math.sqrt(runs.reduce((s, v) => s + (v - mean) ** 2, 0) / (runs.length - 1) / runs.length);
    let closed = 0;
    for (const x of X) {
      const { mu, v } = encodeRef(p, x);
      const trace = v.reduce((s, vj, j) => s + vj * p.W[j].reduce((t, w) => t + w * w, 0), 0);
      closed += 0.5 * (m * Math.log(2 * Math.PI * gamma) + (sqDist(x, mu, p) + trace) / gamma) + beta * klRef(mu, v);
    }
    closed /= X.length;
    assert.ok(Math.abs(mean - closed) < 4 * se + 1e-4, `Monte Carlo ${mean} ± ${se} vs closed form ${closed}`);
    big.dispose();
    p.model.dispose();
  });
});

describe("architectures", () => {
  const cases: { architecture: "conv" | "fc" | "mnistConv" | "mnistMlp" | "linear"; inputShape?: number[]; layers: string[] }[] = [
    { architecture: "conv", layers: ["conv1", "conv2", "conv3", "conv4", "fc", "mean", "logvar", "variance", "sampled", "dec_fc1", "dec_fc2", "deconv1", "deconv2", "deconv3", "deconv4"] },
    { architecture: "fc", inputShape: [16, 16, 1], layers: ["fc1", "fc2", "mean", "logvar", "variance", "sampled", "dec_fc1", "dec_fc2", "dec_fc3", "dec_out"] },
    { architecture: "mnistConv", layers: ["conv1", "conv2", "fc", "mean", "logvar", "variance", "sampled", "dec_fc1", "dec_fc2", "deconv1", "deconv2"] },
    { architecture: "mnistMlp", layers: ["fc1", "fc2", "mean", "logvar", "variance", "sampled", "dec_fc1", "dec_fc2", "dec_out"] },
    { architecture: "linear", inputShape: [7], layers: ["mean", "logvar", "variance", "sampled", "dec_out"] },
  ];
  const widths: Record<string, number> = { conv1: 32 * 32 * 32, conv2: 16 * 16 * 32, conv3: 8 * 8 * 64, conv4: 4 * 4 * 64, fc: 256, fc1: 1200, dec_fc1: 256, dec_fc2: 1024, deconv1: 8 * 8 * 64, deconv2: 16 * 16 * 32, deconv3: 32 * 32 * 32, deconv4: 64 * 64 };

  for (const c of cases) {
    test(`${c.architecture}: named layers, flattened activations, encode/decode shapes`, () => {
      const model = createModel({ kind: "betaVAE", architecture: c.architecture, inputShape: c.inputShape, latent: 4, seed: 2 });
      assert.deepEqual(model.layerNames(), c.layers);
      const shape = model.config.inputShape;
      const x = tf.randomUniform([2, ...shape]);
      const acts = model.activations(x);
      assert.deepEqual(Object.keys(acts), c.layers);
      for (const [name, t] of Object.entries(acts)) {
        assert.equal(t.rank, 2, name);
        assert.equal(t.shape[0], 2, name);
        if (["mean", "logvar", "variance", "sampled"].includes(name)) assert.equal(t.shape[1], 4, name);
        if (c.architecture === "conv" && widths[name]) assert.equal(t.shape[1], widths[name], name);
      }
      const r = model.encode(x);
      assert.deepEqual(r.mean.shape, [2, 4]);
      assert.deepEqual(Array.from(r.variance.dataSync()), Array.from(tf.exp(r.logvar).dataSync()));
      const rec = model.reconstruct(x);
      assert.deepEqual(rec.shape, [2, ...shape]);
      const v = rec.dataSync();
      assert.ok(v.every((p) => p >= 0 && p <= 1), "Bernoulli means lie in [0, 1]");
      tf.dispose([x, rec, r.mean, r.logvar, r.variance, r.sampled, ...Object.values(acts)]);
      model.dispose();
    });
  }

  test("the conv architecture has the papers' default input 64×64×1 and decoder output", () => {
    const model = createModel({ kind: "betaVAE", architecture: "conv" });
    assert.deepEqual(model.config.inputShape, [64, 64, 1]);
    assert.equal(model.latent, 10);
    assert.equal(model.config.beta, 1);
    const out = model.decode(tf.zeros([1, 10]));
    assert.deepEqual(out.shape, [1, 64, 64, 1]);
    model.dispose();
  });

  test("the same seed gives the same weights; another seed does not", () => {
    const make = (seed: number) => createModel({ kind: "betaVAE", architecture: "mnistMlp", inputShape: [10], latent: 2, seed });
    const [a, b, c] = [make(4), make(4), make(5)];
    a.trainableVariables().forEach((v, i) => assert.deepEqual(v.dataSync(), b.trainableVariables()[i].dataSync()));
    assert.notDeepEqual(a.trainableVariables()[0].dataSync(), c.trainableVariables()[0].dataSync());
    [a, b, c].forEach((mdl) => mdl.dispose());
  });
});

describe("Gaussian decoder variance", () => {
  test("learnGamma adds log γ as a trainable scalar that the loss depends on; fixed γ adds nothing", () => {
    const fixed = createModel({ kind: "betaVAE", architecture: "linear", inputShape: [3], latent: 2, likelihood: "gaussian", gamma: 0.5 });
    const learned = createModel({ kind: "betaVAE", architecture: "linear", inputShape: [3], latent: 2, likelihood: "gaussian", gamma: 0.5, learnGamma: true });
    assert.equal(learned.trainableVariables().length, fixed.trainableVariables().length + 1);
    const logGamma = learned.trainableVariables().at(-1)!;
    assert.ok(Math.abs(logGamma.dataSync()[0] - Math.log(0.5)) < 1e-7);
    const x = tf.tensor2d([[0.1, 0.2, 0.3], [1, -1, 0]]);
    const { grads } = tf.variableGrads(() => learned.lossTerms({ x }, { step: 0, datasetSize: 2, rng: new Rng(0) }).loss, [logGamma]);
    assert.ok(Math.abs(grads[logGamma.name].dataSync()[0]) > 0, "the loss depends on log γ");
    assert.throws(() => createModel({ kind: "betaVAE", learnGamma: "yes" as never }), /learnGamma must be true or false, got "yes"/);
    fixed.dispose();
    learned.dispose();
  });
});

describe("AE", () => {
  test("deterministic: mean = sampled, variance 0, only a reconstruction term", () => {
    const model = createModel({ kind: "ae", architecture: "mnistMlp", inputShape: [12], latent: 3 });
    const x = tf.randomUniform([5, 12]);
    const r = model.encode(x);
    assert.deepEqual(r.sampled.dataSync(), r.mean.dataSync());
    assert.ok(r.variance.dataSync().every((v) => v === 0));
    const out = model.lossTerms({ x }, { step: 0, datasetSize: 5, rng: new Rng(0) });
    assert.deepEqual(Object.keys(out.terms), ["reconstruction"]);
    assert.equal(out.klPerDim, undefined);
    assert.deepEqual(model.layerNames(), ["fc1", "fc2", "mean", "dec_fc1", "dec_fc2", "dec_out"]);
    model.dispose();
  });
});

describe("createModel validation", () => {
  test("errors name the argument, the value and what is expected", () => {
    assert.throws(() => createModel({ kind: "nope" }), /kind must be a registered model \(.*betaVAE.*\), got "nope"/);
    assert.throws(() => createModel({ kind: "betaVAE", architecture: "resnet" as never }), /architecture must be one of conv, fc, mnistConv, mnistMlp, linear, got "resnet"/);
    assert.throws(() => createModel({ kind: "betaVAE", latent: 0 }), /latent must be a positive integer, got 0/);
    assert.throws(() => createModel({ kind: "betaVAE", beta: -1 }), /beta must be a non-negative number.*got -1/);
    assert.throws(() => createModel({ kind: "betaVAE", architecture: "conv", inputShape: [28, 28, 1] }), /divisible by 16, got \[28,28,1\]/);
    assert.throws(() => createModel({ kind: "betaVAE", likelihood: "poisson" as never }), /likelihood must be "bernoulli" or "gaussian", got "poisson"/);
    assert.throws(() => createModel({ kind: "betaVAE", likelihood: "gaussian", gamma: 0 }), /gamma must be a positive number.*got 0/);
  });

  test("wrongly shaped inputs are rejected with the shape expected", () => {
    const model = createModel({ kind: "betaVAE", architecture: "linear", inputShape: [4], latent: 2 });
    assert.throws(() => model.encode(tf.zeros([3, 5])), /x must have shape \[batch, 4\].*got \[3, 5\]/);
    assert.throws(() => model.decode(tf.zeros([3, 3])), /z must have shape \[batch, 2\], got \[3, 3\]/);
    model.dispose();
  });
});
