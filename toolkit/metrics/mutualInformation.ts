// Averaged mutual information between latents: thesis Eqs. 6.9–6.10 as disentanglement_lib computes it:
// 20 equal-width bins per latent over its own [min, max], pairwise discrete MI in nats, diagonal excluded,
// sum divided by d² − d.
import { MatrixLike } from "./matrix";
import { toMatrix, requireRows, integerOption } from "./validate";
import { discretizeColumns } from "./discretize";
import { ColumnsOption, restrict } from "./subset";

/** Averaged pairwise MI (nats) over the d latents (default 20 bins). Needs d ≥ 2. */
export function averagedMutualInformation(x: MatrixLike, options: ColumnsOption & { bins?: number } = {}): number {
  const bins = integerOption(options.bins, "bins", 20, 1);
  const m = restrict(toMatrix(x, "x"), options.columns, "x");
  requireRows(m, 2, "x", "a histogram estimate of mutual information");
  if (m.cols < 2) throw new Error(`averagedMutualInformation: needs at least 2 latents (pairs), got ${m.cols}.`);
  const codes = discretizeColumns(m, bins);
  const n = m.rows;
  // MI = (1/n)Σ c_xy log c_xy + log n − (1/n)Σ a_x log a_x − (1/n)Σ b_y log b_y, with c log c tabulated once.
  const cLogC = new Float64Array(n + 1);
  for (let c = 2; c <= n; c++) cLogC[c] = c * Math.log(c);
  const marginal = codes.map((col) => {
    const counts = new Int32Array(bins);
    for (let i = 0; i < n; i++) counts[col[i]]++;
    return counts.reduce((s, c) => s + cLogC[c], 0);
  });
  const joint = new Int32Array(bins * bins);
  const scaled = codes.map((col) => col.map((b) => b * bins));
  let total = 0;
  for (let i = 0; i < m.cols; i++) {
    const a = scaled[i];
    for (let j = i + 1; j < m.cols; j++) {
      const b = codes[j];
      joint.fill(0);
      for (let t = 0; t < n; t++) joint[a[t] + b[t]]++;
      let s = 0;
      for (let k = 0; k < joint.length; k++) s += cLogC[joint[k]];
      total += 2 * Math.max(0, (s - marginal[i] - marginal[j]) / n + Math.log(n));
    }
  }
  return total / (m.cols * m.cols - m.cols);
}
