// Modularity (Ridgeway & Zemel 2018) as disentanglement_lib computes it: with m_ij the discretised MI between code
// i and factor j (20 bins), θ_i = max_j m_ij², δ_i = (Σ_j m_ij² − θ_i) / (θ_i (K − 1)), modularity_i = 1 − δ_i
// (0 for a code carrying no information: one occupied bin, so its MI with every factor is exactly 0), averaged over codes.
import { MatrixLike } from "./matrix";
import { codesAndFactors, mutualInformationMatrix } from "./factors";

export interface ModularityResult { modularity: number; perCode: number[]; }

/** Modularity in [0, 1] of codes against integer factors (needs ≥ 2 factors). */
export function modularity(codes: MatrixLike, factors: MatrixLike, options: { bins?: number } = {}): ModularityResult {
  const data = codesAndFactors(codes, factors);
  const K = data.factors.length;
  if (K < 2) throw new Error(`modularity: needs at least 2 factors (the deviation is normalised by K − 1), got ${K}.`);
  const { mi } = mutualInformationMatrix(data, options.bins);
  const perCode = mi.map((row) => {
    const sq = row.map((v) => v * v);
    const theta = Math.max(...sq);
    if (theta === 0) return 0;
    const delta = (sq.reduce((a, b) => a + b, 0) - theta) / (theta * (K - 1));
    return 1 - delta;
  });
  return { modularity: perCode.reduce((a, b) => a + b, 0) / perCode.length, perCode };
}
