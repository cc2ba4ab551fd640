// Hoyer sparsity of a representation (Mathieu et al. 2019, §6.3): divide each latent by its standard deviation
// over the dataset (z̃_d = z_d / σ(z_d), population σ, no centring), Hoyer(y) = (√d − ‖y‖₁/‖y‖₂)/(√d − 1) per
// example, averaged over examples. 0 = fully dense, 1 = one non-zero entry.
import { MatrixLike, columnVariances } from "./matrix";
import { toMatrix, requireRows, constantColumns, finiteResult } from "./validate";
import { ColumnsOption, restrict } from "./subset";

/** Mean Hoyer sparsity in [0, 1] of the per-dimension standardised encodings (usually the mean representation). */
export function hoyerSparsity(z: MatrixLike, options: ColumnsOption = {}): number {
  const m = restrict(toMatrix(z, "z"), options.columns, "z");
  requireRows(m, 2, "z", "the per-dimension standard deviation");
  if (m.cols < 2) throw new Error(`hoyerSparsity: needs at least 2 latents (√d − 1 = 0 for d = 1), got ${m.cols}.`);
  const variances = columnVariances(m, 0);
  const sd = variances.map(Math.sqrt);
  const constant = constantColumns(m, variances);
  if (constant.length > 0) {
    throw new Error(`hoyerSparsity: latents [${constant.join(", ")}] have zero standard deviation (constant up to rounding), so z / σ(z) divides by zero; drop them (options.columns).`);
  }
  const root = Math.sqrt(m.cols);
  let total = 0;
  for (let i = 0; i < m.rows; i++) {
    let l1 = 0;
    let l2 = 0;
    for (let j = 0; j < m.cols; j++) { const v = Math.abs(m.data[i * m.cols + j] / sd[j]); l1 += v; l2 += v * v; }
    if (!(l2 > 0)) throw new Error(`hoyerSparsity: example ${i} is the zero vector, so ‖y‖₁/‖y‖₂ is undefined; remove it.`);
    total += (root - l1 / Math.sqrt(l2)) / (root - 1);
  }
  return finiteResult(total / m.rows, "hoyerSparsity", "the standard deviations overflow float64; rescale z.");
}
