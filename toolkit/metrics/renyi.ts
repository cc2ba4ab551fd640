// Matrix-based Rényi α-entropy (Yu & Príncipe 2019; thesis appendix D, Eqs. D.2–D.5;
// docs/reference-implementations.md, "Rényi α-entropy estimator"): RBF Gram matrix with Silverman's bandwidth
// s = σ(X)·h^(−1/(4+m)) (σ the standard deviation of all entries, h rows, m columns), A = K / h (trace 1),
// S_α(A) = log₂(Σ λ_i^α)/(1 − α) in bits; joint entropy of (A∘B)/tr(A∘B); I = S(A) + S(B) − S(A,B).
// Computed in consecutive batches of 1,000 rows (the last, shorter batch kept) and averaged over batches.
import { MatrixLike, Matrix, selectRows } from "./matrix";
import { toMatrix, requireRows, requireSameRows, negligibleSpread, integerOption, numberOption, finiteResult } from "./validate";
import { symmetricEigenvalues } from "./linalg";

export interface RenyiOptions {
  /** Order α (default 2, as FONDUE_IB; α = 2 uses Σλ² = ‖A‖²_F, no eigen decomposition). */
  alpha?: number;
  /** Rows per batch (default 1,000). */
  batchSize?: number;
}

function alphaOption(alpha: unknown): number {
  return numberOption(alpha, "alpha", 2, (v) => v > 0 && v !== 1, "a positive finite order ≠ 1");
}

/** The normalised RBF Gram matrix A (h×h, row-major) of Eq. D.5 with Silverman's bandwidth. */
export function normalisedGram(m: Matrix): Float64Array {
  const h = m.rows;
  const d = m.cols;
  let mean = 0;
  for (const v of m.data) mean += v;
  mean /= m.data.length;
  let variance = 0;
  let largest = 0;
  for (const v of m.data) { variance += (v - mean) ** 2; largest = Math.max(largest, Math.abs(v)); }
  variance /= m.data.length;
  if (negligibleSpread(variance, m.data.length, largest)) throw new Error("renyi: every entry of the batch is the same value (up to rounding), so σ(X) = 0 and the Silverman bandwidth is 0; the entropy is undefined.");
  const sigma = finiteResult(Math.sqrt(variance), "renyi: σ(X)", "the batch overflows float64 when squared; rescale it.");
  const s = sigma * h ** (-1 / (4 + d));
  const scale = -1 / (2 * s * s);
  const a = new Float64Array(h * h);
  for (let i = 0; i < h; i++) {
    a[i * h + i] = 1 / h;
    for (let j = i + 1; j < h; j++) {
      let dist = 0;
      for (let c = 0; c < d; c++) { const t = m.data[i * d + c] - m.data[j * d + c]; dist += t * t; }
      const v = Math.exp(dist * scale) / h;
      a[i * h + j] = v;
      a[j * h + i] = v;
    }
  }
  return a;
}

/** S_α of a trace-1 PSD matrix (Eq. D.2), bits. */
function entropyOf(a: Float64Array, h: number, alpha: number): number {
  let sum = 0;
  if (alpha === 2) for (const v of a) sum += v * v;
  else for (const e of symmetricEigenvalues(a, h)) if (e > 0) sum += e ** alpha;
  return Math.log2(sum) / (1 - alpha);
}

function batches(m: Matrix, size: unknown): Matrix[] {
  const batchSize = integerOption(size, "batchSize", 1000, 2);
  const out: Matrix[] = [];
  for (let start = 0; start < m.rows; start += batchSize) {
    const end = Math.min(m.rows, start + batchSize);
    out.push(selectRows(m, Int32Array.from({ length: end - start }, (_, i) => start + i)));
  }
  // A trailing batch of one row has no pairs: it joins the previous batch.
  if (out.length > 1 && out[out.length - 1].rows < 2) {
    const last = out.pop()!;
    const prev = out.pop()!;
    out.push({ rows: prev.rows + last.rows, cols: m.cols, data: Float64Array.from([...prev.data, ...last.data]) });
  }
  return out;
}

function joint(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  let trace = 0;
  const h = Math.round(Math.sqrt(a.length));
  for (let k = 0; k < a.length; k++) out[k] = a[k] * b[k];
  for (let i = 0; i < h; i++) trace += out[i * h + i];
  for (let k = 0; k < a.length; k++) out[k] /= trace;
  return out;
}

/** Rényi α-entropy S_α(X) in bits (default α = 2), averaged over batches of 1,000 rows. */
export function renyiEntropy(x: MatrixLike, options: RenyiOptions = {}): number {
  const alpha = alphaOption(options.alpha);
  const m = toMatrix(x, "x");
  requireRows(m, 2, "x", "a kernel entropy estimate");
  const parts = batches(m, options.batchSize);
  return finiteResult(parts.reduce((s, b) => s + entropyOf(normalisedGram(b), b.rows, alpha), 0) / parts.length, "renyiEntropy", "the eigenvalues underflow; use an order α closer to 2.");
}

/** Joint Rényi α-entropy S_α(X, Y) in bits (Eq. D.3), averaged over batches. */
export function renyiJointEntropy(x: MatrixLike, y: MatrixLike, options: RenyiOptions = {}): number {
  return finiteResult(renyiParts(x, y, options).joint, "renyiJointEntropy", "the eigenvalues underflow; use an order α closer to 2.");
}

/** Rényi mutual information I_α(X; Y) = S(X) + S(Y) − S(X, Y) in bits (Eq. D.4), averaged over batches. */
export function renyiMutualInformation(x: MatrixLike, y: MatrixLike, options: RenyiOptions = {}): number {
  const p = renyiParts(x, y, options);
  return finiteResult(p.x + p.y - p.joint, "renyiMutualInformation", "the eigenvalues underflow; use an order α closer to 2.");
}

function renyiParts(x: MatrixLike, y: MatrixLike, options: RenyiOptions): { x: number; y: number; joint: number } {
  const alpha = alphaOption(options.alpha);
  const mx = toMatrix(x, "x");
  const my = toMatrix(y, "y");
  requireSameRows(mx, my, "x", "y");
  requireRows(mx, 2, "x", "a kernel entropy estimate");
  const bx = batches(mx, options.batchSize);
  const by = batches(my, options.batchSize);
  const acc = { x: 0, y: 0, joint: 0 };
  bx.forEach((b, i) => {
    const a = normalisedGram(b);
    const c = normalisedGram(by[i]);
    acc.x += entropyOf(a, b.rows, alpha);
    acc.y += entropyOf(c, b.rows, alpha);
    acc.joint += entropyOf(joint(a, c), b.rows, alpha);
  });
  return { x: acc.x / bx.length, y: acc.y / bx.length, joint: acc.joint / bx.length };
}
