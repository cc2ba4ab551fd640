// Disentanglement scores that sample observations with chosen factor values (disentanglement_lib defaults;
// docs/reference-implementations.md, "Disentanglement scores"): BetaVAE score (Higgins et al. 2017): batches of 64
// pairs sharing one factor, feature = mean |r₁ − r₂|, a multinomial logistic regression (C = 1, as scikit-learn's
// default) predicts the shared factor; score = held-out accuracy. FactorVAE score (Kim & Mnih 2018): codes divided by
// their global std (codes with std < 0.05 pruned), batches of 64 with one factor fixed, vote (argmin variance code,
// factor), majority-vote classifier; score = held-out accuracy.
import { MatrixLike, Matrix, columnVariances } from "./matrix";
import { toMatrix, integerOption, seedOption, describeValue, finiteResult } from "./validate";
import { fitLogistic, predictLogistic, accuracy } from "./logistic";
import { Rng } from "../compute/rng";
import { loopSignal } from "./abort";
import { nextTurn } from "../compute/turn";

/** Encodes observations generated with the given factor indices (one row of factor values per observation). */
export interface FactorSampler {
  /** Number of values of each factor (e.g. dSprites [3, 6, 40, 32, 32]). */
  factorSizes: readonly number[];
  /** Representation rows (e.g. the mean representation) of observations with these factor indices. */
  encode(factors: number[][]): MatrixLike | Promise<MatrixLike>;
}

export interface InterventionOptions { batchSize?: number; trainPoints?: number; evalPoints?: number; seed?: number; signal?: AbortSignal; }

function checkSampler(sampler: FactorSampler): void {
  if (!sampler || typeof sampler.encode !== "function" || !Array.isArray(sampler.factorSizes)) {
    throw new Error(`sampler: expected {factorSizes: number[], encode(factors) => matrix}, got ${describeValue(sampler)}.`);
  }
  if (sampler.factorSizes.length < 2) throw new Error(`factorSizes: these scores need at least 2 factors, got ${sampler.factorSizes.length}.`);
  sampler.factorSizes.forEach((s, j) => { if (!Number.isInteger(s) || s < 1) throw new Error(`factorSizes[${j}] is ${s}; expected a positive integer.`); });
}

function randomFactors(sizes: readonly number[], rng: Rng): number[] {
  return sizes.map((s) => rng.int(s));
}

async function encode(sampler: FactorSampler, factors: number[][]): Promise<Matrix> {
  const m = toMatrix(await sampler.encode(factors), "encode(factors)");
  if (m.rows !== factors.length) throw new Error(`encode(factors) returned ${m.rows} rows for ${factors.length} factor rows; it must return one representation per row.`);
  return m;
}

async function betaVAEPoints(sampler: FactorSampler, points: number, batch: number, rng: Rng, signal?: AbortSignal): Promise<{ x: Matrix; y: Int32Array }> {
  const y = new Int32Array(points);
  let data: Float64Array | undefined;
  let d = 0;
  for (let p = 0; p < points; p++) {
    signal?.throwIfAborted();
    const k = rng.int(sampler.factorSizes.length);
    const first: number[][] = [];
    const second: number[][] = [];
    for (let b = 0; b < batch; b++) {
      const f1 = randomFactors(sampler.factorSizes, rng);
      const f2 = randomFactors(sampler.factorSizes, rng);
      f2[k] = f1[k];
      first.push(f1);
      second.push(f2);
    }
    const r = await encode(sampler, [...first, ...second]);
    d = r.cols;
    data ??= new Float64Array(points * d);
    for (let b = 0; b < batch; b++) for (let j = 0; j < d; j++) data[p * d + j] += Math.abs(r.data[b * d + j] - r.data[(b + batch) * d + j]) / batch;
    y[p] = k;
    if (p % 50 === 49) await nextTurn(signal);
  }
  return { x: { rows: points, cols: d, data: data! }, y };
}

