// The scores FONDUE compares between the sampled and the mean representation (thesis §8.3–8.8):
// trace  Tr Cov[z] vs Tr Cov[μ] (Algorithm 2), each diagonal entry floored to 3 decimals as vae_ld's
//        CovarianceTrace(precision=3) does; by the law of total variance their difference ≈ Σ_j E[σ²_j].
// ide    MLE intrinsic dimension of z vs that of μ (Algorithms 5–6).
// ib     H(z) vs I(x; x̂) with the Rényi α = 2 matrix estimator (Algorithms 3–4, Eq. D.2–D.5), per batch
//        of 1,000 examples, each batch's value floored to 2 decimals, then averaged (vae_ld
//        InformationBottleneck; unlike vae_ld, no example is dropped from a batch).
import { mleIntrinsicDimension, renyiEntropy, renyiMutualInformation } from "../metrics";
import { columnVariances } from "../metrics/matrix";
import { requireRows } from "../metrics/validate";
import { mean } from "./claims";
import { asMatrix, type Mat } from "./probe";
import { truncateScore } from "./search";

export type FondueScore = "trace" | "ide" | "ib";

/** The default threshold t of each score: 1 (trace, Theorem 8.3.1–8.3.2; IDE, §8.8.2), −0.01 (IB, §8.4.2). */
export const DEFAULT_THRESHOLDS: Readonly<Record<FondueScore, number>> = { trace: 1, ide: 1, ib: -0.01 };

/** Σ_j floor₃(Var[m_j]) (ddof 1), vae_ld's truncated covariance trace. */
export function truncatedTrace(m: Mat, decimals = 3): number {
  const x = asMatrix(m);
  requireRows(x, 2, "m", "the covariance trace (ddof 1)");
  const sum = columnVariances(x, 1).reduce((s, v) => s + truncateScore(v, decimals), 0);
  // Each term has `decimals` decimals, so the exact sum does too; rounding removes float noise.
  return Math.round(sum * 10 ** decimals) / 10 ** decimals;
}

export function traceScores(sampled: Mat, mean: Mat): { scoreSampled: number; scoreMean: number } {
  return { scoreSampled: truncatedTrace(sampled), scoreMean: truncatedTrace(mean) };
}

/** MLE (Levina–Bickel, k neighbours, default 20) of z and of μ. */
export async function ideScores(sampled: Mat, mean: Mat, options: { k?: number; signal?: AbortSignal } = {}) {
  const k = options.k ?? 20;
  const z = await mleIntrinsicDimension(sampled, { k, signal: options.signal });
  const mu = await mleIntrinsicDimension(mean, { k, signal: options.signal });
  return { scoreSampled: z.dimension, scoreMean: mu.dimension };
}

function rowSlice(m: Mat, start: number, end: number): Mat {
  const width = m.shape[1];
  return { data: m.data.subarray(start * width, end * width), shape: [end - start, width] };
}

/**
 * FONDUE_IB's pair: scoreSampled = H(z), scoreMean = I(x; x̂) in bits (Rényi α = 2, RBF kernels with
 * Silverman bandwidths), averaged over batches of `batchSize` rows, each floored to 2 decimals.
 */
export function ibScores(sampled: Mat, input: Mat, reconstruction: Mat, options: { batchSize?: number } = {}) {
  const batchSize = options.batchSize ?? 1000;
  const rows = sampled.shape[0];
  const starts: number[] = [];
  for (let start = 0; start < rows; start += batchSize) starts.push(start);
  // A last batch too small to estimate anything (< 4 rows) joins the previous one.
  if (starts.length > 1 && rows - starts[starts.length - 1] < 4) starts.pop();
  const entropies: number[] = [];
  const informations: number[] = [];
  starts.forEach((start, b) => {
    const end = b + 1 < starts.length ? starts[b + 1] : rows;
    const batch = { batchSize: end - start };
    entropies.push(truncateScore(renyiEntropy(rowSlice(sampled, start, end), batch), 2));
    informations.push(
      truncateScore(renyiMutualInformation(rowSlice(input, start, end), rowSlice(reconstruction, start, end), batch), 2),
    );
  });
  return { scoreSampled: mean(entropies), scoreMean: mean(informations) };
}
