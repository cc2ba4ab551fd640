// Linear CKA (Kornblith et al. 2019) = the RV coefficient (thesis Eq. 2.2, §7.2.1) in its feature-space form,
// never building an n×n Gram matrix: CKA = ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F) on column-centred X, Y (float64).
// Debiased CKA uses the unbiased HSIC U-statistic (Song et al. 2012) written in feature space; minibatch CKA
// (Nguyen et al. 2021) averages per-batch unbiased HSICs before normalising (FACTS.md).
import { MatrixLike, Matrix, centred, crossProduct, frobeniusSquared } from "./matrix";
import { toMatrix, requireRows, requireSameRows, constantColumns, finiteResult } from "./validate";

function prepare(x: MatrixLike, y: MatrixLike, minRows: number, why: string): { cx: Matrix; cy: Matrix; xVaries: boolean; yVaries: boolean } {
  const mx = toMatrix(x, "x");
  const my = toMatrix(y, "y");
  requireSameRows(mx, my, "x", "y");
  requireRows(mx, minRows, "x", why);
  return { cx: centred(mx), cy: centred(my), xVaries: varies(mx), yVaries: varies(my) };
}

function varies(m: Matrix): boolean {
  return constantColumns(m).length < m.cols;
}

/** Throws when every column of a layer (before centring) is constant by validate.ts's rule: its self-similarity is 0. */
export function requireVariation(m: Matrix, name: string): void {
  if (!varies(m)) throw constantLayer(name);
}

function constantLayer(name: string): Error {
  return new Error(`${name}: every column is constant (up to rounding), so its self-similarity is 0 and CKA is undefined; pass a representation that varies across examples.`);
}

/** ‖XᵀX‖_F of a centred matrix: CKA's normaliser for one side. */
export function ckaSelfNorm(c: Matrix): number {
  return Math.sqrt(frobeniusSquared(crossProduct(c, c)));
}

/**
 * Linear CKA of centred matrices (already validated). Callers comparing one layer with many pass its
 * ckaSelfNorm once instead of recomputing the O(np²) self-product per pair.
 */
export function linearCKACentred(cx: Matrix, cy: Matrix, xx = ckaSelfNorm(cx), yy = ckaSelfNorm(cy)): number {
  return frobeniusSquared(crossProduct(cx, cy)) / (xx * yy);
}

/** Linear CKA in [0, 1] between x (n×p) and y (n×q); widths may differ. Needs n ≥ 2 and non-constant inputs. */
export function linearCKA(x: MatrixLike, y: MatrixLike): number {
  const { cx, cy, xVaries, yVaries } = prepare(x, y, 2, "linear CKA");
  if (!xVaries) throw constantLayer("x");
  if (!yVaries) throw constantLayer("y");
  return finiteResult(linearCKACentred(cx, cy), "linearCKA", "‖XᵀX‖_F overflows float64; rescale x and y.");
}

/**
 * Unbiased HSIC (Song et al. 2012, Eq. 5) of the linear kernels K = XXᵀ and L = YYᵀ computed in feature space:
 * with K̃, L̃ the kernels with zeroed diagonals, HSIC₁ = [tr(K̃L̃) + 1ᵀK̃1·1ᵀL̃1/((n−1)(n−2)) − 2/(n−2)·1ᵀK̃L̃1] / (n(n−3)).
 */
export function unbiasedHSIC(x: Matrix, y: Matrix): number {
  const n = x.rows;
  const kd = rowSquaredNorms(x);
  const ld = rowSquaredNorms(y);
  let diagProduct = 0;
  for (let i = 0; i < n; i++) diagProduct += kd[i] * ld[i];
  const trKL = frobeniusSquared(crossProduct(x, y)) - diagProduct;
  const k1 = kernelRowSums(x, kd); // K̃1
  const l1 = kernelRowSums(y, ld); // L̃1
  let sumK = 0;
  let sumL = 0;
  let kl = 0;
  for (let i = 0; i < n; i++) { sumK += k1[i]; sumL += l1[i]; kl += k1[i] * l1[i]; }
  return (trKL + (sumK * sumL) / ((n - 1) * (n - 2)) - (2 / (n - 2)) * kl) / (n * (n - 3));
}

function rowSquaredNorms(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < m.cols; j++) s += m.data[i * m.cols + j] ** 2;
    out[i] = s;
  }
  return out;
}

/** Row sums of K̃ = XXᵀ − diag: X(Xᵀ1) − ‖x_i‖². */
function kernelRowSums(m: Matrix, diag: Float64Array): Float64Array {
  const colSum = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) colSum[j] += m.data[i * m.cols + j];
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < m.cols; j++) s += m.data[i * m.cols + j] * colSum[j];
    out[i] = s - diag[i];
  }
  return out;
}

function debiasedRatio(hxy: number, hxx: number, hyy: number): number {
  [hxy, hxx, hyy].forEach((h) => finiteResult(h, "debiased CKA: an unbiased HSIC", "the representations overflow float64 when squared; rescale x and y."));
  if (!(hxx > 0) || !(hyy > 0)) {
    throw new Error(`debiased CKA: an unbiased self-HSIC is ${hxx > 0 ? hyy : hxx} (≤ 0), so the normalisation √(HSIC(X,X)·HSIC(Y,Y)) is undefined; use more examples or a representation that varies.`);
  }
  return finiteResult(hxy / Math.sqrt(hxx * hyy), "debiased CKA", "the HSIC terms overflow float64; rescale x and y.");
}

/** Debiased linear CKA (unbiased HSIC); may be slightly negative for unrelated inputs. Needs n ≥ 4. */
export function debiasedCKA(x: MatrixLike, y: MatrixLike): number {
  const { cx, cy, xVaries, yVaries } = prepare(x, y, 4, "the unbiased HSIC estimator");
  if (!xVaries) throw constantLayer("x");
  if (!yVaries) throw constantLayer("y");
  return debiasedRatio(unbiasedHSIC(cx, cy), unbiasedHSIC(cx, cx), unbiasedHSIC(cy, cy));
}

/** Accumulates per-batch unbiased HSICs for minibatch CKA (Nguyen et al. 2021): add batches, then read value(). */
export class MinibatchCKA {
  private xy = 0;
  private xx = 0;
  private yy = 0;
  private batches = 0;

  /** Adds one batch (the same examples in x and y; each batch needs ≥ 4 rows). A constant layer contributes exactly 0. */
  update(x: MatrixLike, y: MatrixLike): void {
    const { cx, cy, xVaries, yVaries } = prepare(x, y, 4, "the unbiased HSIC of a minibatch");
    if (xVaries && yVaries) this.xy += unbiasedHSIC(cx, cy);
    if (xVaries) this.xx += unbiasedHSIC(cx, cx);
    if (yVaries) this.yy += unbiasedHSIC(cy, cy);
    this.batches++;
  }

  value(): number {
    if (this.batches === 0) throw new Error("MinibatchCKA: no batch was added; call update(x, y) first.");
    return debiasedRatio(this.xy, this.xx, this.yy);
  }
}

/** Minibatch CKA over paired batches (x_b, y_b). */
export function minibatchCKA(batches: Iterable<[MatrixLike, MatrixLike]>): number {
  const acc = new MinibatchCKA();
  for (const [x, y] of batches) acc.update(x, y);
  return acc.value();
}
