// How well the columns of one matrix point along the columns of another, up to a signed permutation: the
// mean |cos| between matched columns, the matching maximising the sum of |cos| (Hungarian method). 1 when
// the directions agree up to order and sign. Used for Rolinek, Zietlow & Martius (2019), §6: in the linear
// case a VAE's decoder columns align with the principal components (Example 1, Proposition 1), which the
// full-covariance β-VAE_Σ has no reason to do (Propositions 2–3). randomRotation draws the null: a Haar
// orthogonal matrix (Gram–Schmidt on Gaussian columns, Mezzadri 2007).
import { MatrixLike } from "./matrix";
import { toMatrix, requireSameRows, describeValue } from "./validate";
import { linearAssignment } from "./hungarian";

function columnsOf(m: { rows: number; cols: number; data: Float64Array }, name: string): Float64Array[] {
  return Array.from({ length: m.cols }, (_, j) => {
    const c = Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]);
    const norm = Math.hypot(...c);
    if (!(norm > 0)) throw new Error(`${name}: column ${j} is zero; every column must be a direction (drop zero columns first).`);
    return c.map((v) => v / norm);
  });
}

/**
 * Mean |cos(a_j, b_π(j))| over the columns of `a` (m × k), matched one-to-one to columns of `b` (m × l, l ≥ k)
 * to maximise the sum; also the matching π and each matched |cos|.
 */
export function columnAlignment(a: MatrixLike, b: MatrixLike): { alignment: number; matching: number[]; cosines: number[] } {
  const ma = toMatrix(a, "a");
  const mb = toMatrix(b, "b");
  requireSameRows(ma, mb, "a", "b");
  if (ma.cols < 1 || mb.cols < ma.cols) throw new Error(`columnAlignment: a has ${ma.cols} columns and b ${mb.cols}; expected 1 ≤ columns of a ≤ columns of b.`);
  const ca = columnsOf(ma, "a");
  const cb = columnsOf(mb, "b");
  const abscos = ca.map((x) => cb.map((y) => Math.abs(x.reduce((s, v, i) => s + v * y[i], 0))));
  const matching = linearAssignment(abscos.map((row) => row.map((v) => -v)));
  const cosines = matching.map((j, i) => Math.min(1, abscos[i][j]));
  return { alignment: cosines.reduce((s, v) => s + v, 0) / cosines.length, matching, cosines };
}

/** A Haar-distributed k × k orthogonal matrix (rows), from `normal` (a source of N(0, 1) draws). */
export function randomRotation(k: number, normal: () => number): number[][] {
  if (!Number.isInteger(k) || k < 1) throw new Error(`randomRotation: k must be a positive integer, got ${describeValue(k)}.`);
  if (typeof normal !== "function") throw new Error(`randomRotation: normal must be a function returning N(0, 1) draws, got ${describeValue(normal)}.`);
  const q: number[][] = [];
  while (q.length < k) {
    const v = Array.from({ length: k }, () => normal());
    for (const u of q) {
      const dot = v.reduce((s, x, i) => s + x * u[i], 0);
      for (let i = 0; i < k; i++) v[i] -= dot * u[i];
    }
    const norm = Math.hypot(...v);
    if (norm > 1e-8) q.push(v.map((x) => x / norm));
  }
  return q;
}
