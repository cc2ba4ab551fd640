// DCI disentanglement, completeness and informativeness (Eastwood & Williams 2018) with a Lasso importance model
// (their original choice; disentanglement_lib uses gradient-boosted trees instead): per factor, a Lasso
// (coordinate descent, penalty α on standardised codes and a standardised target, fitted on a seeded training
// split) gives importances R_ij = |β_ij|. D = Σ_i ρ_i (1 − H_K(P_i·)), C = Σ_j ρ̃_j (1 − H_d(P̃_·j)) with entropies
// in base K factors / d codes and 1e-11 added to R as disentanglement_lib does; informativeness = mean held-out R².
import { MatrixLike, Matrix, selectRows, columnMeans, columnVariances } from "./matrix";
import { codesAndFactors } from "./factors";
import { seededRandom, permutation } from "./random";

export interface DciResult {
  disentanglement: number;
  completeness: number;
  /** Mean over factors of the Lasso's R² on the held-out split. */
  informativeness: number;
  /** importance[i][j] = |β_ij| of code i for factor j. */
  importance: number[][];
}

/** Standardises columns with the given statistics (zero-variance columns become 0). */
function standardise(m: Matrix, mean: Float64Array, sd: Float64Array): Matrix {
  return { ...m, data: m.data.map((v, k) => (sd[k % m.cols] > 0 ? (v - mean[k % m.cols]) / sd[k % m.cols] : 0)) };
}

/** Lasso: min (1/2n)‖y − Xβ‖² + α‖β‖₁ for standardised X (column variance 1) and centred y, by cyclic coordinate descent. */
export function lasso(x: Matrix, y: Float64Array, alpha: number, options: { maxIter?: number; tolerance?: number } = {}): Float64Array {
  const { rows: n, cols: d } = x;
  const beta = new Float64Array(d);
  const residual = Float64Array.from(y);
  const colSq = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) colSq[j] += x.data[i * d + j] ** 2 / n;
  for (let iter = 0; iter < (options.maxIter ?? 1000); iter++) {
    let change = 0;
    for (let j = 0; j < d; j++) {
      if (colSq[j] === 0) continue;
      let rho = 0;
      for (let i = 0; i < n; i++) rho += x.data[i * d + j] * residual[i];
      rho = rho / n + colSq[j] * beta[j];
      const next = Math.sign(rho) * Math.max(0, Math.abs(rho) - alpha) / colSq[j];
      const delta = next - beta[j];
      if (delta !== 0) {
        for (let i = 0; i < n; i++) residual[i] -= delta * x.data[i * d + j];
        change = Math.max(change, Math.abs(delta));
        beta[j] = next;
      }
    }
    if (change < (options.tolerance ?? 1e-8)) break;
  }
  return beta;
}

function entropyBase(p: number[], base: number): number {
  const total = p.reduce((a, b) => a + b, 0);
  return -p.reduce((h, v) => (v > 0 ? h + (v / total) * Math.log(v / total) : h), 0) / Math.log(base);
}

/** Disentanglement and completeness of an importance matrix (codes × factors), disentanglement_lib's formulas. */
export function dciFromImportance(importance: readonly (readonly number[])[]): { disentanglement: number; completeness: number } {
  const d = importance.length;
  const K = d > 0 ? importance[0].length : 0;
  if (d < 2 || K < 2) throw new Error(`importance: needs at least 2 codes (rows) and 2 factors (columns), got ${d}×${K}.`);
  importance.forEach((row, i) => row.forEach((v, j) => { if (!(v >= 0)) throw new Error(`importance[${i}][${j}] is ${v}; importances must be ≥ 0.`); }));
  const r = importance.map((row) => row.map((v) => v + 1e-11));
  const total = r.flat().reduce((a, b) => a + b, 0);
  const disentanglement = r.reduce((s, row) => s + (row.reduce((a, b) => a + b, 0) / total) * (1 - entropyBase(row, K)), 0);
  let completeness = 0;
  for (let j = 0; j < K; j++) {
    const col = r.map((row) => row[j]);
    completeness += (col.reduce((a, b) => a + b, 0) / total) * (1 - entropyBase(col, d));
  }
  return { disentanglement, completeness };
}

/** DCI from codes (n×d, d ≥ 2) and integer factors (n×K, K ≥ 2). Defaults: α = 0.01, 1/3 held out, seed 0. */
export function dci(codes: MatrixLike, factors: MatrixLike, options: { alpha?: number; testFraction?: number; seed?: number } = {}): DciResult {
  const alpha = options.alpha ?? 0.01;
  const data = codesAndFactors(codes, factors, 10);
  const d = data.codes.cols;
  const K = data.factors.length;
  if (d < 2 || K < 2) throw new Error(`dci: needs at least 2 codes and 2 factors (entropies in base d and K), got ${d} codes and ${K} factors.`);
  const order = permutation(data.codes.rows, seededRandom(options.seed ?? 0));
  const cut = Math.round(data.codes.rows * (1 - (options.testFraction ?? 1 / 3)));
  const train = order.slice(0, cut);
  const test = order.slice(cut);
  const xTrainRaw = selectRows(data.codes, train);
  const mean = columnMeans(xTrainRaw);
  const sd = columnVariances(xTrainRaw, 0).map(Math.sqrt);
  const xTrain = standardise(xTrainRaw, mean, sd);
  const xTest = standardise(selectRows(data.codes, test), mean, sd);
  const importance = Array.from({ length: d }, () => new Array<number>(K).fill(0));
  let informativeness = 0;
  data.factors.forEach((f, j) => {
    const yt = train.map((i) => f.values[i]);
    const ym = yt.reduce((a, b) => a + b, 0) / yt.length;
    const ys = Math.sqrt(yt.reduce((a, b) => a + (b - ym) ** 2, 0) / yt.length);
    if (!(ys > 0)) throw new Error(`dci: factor ${j} is constant on the training split; drop it.`);
    const beta = lasso(xTrain, Float64Array.from(yt, (v) => (v - ym) / ys), alpha);
    beta.forEach((b, i) => { importance[i][j] = Math.abs(b); });
    let sse = 0;
    let sst = 0;
    test.forEach((row, t) => {
      const target = (f.values[row] - ym) / ys;
      let pred = 0;
      for (let i = 0; i < d; i++) pred += beta[i] * xTest.data[t * d + i];
      sse += (target - pred) ** 2;
      sst += target ** 2;
    });
    informativeness += (sst > 0 ? 1 - sse / sst : 0) / K;
  });
  const { disentanglement, completeness } = dciFromImportance(importance);
  return { disentanglement, completeness, informativeness, importance };
}
