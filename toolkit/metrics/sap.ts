// Separated Attribute Predictability (Kumar et al. 2018) as disentanglement_lib computes it: a score matrix S
// (codes × factors), per factor the gap between its two largest entries, averaged over factors.
// "classification" (default; disentanglement_lib's choice for discrete factors; docs/reference-implementations.md,
// "Disentanglement scores"): S_ij = held-out accuracy of a classifier predicting factor j from code i alone.
// disentanglement_lib trains a LinearSVC(C = 0.01, balanced); here it is a multinomial L2 logistic regression (C = 1)
// on the standardised code, fitted by L-BFGS (logistic.ts).
// "regression" (its continuous-factor branch): S_ij = Cov(z_i, v_j)² / (Var z_i · Var v_j), 0 for a constant code
// (disentanglement_lib: Var z_i ≤ 1e-12; here validate.ts's relative rule, the same as every other metric).
import { MatrixLike, Matrix, centred, columnVariances, selectRows } from "./matrix";
import { constantColumns, negligibleSpread, trainTestCut, choiceOption, testFractionOption, seedOption, finiteResult } from "./validate";
import { codesAndFactors, CodesAndFactors } from "./factors";
import { fitLogistic, predictLogistic, accuracy } from "./logistic";
import { Rng } from "../compute/rng";

export interface SapResult { sap: number; perFactor: number[]; scores: number[][]; }

export interface SapOptions { mode?: "classification" | "regression"; testFraction?: number; seed?: number; }

function regressionScores(data: CodesAndFactors): number[][] {
  const c = data.codes;
  const z = centred(c);
  const vz = columnVariances(c, 1);
  const constant = new Set(constantColumns(c, vz));
  const n = c.rows;
  return Array.from({ length: c.cols }, (_, i) => data.factors.map((f, j) => {
    if (f.count < 2) throw new Error(`sap: factor ${j} is constant, so its variance is 0; drop it.`);
    let mean = 0;
    for (const v of f.values) mean += v;
    mean /= n;
    let cov = 0;
    let vv = 0;
    for (let t = 0; t < n; t++) { const dv = f.values[t] - mean; cov += z.data[t * c.cols + i] * dv; vv += dv * dv; }
    cov /= n - 1;
    vv /= n - 1;
    return constant.has(i) ? 0 : finiteResult((cov * cov) / (vz[i] * vv), `sap: score of code ${i} for factor ${j}`, "the codes overflow float64 when squared; rescale them.");
  }));
}

/** One standardised column of m as an n×1 matrix (a constant column becomes zeros). */
function standardisedColumn(m: Matrix, i: number): Matrix {
  const col = new Float64Array(m.rows);
  let mean = 0;
  for (let t = 0; t < m.rows; t++) mean += m.data[t * m.cols + i];
  mean /= m.rows;
  let v = 0;
  let scale = 0;
  for (let t = 0; t < m.rows; t++) { v += (m.data[t * m.cols + i] - mean) ** 2; scale = Math.max(scale, Math.abs(m.data[t * m.cols + i])); }
  const constant = negligibleSpread(v / m.rows, m.rows, scale);
  const sd = Math.sqrt(v / m.rows);
  for (let t = 0; t < m.rows; t++) col[t] = constant ? 0 : (m.data[t * m.cols + i] - mean) / sd;
  return { rows: m.rows, cols: 1, data: col };
}

function classificationScores(data: CodesAndFactors, testFraction: number, seed: number): number[][] {
  const n = data.codes.rows;
  const order = new Rng(seed).permutation(n);
  const cut = trainTestCut(n, testFraction);
  const train = order.slice(0, cut);
  const test = order.slice(cut);
  const all = data.codes;
  return Array.from({ length: all.cols }, (_, i) => {
    const x = standardisedColumn(all, i);
    const xTrain = selectRows(x, train);
    const xTest = selectRows(x, test);
    return data.factors.map((f) => {
      if (f.count < 2) throw new Error("sap: a factor is constant, so there is nothing to predict; drop it.");
      const model = fitLogistic(xTrain, train.map((t) => f.codes[t]), f.count, 1, { maxIter: 100, tolerance: 1e-5 });
      return accuracy(predictLogistic(model, xTest), test.map((t) => f.codes[t]));
    });
  });
}

/** SAP in [0, 1] of codes (d ≥ 2) against integer factors (defaults: classification, 1/3 held out, seed 0). */
export function sap(codes: MatrixLike, factors: MatrixLike, options: SapOptions = {}): SapResult {
  const data = codesAndFactors(codes, factors, 4);
  if (data.codes.cols < 2) throw new Error(`sap: needs at least 2 codes for a gap, got ${data.codes.cols}.`);
  const mode = choiceOption(options.mode, "mode", "classification", ["classification", "regression"] as const);
  const fraction = testFractionOption(options.testFraction);
  const seed = seedOption(options.seed);
  const scores = mode === "regression" ? regressionScores(data) : classificationScores(data, fraction, seed);
  const perFactor = data.factors.map((_, j) => {
    const col = scores.map((row) => row[j]).sort((a, b) => b - a);
    return col[0] - col[1];
  });
  return { sap: perFactor.reduce((a, b) => a + b, 0) / perFactor.length, perFactor, scores };
}
