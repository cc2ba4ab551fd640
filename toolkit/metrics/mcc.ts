// Mean correlation coefficient for identifiability (Khemakhem et al. 2020, iVAE; thesis chapter 5;
// docs/reference-implementations.md, "Mean correlation coefficient (MCC)"): Pearson correlations between learned and
// true sources, matched one to one by the Hungarian method on |corr|.
import { MatrixLike, centred, crossProduct, columnVariances } from "./matrix";
import { toMatrix, requireRows, requireSameRows, constantColumns, finiteResult } from "./validate";
import { linearAssignment } from "./hungarian";

export interface MccResult {
  /** Mean of the matched |corr| (in [0, 1]). */
  mcc: number;
  /** matching[i] = the learned column matched to true column i (−1 when there are more true columns than learned). */
  matching: number[];
  /** |corr| of each matched pair, per true column (0 for unmatched). */
  matched: number[];
  /** correlations[a][b] = Pearson corr(learned_a, truth_b). */
  correlations: number[][];
}

/** MCC between learned (n×p) and truth (n×q) sources; min(p, q) pairs are matched and averaged. */
export function mcc(learned: MatrixLike, truth: MatrixLike): MccResult {
  const a = toMatrix(learned, "learned");
  const b = toMatrix(truth, "truth");
  requireSameRows(a, b, "learned", "truth");
  requireRows(a, 2, "learned", "a correlation");
  const va = columnVariances(a, 0);
  const vb = columnVariances(b, 0);
  const zeroA = constantColumns(a, va);
  const zeroB = constantColumns(b, vb);
  if (zeroB.length > 0) throw new Error(`mcc: truth columns [${zeroB.join(", ")}] are constant, so their correlation is undefined; drop them.`);
  if (zeroA.length > 0) throw new Error(`mcc: learned columns [${zeroA.join(", ")}] are constant (collapsed latents?), so their correlation is undefined; drop them (e.g. keep the active latents).`);
  const cross = crossProduct(centred(a), centred(b));
  const n = a.rows;
  const correlations = Array.from({ length: a.cols }, (_, i) =>
    Array.from({ length: b.cols }, (_, j) => finiteResult(cross[i * b.cols + j] / (n * Math.sqrt(va[i] * vb[j])), `mcc: corr(learned ${i}, truth ${j})`, "the sources overflow float64 when squared; rescale them.")));
  // Rows of the cost are the true sources, so the matching is reported per true source.
  const cost = Array.from({ length: b.cols }, (_, j) => Array.from({ length: a.cols }, (_, i) => -Math.abs(correlations[i][j])));
  const matching = linearAssignment(cost);
  const matched = matching.map((i, j) => (i >= 0 ? Math.abs(correlations[i][j]) : 0));
  const pairs = Math.min(a.cols, b.cols);
  return { mcc: matched.reduce((s, v) => s + v, 0) / pairs, matching, matched, correlations };
}
