// Ground-truth factor input shared by the supervised disentanglement scores: codes (n×d) and factor indices
// (n×K integers), with the discretised code × factor mutual-information matrix of disentanglement_lib.
import { MatrixLike, Matrix, toMatrix, requireRows, requireSameRows } from "./matrix";
import { compactLabels, discretizeColumns, discreteMutualInformation, discreteEntropy } from "./discretize";

export interface CodesAndFactors { codes: Matrix; factors: { codes: Int32Array; count: number; values: Float64Array }[]; }

export function codesAndFactors(codes: MatrixLike, factors: MatrixLike, minRows = 2): CodesAndFactors {
  const c = toMatrix(codes, "codes");
  const f = toMatrix(factors, "factors");
  requireSameRows(c, f, "codes", "factors");
  requireRows(c, minRows, "codes", "this score");
  const columns = Array.from({ length: f.cols }, (_, j) => {
    const col = new Float64Array(f.rows);
    for (let i = 0; i < f.rows; i++) {
      const v = f.data[i * f.cols + j];
      if (!Number.isInteger(v)) throw new Error(`factors: entry [${i}, ${j}] is ${v}; factors must be integer value indices.`);
      col[i] = v;
    }
    return { ...compactLabels(col), values: col };
  });
  return { codes: c, factors: columns };
}

/** MI (nats) between every discretised code (rows, `bins` equal-width bins) and every factor (columns), plus factor entropies. */
export function mutualInformationMatrix(data: CodesAndFactors, bins = 20): { mi: number[][]; entropies: number[] } {
  const binned = discretizeColumns(data.codes, bins);
  const mi = binned.map((b) => data.factors.map((f) => discreteMutualInformation(b, bins, f.codes, f.count)));
  const entropies = data.factors.map((f) => discreteEntropy(f.codes, f.count));
  return { mi, entropies };
}
