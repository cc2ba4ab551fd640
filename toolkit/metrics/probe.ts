// Downstream probe of a representation (thesis §6.4.1 sanity check, Fig. 6.4; docs/reference-implementations.md,
// "Downstream probes"): one multinomial L2 logistic regression per ground-truth factor, its strength chosen by 5-fold
// stratified cross-validation over 10 values C ∈ logspace(−4, 4, 10) (scikit-learn LogisticRegressionCV's grid),
// refitted on the whole training set, scored by accuracy on held-out data, against a uniform random classifier (1 /
// classes).
import * as os from "node:os";
import * as tf from "@tensorflow/tfjs";
import { MatrixLike, Matrix, selectRows } from "./matrix";
import { toMatrix, integerColumns, integerOption, numberOption, seedOption, testFractionOption, trainTestCut, describeValue } from "./validate";
import { compactLabels } from "./discretize";
import { accuracy } from "./logisticFit";
import { fitFactor, FactorFit, FactorJob, FitSettings, ProbeData } from "./probeFactor";
import { fitFactorsInParallel } from "./logisticPool";
import { Rng } from "../compute/rng";
import { ColumnsOption, restrict } from "./subset";
import { loopSignal } from "./abort";

export type LabelsLike = tf.Tensor | ArrayLike<number> | MatrixLike;

export interface ProbeOptions extends ColumnsOption {
  /** Held-out set; without it a seeded `testFraction` of the rows is held out. */
  test?: { x: MatrixLike; labels: LabelsLike };
  /** Default 1/3 (tc_study: 10,000 train / 5,000 test). */
  testFraction?: number;
  /** Inverse regularisation strengths C (default logspace(−4, 4, 10)). */
  strengths?: readonly number[];
  /** Cross-validation folds (default 5). */
  folds?: number;
  seed?: number;
  /** L-BFGS iterations per fit (default 100, scikit-learn's max_iter) and gradient tolerance on the mean loss (default 1e-5). */
  maxIter?: number;
  tolerance?: number;
  /**
   * Threads the factors are fitted on, the calling thread included (default min(factors, os.availableParallelism())):
   * the calling thread and threads − 1 worker threads created for the call; with 1 (or a single factor) no worker.
   * The results are the same, bit for bit, for every value.
   */
  threads?: number;
  signal?: AbortSignal;
}

export interface ProbeResult {
  /** Held-out accuracy per factor. */
  accuracy: number[];
  /** Accuracy of a uniform random classifier per factor (1 / number of classes). */
  baseline: number[];
  /** The C chosen by cross-validation per factor. */
  strength: number[];
  /** Mean cross-validated accuracy per factor and strength. */
  cvAccuracy: number[][];
}

const defaultStrengths = Array.from({ length: 10 }, (_, i) => 10 ** (-4 + (8 * i) / 9));

/** Labels as columns: a vector (one factor) or an n×K matrix of factor indices. */
function labelColumns(labels: LabelsLike, n: number, name: string): Int32Array[] {
  if (!labels || typeof labels !== "object") throw new Error(`${name}: expected a vector or an n×K matrix of integer class indices, got ${describeValue(labels)}.`);
  const isVector = labels instanceof tf.Tensor
    ? labels.rank === 1
    : !Array.isArray((labels as number[][])[0]) && !("shape" in labels) && !("rows" in labels);
  const m: Matrix = isVector
    ? toMatrix({ data: (labels instanceof tf.Tensor ? labels.dataSync() : labels) as ArrayLike<number>, shape: [(labels as ArrayLike<number>).length ?? n, 1] }, name)
    : toMatrix(labels as MatrixLike, name);
  if (m.rows !== n) throw new Error(`${name}: expected ${n} rows of labels (one per example), got ${m.rows}.`);
  return integerColumns(m, name, "labels (class indices)");
}

/** Stratified fold index of every row: rows of each class dealt round-robin after a seeded shuffle. */
function stratifiedFolds(y: Int32Array, folds: number, rng: Rng): Int32Array {
  const order = rng.permutation(y.length);
  const next = new Map<number, number>();
  const out = new Int32Array(y.length);
  for (const i of order) { const c = next.get(y[i]) ?? 0; out[i] = c % folds; next.set(y[i], c + 1); }
  return out;
}

