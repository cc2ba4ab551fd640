// Linear CKA (Kornblith et al. 2019) = the RV coefficient (thesis Eq. 2.2, §7.2.1) in its feature-space form,
// never building an n×n Gram matrix: CKA = ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F) on column-centred X, Y (float64).
// Debiased CKA uses the unbiased HSIC U-statistic (Song et al. 2012) written in feature space; minibatch CKA
// (Nguyen et al. 2021) averages per-batch unbiased HSICs before normalising
// (docs/reference-implementations.md, "Linear CKA and Procrustes").
import { MatrixLike, Matrix, centredGram, columnMaxAbs, crossProduct, frobeniusSquared } from "./matrix";
import { toMatrix, requireRows, requireSameRows, constantColumns, constantIndices, finiteResult } from "./validate";

/**
 * Validated x and y with the cross-product G = [X Y]ᵀ[X Y] of their column-centred columns side by side (dsyrk on
 * the addon, matrix.ts's centredGram): G's blocks are XᵀX, XᵀY and YᵀY, and its diagonal gives the column variances
 * for the constant-column rule without another pass.
 */
interface Pair { x: Matrix; y: Matrix; means: Float64Array; gram: Float64Array; p: number; q: number; xVaries: boolean; yVaries: boolean; }

function prepare(x: MatrixLike, y: MatrixLike, minRows: number, why: string): Pair {
  const mx = toMatrix(x, "x");
  const my = toMatrix(y, "y");
  requireSameRows(mx, my, "x", "y");
  requireRows(mx, minRows, "x", why);
  const { gram, means } = centredGram([mx, my]);
  const p = mx.cols;
  const w = p + my.cols;
  const n = mx.rows;
  const variances = Float64Array.from({ length: w }, (_, j) => gram[j * w + j] / n);
  const scaleOf = (j: number) => (j < p ? columnMaxAbs(mx, j) : columnMaxAbs(my, j - p));
  return {
    x: mx, y: my, means, gram, p, q: my.cols,
    xVaries: constantIndices(variances, means, n, scaleOf, 0, p).length < p,
    yVaries: constantIndices(variances, means, n, scaleOf, p, w).length < my.cols,
  };
}

/** Squared Frobenius norm of the block [r0, r1) × [c0, c1) of a w×w row-major matrix. */
function blockSquared(g: Float64Array, w: number, r0: number, r1: number, c0: number, c1: number): number {
  let s = 0;
  for (let i = r0; i < r1; i++) for (let j = c0; j < c1; j++) s += g[i * w + j] * g[i * w + j];
  return s;
}

/** Throws when every column of a layer (before centring) is constant by validate.ts's rule: its self-similarity is 0. */
export function requireVariation(m: Matrix, name: string): void {
  if (constantColumns(m).length === m.cols) throw constantLayer(name);
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
  const { gram, p, q, xVaries, yVaries } = prepare(x, y, 2, "linear CKA");
  if (!xVaries) throw constantLayer("x");
  if (!yVaries) throw constantLayer("y");
  const w = p + q;
  const cka = blockSquared(gram, w, 0, p, p, w) / Math.sqrt(blockSquared(gram, w, 0, p, 0, p) * blockSquared(gram, w, p, w, p, w));
  return finiteResult(cka, "linearCKA", "‖XᵀX‖_F overflows float64; rescale x and y.");
}

/**
 * What the unbiased HSIC needs of one side X = m − means (centred on the fly; means 0 for an already centred m): the
 * diagonal of its kernel ‖x_i‖² and the row sums of the kernel with a zeroed diagonal, K̃1 = X(Xᵀ1) − ‖x_i‖².
 */
interface HsicSide { diag: Float64Array; rowSums: Float64Array; }

function hsicSide(m: Matrix, means: Float64Array = new Float64Array(m.cols)): HsicSide {
  const { rows, cols, data } = m;
  const colSum = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) colSum[j] += data[i * cols + j] - means[j];
  const diag = new Float64Array(rows);
  const rowSums = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let sq = 0;
    let dot = 0;
    for (let j = 0; j < cols; j++) { const v = data[o + j] - means[j]; sq += v * v; dot += v * colSum[j]; }
    diag[i] = sq;
    rowSums[i] = dot - sq;
  }
  return { diag, rowSums };
}

/**
 * Unbiased HSIC (Song et al. 2012, Eq. 5) of the linear kernels K = XXᵀ and L = YYᵀ in feature space, from
 * ‖XᵀY‖²_F and each side's kernel diagonal and row sums: with K̃, L̃ the kernels with zeroed diagonals,
 * HSIC₁ = [tr(K̃L̃) + 1ᵀK̃1·1ᵀL̃1/((n−1)(n−2)) − 2/(n−2)·1ᵀK̃L̃1] / (n(n−3)).
 */
function hsicFrom(crossSquared: number, a: HsicSide, b: HsicSide): number {
  const n = a.diag.length;
  let diagProduct = 0;
  let sumK = 0;
  let sumL = 0;
  let kl = 0;
  for (let i = 0; i < n; i++) {
    diagProduct += a.diag[i] * b.diag[i];
    sumK += a.rowSums[i];
    sumL += b.rowSums[i];
    kl += a.rowSums[i] * b.rowSums[i];
  }
  return (crossSquared - diagProduct + (sumK * sumL) / ((n - 1) * (n - 2)) - (2 / (n - 2)) * kl) / (n * (n - 3));
}

/** Unbiased HSIC of the linear kernels of centred x and y (rows = the same examples). */
export function unbiasedHSIC(x: Matrix, y: Matrix): number {
  const a = hsicSide(x);
  return hsicFrom(frobeniusSquared(crossProduct(x, y)), a, x === y ? a : hsicSide(y));
}

/** The three unbiased HSICs (xy, xx, yy) of a centred pair from its joint cross-product. */
function pairHSICs(pair: Pair): { xy: number; xx: number; yy: number } {
  const { x, y, means, gram, p, q } = pair;
  const w = p + q;
  const a = hsicSide(x, means.subarray(0, p));
  const b = hsicSide(y, means.subarray(p));
  return {
    xy: hsicFrom(blockSquared(gram, w, 0, p, p, w), a, b),
    xx: hsicFrom(blockSquared(gram, w, 0, p, 0, p), a, a),
    yy: hsicFrom(blockSquared(gram, w, p, w, p, w), b, b),
  };
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
  const pair = prepare(x, y, 4, "the unbiased HSIC estimator");
  if (!pair.xVaries) throw constantLayer("x");
  if (!pair.yVaries) throw constantLayer("y");
  const { xy, xx, yy } = pairHSICs(pair);
  return debiasedRatio(xy, xx, yy);
}

/** Accumulates per-batch unbiased HSICs for minibatch CKA (Nguyen et al. 2021): add batches, then read value(). */
export class MinibatchCKA {
  private xy = 0;
  private xx = 0;
  private yy = 0;
  private batches = 0;

  /** Adds one batch (the same examples in x and y; each batch needs ≥ 4 rows). A constant layer contributes exactly 0. */
  update(x: MatrixLike, y: MatrixLike): void {
    const pair = prepare(x, y, 4, "the unbiased HSIC of a minibatch");
    const { xy, xx, yy } = pairHSICs(pair);
    if (pair.xVaries && pair.yVaries) this.xy += xy;
    if (pair.xVaries) this.xx += xx;
    if (pair.yVaries) this.yy += yy;
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
