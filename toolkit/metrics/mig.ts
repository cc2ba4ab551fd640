// Mutual Information Gap (Chen et al. 2018) as disentanglement_lib computes it: codes discretised
// into 20 equal-width bins, MI matrix codes × factors (nats), per factor (top1 − top2) / H(factor), averaged.
import { MatrixLike } from "./matrix";
import { codesAndFactors, mutualInformationMatrix } from "./factors";

export interface MigResult { mig: number; perFactor: number[]; mutualInformation: number[][]; entropies: number[]; }

/** MIG in [0, 1] of codes (n×d, d ≥ 2) against integer factors (n×K). */
export function mig(codes: MatrixLike, factors: MatrixLike, options: { bins?: number } = {}): MigResult {
  const data = codesAndFactors(codes, factors);
  if (data.codes.cols < 2) throw new Error(`mig: needs at least 2 codes for a gap between the top two, got ${data.codes.cols}.`);
  const { mi, entropies } = mutualInformationMatrix(data, options.bins);
  const perFactor = entropies.map((h, j) => {
    if (!(h > 0)) throw new Error(`mig: factor ${j} is constant (entropy 0), so the normalised gap is undefined; drop it.`);
    const column = mi.map((row) => row[j]).sort((a, b) => b - a);
    return (column[0] - column[1]) / h;
  });
  return { mig: perFactor.reduce((a, b) => a + b, 0) / perFactor.length, perFactor, mutualInformation: mi, entropies };
}
