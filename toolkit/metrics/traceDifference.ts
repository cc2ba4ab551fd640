// Tr(Var[Z]) − Tr(Var[M]) between sampled and mean representations: thesis §8.3 (Propositions 8.3.1–8.3.3;
// the FONDUE score of Algorithm 1). Sample variances with ddof 1; approximately Σ_j E[σ²_j] by the law of total variance.
import { MatrixLike, columnVariances } from "./matrix";
import { toMatrix, requireRows, requireSameShape, finiteResult } from "./validate";
import { ColumnsOption, restrict } from "./subset";

/** Tr(Cov[sampled]) − Tr(Cov[mean]) (ddof 1); equals the number of passive latents in a polarised regime (Proposition 8.3.2). */
export function traceDifference(sampled: MatrixLike, mean: MatrixLike, options: ColumnsOption = {}): number {
  const z = restrict(toMatrix(sampled, "sampled"), options.columns, "sampled");
  const m = restrict(toMatrix(mean, "mean"), options.columns, "mean");
  requireSameShape(z, m, "sampled", "mean");
  requireRows(z, 2, "sampled", "a sample variance");
  let t = 0;
  columnVariances(z, 1).forEach((v) => { t += v; });
  columnVariances(m, 1).forEach((v) => { t -= v; });
  return finiteResult(t, "traceDifference", "the representations are too large to square in float64; rescale them.");
}
