// Multinomial logistic regression with an L2 penalty, fitted in float64 by L-BFGS (Nocedal & Wright, Alg. 7.4,
// with a backtracking Armijo line search). Objective as scikit-learn's LogisticRegression: C·Σ_i −log p(y_i|x_i)
// + ½‖W‖²_F, intercept unpenalised; minimised here in the equivalent scaled form divided by C·n.
// The arithmetic on inputs already checked (logistic.ts checks them for callers); it imports neither tfjs nor the
// validation module, so a worker thread (logisticWorker.ts) starts without loading them.
// The two products of every objective evaluation, the scores X·W and the gradient Xᵀ(P − Y), run on the OpenBLAS
// addon's dgemm when it is loaded (linalg.ts), else in JavaScript loops: 0.75 against 1.9 ms per evaluation at
// 1,000 rows × 10 columns × 40 classes. The two paths differ in the last bits (BLAS sums in another order), so a
// fit is reproducible on one path, and the same in every thread on it.
import type { Matrix } from "./matrix";
import { finiteResult } from "./finite";
import { nativeProduct } from "./linalg";

export interface LogisticModel { weights: Float64Array; bias: Float64Array; features: number; classes: number; }

/** Class scores x·W + b for every row; W is features×classes row-major. */
function scores(x: Matrix, model: { weights: Float64Array; bias: Float64Array; classes: number }, out: Float64Array): void {
  const { cols: d } = x;
  const K = model.classes;
  if (nativeProduct(x.data, model.weights, out, x.rows, K, d, false, false)) {
    for (let i = 0; i < x.rows; i++) for (let c = 0; c < K; c++) out[i * K + c] += model.bias[c];
    return;
  }
  for (let i = 0; i < x.rows; i++) {
    for (let c = 0; c < K; c++) out[i * K + c] = model.bias[c];
    for (let f = 0; f < d; f++) {
      const v = x.data[i * d + f];
      if (v === 0) continue;
      const wo = f * K;
      for (let c = 0; c < K; c++) out[i * K + c] += v * model.weights[wo + c];
    }
  }
}

/** f and ∇f of the scaled objective at θ = [W (d×K), b (K)]. */
function objective(x: Matrix, y: Int32Array, K: number, C: number, theta: Float64Array, grad: Float64Array, buf: Float64Array): number {
  const d = x.cols;
  const n = x.rows;
  const weights = theta.subarray(0, d * K);
  const bias = theta.subarray(d * K);
  scores(x, { weights, bias, classes: K }, buf);
  grad.fill(0);
  let loss = 0;
  const gw = grad.subarray(0, d * K);
  const gb = grad.subarray(d * K);
  for (let i = 0; i < n; i++) {
    const o = i * K;
    let max = -Infinity;
    for (let c = 0; c < K; c++) if (buf[o + c] > max) max = buf[o + c];
    let z = 0;
    for (let c = 0; c < K; c++) { buf[o + c] = Math.exp(buf[o + c] - max); z += buf[o + c]; }
    loss += Math.log(z) + max - (Math.log(buf[o + y[i]]) + max);
    for (let c = 0; c < K; c++) buf[o + c] /= z;
    buf[o + y[i]] -= 1; // now p − onehot
    for (let c = 0; c < K; c++) gb[c] += buf[o + c];
  }
  if (!nativeProduct(x.data, buf, gw, d, K, n, true, false)) {
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < d; f++) {
        const v = x.data[i * d + f];
        if (v === 0) continue;
        for (let c = 0; c < K; c++) gw[f * K + c] += v * buf[i * K + c];
      }
    }
  }
  const scale = 1 / n;
  const penalty = 1 / (C * n);
  let reg = 0;
  for (let k = 0; k < d * K; k++) { reg += weights[k] * weights[k]; gw[k] = gw[k] * scale + penalty * weights[k]; }
  for (let c = 0; c < K; c++) gb[c] *= scale;
  return loss * scale + 0.5 * penalty * reg;
}

function dot(a: Float64Array, b: Float64Array): number { let s = 0; for (let k = 0; k < a.length; k++) s += a[k] * b[k]; return s; }

