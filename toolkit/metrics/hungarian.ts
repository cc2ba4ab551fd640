// Exact linear assignment (Hungarian method, shortest augmenting paths with potentials, O(n²m)):
// used by MCC (Khemakhem et al.: matching on |corr|) and by Rolinek's Distance to Orthogonality.
import { toMatrix, describeValue } from "./validate";

/**
 * Minimum-cost assignment of the rows of `cost` (r×c, r ≤ c or r > c) to distinct columns.
 * Returns `columnOf[i]` for each row i (−1 for rows left over when r > c).
 */
export function linearAssignment(cost: readonly (readonly number[])[]): number[] {
  if (!Array.isArray(cost)) throw new Error(`cost: expected number[][] (rows assigned to columns), got ${describeValue(cost)}.`);
  toMatrix(cost as number[][], "cost"); // rows of equal length, finite numbers
  return assignment(cost);
}

function assignment(cost: readonly (readonly number[])[]): number[] {
  const r = cost.length;
  const c = cost[0].length;
  if (r > c) {
    const t = Array.from({ length: c }, (_, j) => Array.from({ length: r }, (_, i) => cost[i][j]));
    const rowOfColumn = assignment(t);
    const out = new Array(r).fill(-1);
    rowOfColumn.forEach((row, col) => { out[row] = col; });
    return out;
  }
  // Rows 1..r are matched to columns 1..c (1-based, column 0 is a sentinel).
  const u = new Float64Array(r + 1);
  const v = new Float64Array(c + 1);
  const match = new Int32Array(c + 1);
  const way = new Int32Array(c + 1);
  for (let i = 1; i <= r; i++) {
    match[0] = i;
    let j0 = 0;
    const minv = new Float64Array(c + 1).fill(Infinity);
    const used = new Uint8Array(c + 1);
    do {
      used[j0] = 1;
      const i0 = match[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= c; j++) {
        if (used[j]) continue;
        const cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
        if (minv[j] < delta) { delta = minv[j]; j1 = j; }
      }
      for (let j = 0; j <= c; j++) {
        if (used[j]) { u[match[j]] += delta; v[j] -= delta; } else minv[j] -= delta;
      }
      j0 = j1;
    } while (match[j0] !== 0);
    do {
      const j1 = way[j0];
      match[j0] = match[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const out = new Array(r).fill(-1);
  for (let j = 1; j <= c; j++) if (match[j] > 0) out[match[j] - 1] = j - 1;
  return out;
}
