// Restricting a representation to a subset of latents (e.g. the "no passive" or "active only" variants of
// thesis §6.4.4, built with variableTypes + typeColumns).
import { Matrix, selectColumns } from "./matrix";
import { columnIndices } from "./validate";

export interface ColumnsOption {
  /** Column indices to keep (e.g. typeColumns(variableTypes(variance), ["active", "mixed"])); default all. */
  columns?: readonly number[];
}

export function restrict(m: Matrix, columns: readonly number[] | undefined, name: string): Matrix {
  return columns === undefined ? m : selectColumns(m, columnIndices(columns, m.cols, `${name} (options.columns)`));
}
