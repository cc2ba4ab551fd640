// Rolinek, Zietlow & Martius (2019), §5.1 "Datasets": the unit square V = [0, 1]² embedded linearly in
// R³ (Synth. Lin.) and non-linearly in R⁶ (Synth. Non-Lin.); a good representation is aligned with
// the axes of V. The exact maps are in the paper's Suppl. B, which is not among polarlab's seeds, so
// the maps below are polarlab's own stand-ins with the stated signature (fixed, documented, smooth and
// injective on V); the sources are the points v ∈ V.
import { Rng } from "../toolkit/compute/rng";
import { GeneratedDataset, generated, nonNegative, positiveInt } from "./generated";

/** f_lin: R² → R³, a fixed map with non-orthogonal columns of different lengths (so PCA ≠ the axes of V). */
export const ROLINEK_LINEAR: number[][] = [
  [1.0, 0.4],
  [0.3, 1.5],
  [0.6, -0.5],
];

export function rolinekLinearMap(v1: number, v2: number): number[] {
  return ROLINEK_LINEAR.map((row) => row[0] * v1 + row[1] * v2);
}

/** f_non-lin: R² → R⁶; the first two coordinates keep it injective, the rest bend the square. */
export function rolinekNonLinearMap(v1: number, v2: number): number[] {
  return [v1, v2, Math.sin(Math.PI * v1), Math.cos(Math.PI * v2), v1 * v2, v1 * v1 - v2 * v2];
}

export interface RolinekOptions {
  /** Examples (default 10,000), v drawn uniformly from [0, 1]². */
  n?: number;
  /** "linear" (R³) or "nonlinear" (R⁶); default linear. */
  embedding?: "linear" | "nonlinear";
  /** Standard deviation of Gaussian noise added to x (default 0). */
  noise?: number;
  seed?: number;
}

/** The unit-square datasets of Rolinek et al. §5.1; `sources` are v. */
export function rolinekSquare(options: RolinekOptions = {}): GeneratedDataset<{ embedding: "linear" | "nonlinear"; noise: number }> {
  const n = positiveInt("rolinekSquare: n", options.n ?? 10000);
  const embedding = options.embedding ?? "linear";
  if (embedding !== "linear" && embedding !== "nonlinear") {
    throw new Error(`rolinekSquare: embedding must be 'linear' or 'nonlinear', got ${JSON.stringify(embedding)}`);
  }
  const noise = nonNegative("rolinekSquare: noise", options.noise ?? 0);
  const f = embedding === "linear" ? rolinekLinearMap : rolinekNonLinearMap;
  const dim = embedding === "linear" ? 3 : 6;
  const rng = new Rng(options.seed ?? 0);
  const v = new Float32Array(n * 2);
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const v1 = rng.uniform();
    const v2 = rng.uniform();
    v[2 * i] = v1;
    v[2 * i + 1] = v2;
    f(v1, v2).forEach((value, d) => (x[i * dim + d] = value + (noise > 0 ? noise * rng.normal() : 0)));
  }
  return generated({ name: `rolinek-square-${embedding}`, shape: [dim], x, sources: { data: v, dim: 2 } }, { embedding, noise });
}
