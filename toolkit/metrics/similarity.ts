// Layer × layer similarity matrices for heatmaps (thesis §7.3) and their average over pairs of seeds (Eq. 7.9).
// Each layer is converted and centred once, then compared with every layer of the other model.
import { MatrixLike, Matrix, centred } from "./matrix";
import { toMatrix, requireRows, requireSameRows, finiteResult, describeValue } from "./validate";
import { ckaSelfNorm, linearCKACentred, unbiasedHSIC, requireVariation } from "./cka";
import { procrustesNormalise, procrustesOfNormalised } from "./procrustes";

export type SimilarityMetric = "cka" | "debiasedCKA" | "procrustes" | ((x: MatrixLike, y: MatrixLike) => number);

/** Layers as an ordered record name → activations (rows = the same examples in every layer), or an array. */
export type Layers = Record<string, MatrixLike> | MatrixLike[];

export interface SimilarityMatrix {
  rows: string[];
  cols: string[];
  /** values[i][j] = sim(layersA[rows[i]], layersB[cols[j]]). */
  values: number[][];
}

function named(layers: Layers, name: string): [string, MatrixLike][] {
  if (!layers || typeof layers !== "object" || layers instanceof Float64Array) throw new Error(`${name}: expected a record name → activations or an array of matrices, got ${describeValue(layers)}.`);
  const entries: [string, MatrixLike][] = Array.isArray(layers) ? layers.map((l, i) => [String(i), l]) : Object.entries(layers);
  if (entries.length === 0) throw new Error(`${name}: no layers given; pass a record name → activations or an array of matrices.`);
  return entries;
}

/** A layer ready for comparison: its transformed matrix and its self-similarity (the metric's normaliser). */
interface Prepared { m: Matrix; self: number; }

function prepare(metric: Exclude<SimilarityMetric, Function>, x: Matrix, name: string): Prepared {
  requireRows(x, metric === "debiasedCKA" ? 4 : 2, name, metric === "debiasedCKA" ? "the unbiased HSIC estimator" : `a ${metric} similarity`);
  if (metric === "procrustes") return { m: procrustesNormalise(x, name), self: 1 };
  requireVariation(x, name);
  const c = centred(x);
  if (metric === "cka") return { m: c, self: finiteResult(ckaSelfNorm(c), `${name}: ‖XᵀX‖_F`, "the layer overflows float64 when squared; rescale it.") };
  const self = unbiasedHSIC(c, c);
  finiteResult(self, `${name}: the unbiased self-HSIC`, "the layer overflows float64 when squared; rescale it.");
  if (!(self > 0)) throw new Error(`${name}: its unbiased self-HSIC is ${self} (≤ 0), so debiased CKA is undefined for this layer.`);
  return { m: c, self };
}

function compare(metric: Exclude<SimilarityMetric, Function>, a: Prepared, b: Prepared): number {
  if (metric === "procrustes") return procrustesOfNormalised(a.m, b.m);
  if (metric === "cka") return linearCKACentred(a.m, b.m, a.self, b.self);
  return unbiasedHSIC(a.m, b.m) / Math.sqrt(a.self * b.self);
}

/** sim(A_i, B_j) for every pair of layers (default metric: linear CKA). Widths may differ; rows must match. */
export function similarityMatrix(layersA: Layers, layersB: Layers, metric: SimilarityMetric = "cka"): SimilarityMatrix {
  const a = named(layersA, "layersA");
  const b = named(layersB, "layersB");
  const values: number[][] = [];
  if (typeof metric === "function") {
    for (const [na, x] of a) values.push(b.map(([nb, y]) => finiteResult(metric(x, y), `metric(layersA.${na}, layersB.${nb})`, "the custom metric must return a finite number.")));
  } else {
    if (metric !== "cka" && metric !== "debiasedCKA" && metric !== "procrustes") throw new Error(`metric: expected "cka", "debiasedCKA", "procrustes" or a function (x, y) => number, got ${describeValue(metric)}.`);
    const pa = a.map(([n, x]) => prepare(metric, toMatrix(x, `layersA.${n}`), `layersA.${n}`));
    const pb = b.map(([n, y]) => prepare(metric, toMatrix(y, `layersB.${n}`), `layersB.${n}`));
    pa.forEach((p, i) => requireSameRows(p.m, pb[0].m, `layersA.${a[i][0]}`, `layersB.${b[0][0]}`));
    pb.forEach((p, j) => requireSameRows(pa[0].m, p.m, `layersA.${a[0][0]}`, `layersB.${b[j][0]}`));
    for (const x of pa) values.push(pb.map((y) => finiteResult(compare(metric, x, y), "similarityMatrix: a similarity", "the layers overflow float64; rescale them.")));
  }
  return { rows: a.map(([n]) => n), cols: b.map(([n]) => n), values };
}

/**
 * Thesis Eq. 7.9: the mean of similarityMatrix(A_i, B_l) over all pairs of seeds (i, l) of models A and B.
 * Every seed must expose the same layer names.
 */
export function averageSimilarityMatrix(seedsA: Layers[], seedsB: Layers[], metric: SimilarityMetric = "cka"): SimilarityMatrix {
  if (!Array.isArray(seedsA) || !Array.isArray(seedsB)) throw new Error(`averageSimilarityMatrix: seedsA and seedsB must be arrays of layer sets, got ${describeValue(seedsA)} and ${describeValue(seedsB)}.`);
  if (seedsA.length === 0 || seedsB.length === 0) throw new Error(`averageSimilarityMatrix: needs at least one seed per model, got ${seedsA.length} and ${seedsB.length}.`);
  let sum: SimilarityMatrix | undefined;
  for (const a of seedsA) {
    for (const b of seedsB) {
      const s = similarityMatrix(a, b, metric);
      if (!sum) { sum = s; continue; }
      if (s.rows.join() !== sum.rows.join() || s.cols.join() !== sum.cols.join()) {
        throw new Error(`averageSimilarityMatrix: seeds expose different layers ([${s.rows}] × [${s.cols}] vs [${sum.rows}] × [${sum.cols}]); every seed must have the same layer names.`);
      }
      s.values.forEach((row, i) => row.forEach((v, j) => { sum!.values[i][j] += v; }));
    }
  }
  const pairs = seedsA.length * seedsB.length;
  return { ...sum!, values: sum!.values.map((row) => row.map((v) => v / pairs)) };
}
