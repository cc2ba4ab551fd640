// Equal-width histogram discretisation and discrete mutual information, as disentanglement_lib does it
// (np.histogram bin edges, np.digitize on all but the last edge; sklearn's mutual_info_score in nats).
import { Matrix } from "./matrix";

/** Bin index (0..bins-1) of every entry of each column, bins over the column's own [min, max] (numpy semantics). */
export function discretizeColumns(m: Matrix, bins: number): Int32Array[] {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`bins: expected a positive integer, got ${bins}.`);
  const out: Int32Array[] = [];
  for (let j = 0; j < m.cols; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < m.rows; i++) {
      const v = m.data[i * m.cols + j];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo === hi) { lo -= 0.5; hi += 0.5; } // np.histogram's rule for a constant column
    // np.linspace(lo, hi, bins + 1): k * step + lo; np.digitize(x, edges[:-1]) − 1 = (#edges ≤ x) − 1.
    const step = (hi - lo) / bins;
    const edges = new Float64Array(bins);
    for (let k = 0; k < bins; k++) edges[k] = k * step + lo;
    const col = new Int32Array(m.rows);
    for (let i = 0; i < m.rows; i++) {
      const v = m.data[i * m.cols + j];
      let b = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / step)));
      while (b + 1 < bins && edges[b + 1] <= v) b++;
      while (b > 0 && edges[b] > v) b--;
      col[i] = b;
    }
    out.push(col);
  }
  return out;
}

/** Relabels arbitrary integer labels to 0..k-1. */
export function compactLabels(labels: ArrayLike<number>): { codes: Int32Array; count: number } {
  const map = new Map<number, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let c = map.get(labels[i]);
    if (c === undefined) { c = map.size; map.set(labels[i], c); }
    codes[i] = c;
  }
  return { codes, count: map.size };
}

/** Discrete mutual information (nats) of two label vectors with values 0..ka-1 and 0..kb-1 (thesis Eq. 6.9). */
export function discreteMutualInformation(a: Int32Array, ka: number, b: Int32Array, kb: number): number {
  const n = a.length;
  const joint = new Float64Array(ka * kb);
  const ca = new Float64Array(ka);
  const cb = new Float64Array(kb);
  for (let i = 0; i < n; i++) { joint[a[i] * kb + b[i]]++; ca[a[i]]++; cb[b[i]]++; }
  // A variable with a single occupied value is independent of everything: MI is exactly 0, not rounding noise.
  if (ca.filter((c) => c > 0).length < 2 || cb.filter((c) => c > 0).length < 2) return 0;
  const logN = Math.log(n);
  let mi = 0;
  for (let x = 0; x < ka; x++) {
    if (ca[x] === 0) continue;
    const la = Math.log(ca[x]);
    for (let y = 0; y < kb; y++) {
      const c = joint[x * kb + y];
      if (c === 0) continue;
      mi += (c / n) * (Math.log(c) + logN - la - Math.log(cb[y]));
    }
  }
  return Math.max(0, mi);
}

/** Discrete entropy (nats) of labels 0..k-1. */
export function discreteEntropy(a: Int32Array, k: number): number {
  const c = new Float64Array(k);
  for (let i = 0; i < a.length; i++) c[a[i]]++;
  let h = 0;
  for (let x = 0; x < k; x++) if (c[x] > 0) { const p = c[x] / a.length; h -= p * Math.log(p); }
  return h;
}