/** BetaVAE score (defaults: batch 64, 10,000 training and 5,000 evaluation points, seed 0). */
export async function betaVAEScore(sampler: FactorSampler, options: InterventionOptions = {}): Promise<{ score: number; trainAccuracy: number }> {
  checkSampler(sampler);
  const rng = new Rng(seedOption(options.seed));
  const batch = integerOption(options.batchSize, "batchSize", 64, 1);
  const trainPoints = integerOption(options.trainPoints, "trainPoints", 10000, 2, Infinity, "training points for the logistic regression");
  const evalPoints = integerOption(options.evalPoints, "evalPoints", 5000, 1);
  const train = await betaVAEPoints(sampler, trainPoints, batch, rng, loopSignal(options.signal));
  const evaluation = await betaVAEPoints(sampler, evalPoints, batch, rng, loopSignal(options.signal));
  const model = fitLogistic(train.x, train.y, sampler.factorSizes.length, 1);
  return { score: accuracy(predictLogistic(model, evaluation.x), evaluation.y), trainAccuracy: accuracy(predictLogistic(model, train.x), train.y) };
}

export interface FactorVAEResult { score: number; trainAccuracy: number; activeDims: number; }

/** FactorVAE score (defaults: batch 64, 10,000 train / 5,000 eval votes, 10,000 points for the global variance). Score 0 when no code has std ≥ 0.05. */
export async function factorVAEScore(sampler: FactorSampler, options: InterventionOptions & { varianceSamples?: number } = {}): Promise<FactorVAEResult> {
  checkSampler(sampler);
  const rng = new Rng(seedOption(options.seed));
  const batch = integerOption(options.batchSize, "batchSize", 64, 2, Infinity, "a local variance needs at least 2 examples");
  const trainPoints = integerOption(options.trainPoints, "trainPoints", 10000, 1);
  const evalPoints = integerOption(options.evalPoints, "evalPoints", 5000, 1);
  const varianceSamples = integerOption(options.varianceSamples, "varianceSamples", 10000, 2, Infinity, "a global variance needs at least 2 samples");
  const sample = Array.from({ length: varianceSamples }, () => randomFactors(sampler.factorSizes, rng));
  const globalVar = columnVariances(await encode(sampler, sample), 1).map((v, j) => finiteResult(v, `factorVAEScore: the global variance of code ${j}`, "encode returned values that overflow float64 when squared; rescale them."));
  const active = Array.from(globalVar).flatMap((v, j) => (Math.sqrt(v) >= 0.05 ? [j] : []));
  if (active.length === 0) return { score: 0, trainAccuracy: 0, activeDims: 0 };
  const K = sampler.factorSizes.length;
  const signal = loopSignal(options.signal);
  const votes = async (count: number): Promise<[number, number][]> => {
    const out: [number, number][] = [];
    for (let p = 0; p < count; p++) {
      signal?.throwIfAborted();
      const k = rng.int(K);
      const fixed = randomFactors(sampler.factorSizes, rng)[k];
      const rows = Array.from({ length: batch }, () => { const f = randomFactors(sampler.factorSizes, rng); f[k] = fixed; return f; });
      const local = columnVariances(await encode(sampler, rows), 1);
      let best = active[0];
      for (const j of active) if (local[j] / globalVar[j] < local[best] / globalVar[best]) best = j;
      out.push([best, k]);
      if (p % 50 === 49) await nextTurn(signal);
    }
    return out;
  };
  const trainVotes = await votes(trainPoints);
  const evalVotes = await votes(evalPoints);
  const table = Array.from({ length: globalVar.length }, () => new Array<number>(K).fill(0));
  for (const [code, k] of trainVotes) table[code][k]++;
  const classifier = table.map((row) => row.indexOf(Math.max(...row)));
  const acc = (vs: [number, number][]) => vs.filter(([code, k]) => classifier[code] === k).length / vs.length;
  return { score: acc(evalVotes), trainAccuracy: acc(trainVotes), activeDims: active.length };
}
