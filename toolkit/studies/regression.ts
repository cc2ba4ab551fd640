// Downstream quality of a representation when the ground truth is continuous (synthetic sources):
// the R² of an ordinary least-squares fit (with intercept) of each source on the representation,
// fitted on one set and scored on another, averaged over sources. Polarlab's stand-in for the
// thesis' classifiers (§8.4.1) on datasets without discrete labels.
import { Matrix, solve } from "ml-matrix";
import type { Mat } from "./probe";

function design(m: Mat): Matrix {
  const [rows, cols] = m.shape;
  const out = new Matrix(rows, cols + 1);
  for (let r = 0; r < rows; r++) {
    out.set(r, 0, 1);
    for (let c = 0; c < cols; c++) out.set(r, c + 1, m.data[r * cols + c]);
  }
  return out;
}

function targets(m: Mat): Matrix {
  const [rows, cols] = m.shape;
  const out = new Matrix(rows, cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out.set(r, c, m.data[r * cols + c]);
  return out;
}

/** Held-out R² (mean over target columns) of least squares from `x` to `y`; 1 is perfect, ≤ 0 useless. */
export function linearR2(train: { x: Mat; y: Mat }, test: { x: Mat; y: Mat }): number {
  if (train.x.shape[0] !== train.y.shape[0] || test.x.shape[0] !== test.y.shape[0]) {
    throw new RangeError("linearR2: x and y must have the same number of rows in each set");
  }
  if (train.x.shape[0] <= train.x.shape[1] + 1) {
    throw new RangeError(`linearR2: need more training rows (${train.x.shape[0]}) than features + 1 (${train.x.shape[1] + 1})`);
  }
  // A tiny ridge keeps the normal equations solvable when a latent is constant (collapsed).
  const a = design(train.x);
  const gram = a.transpose().mmul(a);
  for (let i = 1; i < gram.rows; i++) gram.set(i, i, gram.get(i, i) + 1e-8 * train.x.shape[0]);
  const weights = solve(gram, a.transpose().mmul(targets(train.y)));
  const predicted = design(test.x).mmul(weights);
  const truth = targets(test.y);
  let total = 0;
  for (let c = 0; c < truth.columns; c++) {
    const column = truth.getColumn(c);
    const mean = column.reduce((s, v) => s + v, 0) / column.length;
    let ssRes = 0;
    let ssTot = 0;
    column.forEach((v, r) => {
      ssRes += (v - predicted.get(r, c)) ** 2;
      ssTot += (v - mean) ** 2;
    });
    total += ssTot > 0 ? 1 - ssRes / ssTot : 0;
  }
  return total / truth.columns;
}
