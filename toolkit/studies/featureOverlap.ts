// The synthetic experiment of thesis Fig. 7.1 (§7.2.2, "Procrustes is sensitive to the number of data
// examples"): A has 50 standard-normal features; B keeps 80 % of A's features, C 50 %, D none (the
// rest are fresh independent features); linear CKA and Procrustes similarity of (A, B), (A, C), (A, D)
// as the number of examples n grows. Expected: both track the shared fraction for B and C, while
// Procrustes overestimates sim(A, D) at small n and CKA drops quickly towards 0.
import { Rng } from "../compute/random";
import { linearCKA } from "../metrics/cka";
import { procrustesSimilarity } from "../metrics/procrustes";
import type { Mat } from "./probe";

export interface FeatureOverlapOptions {
  /** Numbers of examples (default 10, 25, 50, 100, 250, 500, 1000, 2500). */
  sizes?: number[];
  /** Features per matrix (default 50, as in the thesis). */
  features?: number;
  /** Fractions of A's features kept in the compared matrix (default 0.8, 0.5, 0: B, C, D). */
  shared?: number[];
  /** Independent repetitions per size (default 1). */
  repeats?: number;
  seed?: number;
}

export interface FeatureOverlapRow {
  n: number;
  repeat: number;
  /** "A–B (80 % shared)" etc. */
  pair: string;
  shared: number;
  metric: "cka" | "procrustes";
  similarity: number;
}

function normals(rng: Rng, rows: number, cols: number): Mat {
  return { data: rng.normals(rows * cols), shape: [rows, cols] };
}

/** A copy of `a` whose first round(shared · p) columns are a's and whose others are fresh normals. */
function overlapping(a: Mat, shared: number, rng: Rng): Mat {
  const [rows, cols] = a.shape;
  const keep = Math.round(shared * cols);
  const out = normals(rng, rows, cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < keep; c++) out.data[r * cols + c] = a.data[r * cols + c];
  return out;
}

export function featureOverlapExperiment(options: FeatureOverlapOptions = {}): FeatureOverlapRow[] {
  const sizes = options.sizes ?? [10, 25, 50, 100, 250, 500, 1000, 2500];
  const features = options.features ?? 50;
  const sharedFractions = options.shared ?? [0.8, 0.5, 0];
  const repeats = options.repeats ?? 1;
  sizes.forEach((n) => {
    if (!Number.isInteger(n) || n < 2) throw new RangeError(`featureOverlapExperiment: sizes must be integers ≥ 2, got ${n}`);
  });
  sharedFractions.forEach((s) => {
    if (!(s >= 0 && s <= 1)) throw new RangeError(`featureOverlapExperiment: shared fractions must lie in [0, 1], got ${s}`);
  });
  const rng = new Rng(options.seed ?? 0);
  const rows: FeatureOverlapRow[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const n of sizes) {
      const a = normals(rng, n, features);
      sharedFractions.forEach((shared, i) => {
        const b = overlapping(a, shared, rng);
        const pair = `A–${String.fromCharCode(66 + i)} (${Math.round(shared * 100)} % shared)`;
        rows.push({ n, repeat, pair, shared, metric: "cka", similarity: linearCKA(a, b) });
        rows.push({ n, repeat, pair, shared, metric: "procrustes", similarity: procrustesSimilarity(a, b) });
      });
    }
  }
  return rows;
}
