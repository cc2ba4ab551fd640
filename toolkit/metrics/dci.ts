// DCI disentanglement, completeness and informativeness (Eastwood & Williams 2018) with a Lasso importance model
// (their original choice; disentanglement_lib uses gradient-boosted trees instead): per factor, a Lasso
// (coordinate descent, penalty α on standardised codes and a standardised target, fitted on a seeded training
// split) gives importances R_ij = |β_ij|. D = Σ_i ρ_i (1 − H_K(P_i·)), C = Σ_j ρ̃_j (1 − H_d(P̃_·j)) with entropies
// in base K factors / d codes and 1e-11 added to R as disentanglement_lib does; informativeness = mean held-out R².
import { MatrixLike, Matrix, selectRows, columnMeans, columnVariances } from "./matrix";
import { toMatrix, toVector, constantColumns, integerOption, numberOption, seedOption, testFractionOption, trainTestCut, finiteResult, describeValue } from "./validate";
import { codesAndFactors } from "./factors";
import { Rng } from "../compute/rng";

export interface DciResult {
  disentanglement: number;
  completeness: number;
  /** Mean over factors of the Lasso's R² on the held-out split. */
  informativeness: number;
  /** importance[i][j] = |β_ij| of code i for factor j. */
  importance: number[][];
}

/** Standardises columns with the given statistics (columns in `constant` become 0). */
function standardise(m: Matrix, mean: Float64Array, sd: Float64Array, constant: Set<number>): Matrix {
  return { ...m, data: m.data.map((v, k) => (constant.has(k % m.cols) ? 0 : (v - mean[k % m.cols]) / sd[k % m.cols])) };
}

/** Lasso: min (1/2n)‖y − Xβ‖² + α‖β‖₁ for standardised X (column variance 1) and centred y, by cyclic coordinate descent. */
export function lasso(xIn: MatrixLike, yIn: ArrayLike<number>, alpha: number, options: { maxIter?: number; tolerance?: number } = {}): Float64Array {
  const x = toMatrix(xIn, "x");
  const y = toVector(yIn, "y", x.rows);
  numberOption(alpha, "alpha", undefined, (v) => v >= 0, "a penalty ≥ 0");
  const maxIter = integerOption(options.maxIter, "maxIter", 1000, 1);
  const tolerance = numberOption(options.tolerance, "tolerance", 1e-8, (v) => v >= 0, "a coefficient change ≥ 0");
  const { rows: n, cols: d } = x;
  const beta = new Float64Array(d);
  const residual = Float64Array.from(y);
  const colSq = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) colSq[j] += x.data[i * d + j] ** 2 / n;
  for (let iter = 0; iter < maxIter; iter++) {
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
    if (change < tolerance) break;
  }
  beta.forEach((b, j) => finiteResult(b, `lasso: coefficient ${j}`, "x or y overflow float64 when squared; rescale them."));
  return beta;
}

function entropyBase(p: number[], base: number): number {
  const total = p.reduce((a, b) => a + b, 0);
  return -p.reduce((h, v) => (v > 0 ? h + (v / total) * Math.log(v / total) : h), 0) / Math.log(base);
}

/** Disentanglement and completeness of an importance matrix (codes × factors), disentanglement_lib's formulas. */
export function dciFromImportance(importance: readonly (readonly number[])[]): { disentanglement: number; completeness: number } {
  if (!Array.isArray(importance)) throw new Error(`importance: expected number[][] (codes × factors), got ${describeValue(importance)}.`);
  const m = toMatrix(importance as number[][], "importance");
  const d = m.rows;
  const K = m.cols;
  if (d < 2 || K < 2) throw new Error(`importance: needs at least 2 codes (rows) and 2 factors (columns), got ${d}×${K}.`);
  m.data.forEach((v, k) => { if (!(v >= 0)) throw new Error(`importance: entry [${Math.floor(k / K)}, ${k % K}] is ${v}; importances must be ≥ 0.`); });
  const r = Array.from({ length: d }, (_, i) => Array.from(m.data.subarray(i * K, (i + 1) * K), (v) => v + 1e-11));
  const total = finiteResult(r.flat().reduce((a, b) => a + b, 0), "importance: the total importance", "rescale the importances.");
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
  const alpha = numberOption(options.alpha, "alpha", 0.01, (v) => v >= 0, "a Lasso penalty ≥ 0");
  const fraction = testFractionOption(options.testFraction);
  const seed = seedOption(options.seed);
  const data = codesAndFactors(codes, factors, 10);
  const d = data.codes.cols;
  const K = data.factors.length;
  if (d < 2 || K < 2) throw new Error(`dci: needs at least 2 codes and 2 factors (entropies in base d and K), got ${d} codes and ${K} factors.`);
  const order = new Rng(seed).permutation(data.codes.rows);
  const cut = trainTestCut(data.codes.rows, fraction);
  const train = order.slice(0, cut);
  const test = order.slice(cut);
  const xTrainRaw = selectRows(data.codes, train);
  const mean = columnMeans(xTrainRaw);
  const variances = columnVariances(xTrainRaw, 0);
  const sd = variances.map(Math.sqrt);
  const constant = new Set(constantColumns(xTrainRaw, variances));
  const xTrain = standardise(xTrainRaw, mean, sd, constant);
  const xTest = standardise(selectRows(data.codes, test), mean, sd, constant);
  const importance = Array.from({ length: d }, () => new Array<number>(K).fill(0));
  let informativeness = 0;
  data.factors.forEach((f, j) => {
    const yt = train.map((i) => f.values[i]);
    const ym = yt.reduce((a, b) => a + b, 0) / yt.length;
    const ys = Math.sqrt(yt.reduce((a, b) => a + (b - ym) ** 2, 0) / yt.length);
    if (new Set(yt).size < 2) throw new Error(`dci: factor ${j} is constant on the training split; drop it.`);
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
  return { disentanglement, completeness, informativeness: finiteResult(informativeness, "dci: informativeness", "the codes overflow float64 when squared; rescale them."), importance };
}