/**
 * The L-BFGS fit of p(y = c | x) = softmax(xW + b)_c on a checked matrix, labels in 0..classes-1, C > 0, maxIter ≥ 1,
 * tolerance ≥ 0 and `init` (a warm start) of the same shape.
 */
export function fitLogisticChecked(x: Matrix, y: Int32Array, classes: number, C: number, maxIter: number, tol: number, init?: LogisticModel): LogisticModel {
  const d = x.cols;
  const p = d * classes + classes;
  const theta = new Float64Array(p);
  if (init) { theta.set(init.weights); theta.set(init.bias, d * classes); }
  const buf = new Float64Array(x.rows * classes);
  const grad = new Float64Array(p);
  let f = objective(x, y, classes, C, theta, grad, buf);
  const memory = 10;
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  const trial = new Float64Array(p);
  const gradNew = new Float64Array(p);
  for (let iter = 0; iter < maxIter; iter++) {
    let gmax = 0;
    for (const g of grad) gmax = Math.max(gmax, Math.abs(g));
    if (gmax < tol) break;
    const dir = twoLoop(grad, ss, ys);
    let slope = dot(dir, grad);
    if (!(slope < 0)) { dir.set(grad.map((g) => -g)); slope = -dot(grad, grad); ss.length = 0; ys.length = 0; }
    let step = 1;
    let fNew = Infinity;
    for (let ls = 0; ls < 40; ls++) {
      for (let k = 0; k < p; k++) trial[k] = theta[k] + step * dir[k];
      fNew = objective(x, y, classes, C, trial, gradNew, buf);
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew <= f)) break; // no descent possible at machine precision
    const s = new Float64Array(p);
    const yv = new Float64Array(p);
    for (let k = 0; k < p; k++) { s[k] = trial[k] - theta[k]; yv[k] = gradNew[k] - grad[k]; }
    if (dot(s, yv) > 1e-12) { ss.push(s); ys.push(yv); if (ss.length > memory) { ss.shift(); ys.shift(); } }
    theta.set(trial);
    grad.set(gradNew);
    const done = Math.abs(f - fNew) <= 1e-12 * Math.max(1, Math.abs(f));
    f = fNew;
    if (done) break;
  }
  theta.forEach((v) => finiteResult(v, "fitLogistic: a coefficient", "x overflows float64; rescale it."));
  return { weights: theta.slice(0, d * classes), bias: theta.slice(d * classes), features: d, classes };
}

/** L-BFGS two-loop recursion: −H∇f. */
function twoLoop(grad: Float64Array, ss: Float64Array[], ys: Float64Array[]): Float64Array {
  const q = Float64Array.from(grad);
  const alphas: number[] = [];
  for (let k = ss.length - 1; k >= 0; k--) {
    const a = dot(ss[k], q) / dot(ys[k], ss[k]);
    alphas[k] = a;
    for (let t = 0; t < q.length; t++) q[t] -= a * ys[k][t];
  }
  if (ss.length > 0) {
    const last = ss.length - 1;
    const gamma = dot(ss[last], ys[last]) / dot(ys[last], ys[last]);
    for (let t = 0; t < q.length; t++) q[t] *= gamma;
  }
  for (let k = 0; k < ss.length; k++) {
    const b = dot(ys[k], q) / dot(ys[k], ss[k]);
    for (let t = 0; t < q.length; t++) q[t] += ss[k][t] * (alphas[k] - b);
  }
  for (let t = 0; t < q.length; t++) q[t] = -q[t];
  return q;
}

/** The most probable class of every row of a checked matrix with the model's number of features. */
export function predictLogisticChecked(model: LogisticModel, x: Matrix): Int32Array {
  const K = model.classes;
  const buf = new Float64Array(x.rows * K);
  scores(x, model, buf);
  const out = new Int32Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let best = 0;
    for (let c = 1; c < K; c++) if (buf[i * K + c] > buf[i * K + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** The share of rows whose predicted class is the true one. */
export function accuracy(predicted: Int32Array, truth: Int32Array): number {
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) hits++;
  return hits / truth.length;
}
