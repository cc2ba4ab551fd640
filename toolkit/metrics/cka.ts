// Linear CKA (Kornblith et al. 2019) = the RV coefficient (thesis Eq. 2.2, §7.2.1) in its feature-space form,
// never building an n×n Gram matrix: CKA = ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F) on column-centred X, Y (float64).
// Debiased CKA uses the unbiased HSIC U-statistic (Song et al. 2012) written in feature space; minibatch CKA
// (Nguyen et al. 2021) averages per-batch unbiased HSICs before normalising
// (docs/reference-implementations.md, "Linear CKA and Procrustes").
import { ColumnStats, MatrixLike, Matrix, ProductFactor, centredFactor, centredProduct, centredRowProducts, crossProduct, frobeniusSquared, productFactor } from "./matrix";
import { toMatrixWithStats, requireRows, requireSameRows, constantColumns, constantColumnsOf, finiteResult } from "./validate";

/**
 * Validated x and y as product factors (matrix.ts's productFactor: the inputs themselves where their means lie
 * within their spreads, else centred copies) and the three centred cross-products XᵀX, YᵀY (dsyrk) and XᵀY (dgemm),
 * with the column statistics for the constant-column rule.
 */
interface Pair { x: ProductFactor; y: ProductFactor; xx: Float64Array; yy: Float64Array; xy: Float64Array; xVaries: boolean; yVaries: boolean; }

function prepare(x: MatrixLike, y: MatrixLike, minRows: number, why: string): Pair {
  const { m: mx, stats: sx } = toMatrixWithStats(x, "x");
  const { m: my, stats: sy } = toMatrixWithStats(y, "y");
  requireSameRows(mx, my, "x", "y");
  requireRows(mx, minRows, "x", why);
  const fx = productFactor(mx, sx);
  const fy = productFactor(my, sy);
  return {
    x: fx, y: fy,
    xx: centredProduct(fx, fx), yy: centredProduct(fy, fy), xy: centredProduct(fx, fy),
    xVaries: varies(mx, sx),
    yVaries: varies(my, sy),
  };
}

/** Whether some column of m varies by validate.ts's rule. */
function varies(m: Matrix, stats: ColumnStats): boolean {
  return constantColumnsOf(m, stats).length < m.cols;
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
  const { xx, yy, xy, xVaries, yVaries } = prepare(x, y, 2, "linear CKA");
  if (!xVaries) throw constantLayer("x");
  if (!yVaries) throw constantLayer("y");
  const cka = frobeniusSquared(xy) / Math.sqrt(frobeniusSquared(xx) * frobeniusSquared(yy));
  return finiteResult(cka, "linearCKA", "‖XᵀX‖_F overflows float64; rescale x and y.");
}

/**
 * What the unbiased HSIC needs of one side X = M − means (matrix.ts's product factor, centred on the fly): the
 * diagonal of its kernel ‖x_i‖² and the row sums of the kernel with a zeroed diagonal, K̃1 = X(Xᵀ1) − ‖x_i‖², with
 * Xᵀ1 from the factor's column sums (s − n·means) rather than another pass.
 */
interface HsicSide { diag: Float64Array; rowSums: Float64Array; }

function hsicSide(f: ProductFactor): HsicSide {
  const { rows, cols } = f.m;
  const mean = f.means ?? new Float64Array(cols);
  const colSum = f.sums.map((s, j) => s - rows * mean[j]);
  const { squares: diag, dots } = centredRowProducts(f.m, mean, colSum);
  for (let i = 0; i < rows; i++) dots[i] -= diag[i];
  return { diag, rowSums: dots };
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
  const a = hsicSide(centredFactor(x));
  return hsicFrom(frobeniusSquared(crossProduct(x, y)), a, x === y ? a : hsicSide(centredFactor(y)));
}

/** The three unbiased HSICs (xy, xx, yy) of a centred pair from its cross-products. */
function pairHSICs(pair: Pair): { xy: number; xx: number; yy: number } {
  const a = hsicSide(pair.x);
  const b = hsicSide(pair.y);
  return {
    xy: hsicFrom(frobeniusSquared(pair.xy), a, b),
    xx: hsicFrom(frobeniusSquared(pair.xx), a, a),
    yy: hsicFrom(frobeniusSquared(pair.yy), b, b),
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