/** Cross-validated logistic-regression probe of x for each factor in `labels` (vector or n×K matrix). */
export async function logisticProbe(x: MatrixLike, labels: LabelsLike, options: ProbeOptions = {}): Promise<ProbeResult> {
  const strengths = options.strengths === undefined ? defaultStrengths : options.strengths;
  const folds = integerOption(options.folds, "folds", 5, 2);
  if (!Array.isArray(strengths) || strengths.length === 0) throw new Error(`strengths: expected a non-empty array of positive values of C, got ${describeValue(strengths)}.`);
  strengths.forEach((c, i) => numberOption(c, `strengths[${i}]`, undefined, (v) => v > 0, "a positive inverse regularisation strength C"));
  const rng = new Rng(seedOption(options.seed));
  const fit: FitSettings = {
    maxIter: integerOption(options.maxIter, "maxIter", 100, 1),
    tolerance: numberOption(options.tolerance, "tolerance", 1e-5, (v) => v >= 0, "a gradient tolerance ≥ 0"),
  };
  let xTrain = restrict(toMatrix(x, "x"), options.columns, "x");
  let yTrain = labelColumns(labels, xTrain.rows, "labels");
  let xTest: Matrix;
  let yTest: Int32Array[];
  if (options.test) {
    xTest = restrict(toMatrix(options.test.x, "test.x"), options.columns, "test.x");
    if (xTest.cols !== xTrain.cols) throw new Error(`test.x has ${xTest.cols} columns but x has ${xTrain.cols}.`);
    yTest = labelColumns(options.test.labels, xTest.rows, "test.labels");
    if (yTest.length !== yTrain.length) throw new Error(`test.labels has ${yTest.length} factors but labels has ${yTrain.length}.`);
  } else {
    const fraction = testFractionOption(options.testFraction);
    const order = rng.permutation(xTrain.rows);
    const cut = trainTestCut(xTrain.rows, fraction);
    const train = order.slice(0, cut);
    const test = order.slice(cut);
    xTest = selectRows(xTrain, test);
    yTest = yTrain.map((col) => test.map((i) => col[i]));
    xTrain = selectRows(xTrain, train);
    yTrain = yTrain.map((col) => train.map((i) => col[i]));
  }
  if (xTrain.rows < 2 * folds) {
    throw new Error(`x: ${folds}-fold cross-validation needs at least ${2 * folds} training rows, got ${xTrain.rows}${options.test ? "" : ` (of ${xTrain.rows + xTest.rows} rows, after holding out testFraction)`}; pass more rows or fewer folds.`);
  }
  const threads = integerOption(options.threads, "threads", Math.min(yTrain.length, os.availableParallelism()), 1);
  // Everything random is drawn here, factor after factor, before any fit, so that the results do not depend on threads.
  const classes: number[][] = [];
  const jobs: FactorJob[] = [];
  for (let j = 0; j < yTrain.length; j++) {
    classes.push([...new Set(yTrain[j])].sort((a, b) => a - b));
    const index = new Map(classes[j].map((c, k) => [c, k]));
    const { count } = compactLabels(yTrain[j]);
    if (count < 2) throw new Error(`labels: factor ${j} has a single class in the training data, so there is nothing to predict; drop it.`);
    const y = yTrain[j].map((c) => index.get(c)!);
    jobs.push({ y, classes: count, fold: stratifiedFolds(y, folds, rng) });
  }
  const data: ProbeData = { x: xTrain, xTest, strengths, folds, fit };
  const signal = loopSignal(options.signal);
  let fits: FactorFit[];
  if (Math.min(threads, jobs.length) === 1) {
    fits = [];
    for (const job of jobs) fits.push(await fitFactor(data, job, signal));
  } else {
    fits = await fitFactorsInParallel(data, jobs, threads, signal);
  }
  const result: ProbeResult = { accuracy: [], baseline: [], strength: [], cvAccuracy: [] };
  fits.forEach(({ cv, best, predicted }, j) => {
    result.accuracy.push(accuracy(predicted.map((k) => classes[j][k]), yTest[j]));
    result.baseline.push(1 / jobs[j].classes);
    result.strength.push(strengths[best]);
    result.cvAccuracy.push(cv);
  });
  return result;
}
