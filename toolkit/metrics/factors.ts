// Ground-truth factor input shared by the supervised disentanglement scores: codes (n×d) and factor indices
// (n×K integers), with the discretised code × factor mutual-information matrix of disentanglement_lib.
import { MatrixLike, Matrix } from "./matrix";
import { toMatrix, requireRows, requireSameRows, integerColumns, integerOption } from "./validate";
import { compactLabels, discretizeColumns, discreteMutualInformation, discreteEntropy } from "./discretize";

export interface CodesAndFactors { codes: Matrix; factors: { codes: Int32Array; count: number; values: Float64Array }[]; }

export function codesAndFactors(codes: MatrixLike, factors: MatrixLike, minRows = 2): CodesAndFactors {
  const c = toMatrix(codes, "codes");
  const f = toMatrix(factors, "factors");
  requireSameRows(c, f, "codes", "factors");
  requireRows(c, minRows, "codes", "this score");
  const columns = integerColumns(f, "factors", "factors (value indices)").map((col) => ({ ...compactLabels(col), values: Float64Array.from(col) }));
  return { codes: c, factors: columns };
}

/** MI (nats) between every discretised code (rows, `bins` equal-width bins) and every factor (columns), plus factor entropies. */
export function mutualInformationMatrix(data: CodesAndFactors, binsOption: unknown): { mi: number[][]; entropies: number[] } {
  const bins = integerOption(binsOption, "bins", 20, 1);
  const binned = discretizeColumns(data.codes, bins);
  const mi = binned.map((b) => data.factors.map((f) => discreteMutualInformation(b, bins, f.codes, f.count)));
  const entropies = data.factors.map((f) => discreteEntropy(f.codes, f.count));
  return { mi, entropies };
}
