// Non-stationary segment data for iVAE (Khemakhem et al. 2020, §6 and their `data.py`; thesis ch. 5):
// M segments; in segment m the sources s ∈ R^d are N(μ_m, diag λ_m) with λ_m ~ U[0.5, 3]^d (and
// μ_m = 0 unless meanRange is given); observations x = f(s) for a seeded random invertible leaky-ReLU
// network f; u is the one-hot segment. Note: the reference code multiplies standard normals by the
// U[0.5, 3] draws (standard deviations); here they are variances, as the paper states.
import { SingularValueDecomposition, Matrix } from "ml-matrix";
import { Rng } from "../toolkit/compute/rng";
import { GeneratedDataset, generated, positiveInt } from "./generated";

export interface IvaeSegmentsOptions {
  /** Number of segments M (default 40). */
  segments?: number;
  /** Examples per segment (default 1,000). */
  perSegment?: number;
  /** Source dimension d (default 5). */
  sourceDim?: number;
  /** Observed dimension D ≥ d (default d; the network is then a bijection). */
  dim?: number;
  /** Layers of the mixing network (default 3; leaky ReLU between layers, none after the last). */
  layers?: number;
  /** Leaky-ReLU slope (default 0.2, as the reference code). */
  slope?: number;
  /** Range of the per-segment source variances (default [0.5, 3]). */
  varianceRange?: [number, number];
  /** Per-segment source means from U[a, b] (default: all means 0). */
  meanRange?: [number, number];
  /** Largest condition number accepted for each random weight matrix (default 10). */
  maxCondition?: number;
  seed?: number;
}

export interface IvaeSegmentsTruth {
  /** Layer weights, each out×in row-major as number[][] (first layer D×d, others D×D). */
  weights: number[][][];
  slope: number;
  /** variances[m][j]: variance of source j in segment m. */
  variances: number[][];
  means: number[][];
}

/** A random out×in matrix with unit-norm columns whose condition number is at most maxCondition. */
function wellConditioned(rng: Rng, rows: number, cols: number, maxCondition: number): number[][] {
  for (let attempt = 0; attempt < 10000; attempt++) {
    const w = Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal()));
    for (let j = 0; j < cols; j++) {
      const norm = Math.hypot(...w.map((row) => row[j]));
      for (const row of w) row[j] /= norm;
    }
    const s = new SingularValueDecomposition(new Matrix(w)).diagonal;
    if (s[0] / s[s.length - 1] <= maxCondition) return w;
  }
  throw new Error(`ivaeSegments: no ${rows}×${cols} matrix with condition number ≤ ${maxCondition} found; raise maxCondition`);
}

/** Applies the mixing network to one source vector. */
export function ivaeMix(truth: Pick<IvaeSegmentsTruth, "weights" | "slope">, s: ArrayLike<number>): number[] {
  let h = Array.from(s);
  truth.weights.forEach((w, l) => {
    h = w.map((row) => row.reduce((acc, wij, j) => acc + wij * h[j], 0));
    if (l < truth.weights.length - 1) h = h.map((v) => (v >= 0 ? v : truth.slope * v));
  });
  return h;
}

/** iVAE segment data: x [D], u one-hot [M], factors = [segment], sources = s. */
export function ivaeSegments(options: IvaeSegmentsOptions = {}): GeneratedDataset<IvaeSegmentsTruth> {
  const M = positiveInt("ivaeSegments: segments", options.segments ?? 40);
  const per = positiveInt("ivaeSegments: perSegment", options.perSegment ?? 1000);
  const d = positiveInt("ivaeSegments: sourceDim", options.sourceDim ?? 5);
  const D = positiveInt("ivaeSegments: dim", options.dim ?? d, d);
  const layers = positiveInt("ivaeSegments: layers", options.layers ?? 3);
  const slope = options.slope ?? 0.2;
  if (!(slope > 0 && slope <= 1)) throw new Error(`ivaeSegments: slope must be in (0, 1] for an invertible network, got ${slope}`);
  const [vLow, vHigh] = options.varianceRange ?? [0.5, 3];
  if (!(vLow > 0 && vHigh >= vLow)) throw new Error(`ivaeSegments: varianceRange must be [a, b] with 0 < a ≤ b, got [${vLow}, ${vHigh}]`);
  const meanRange = options.meanRange;
  if (meanRange && !(Number.isFinite(meanRange[0]) && Number.isFinite(meanRange[1]) && meanRange[1] >= meanRange[0])) {
    throw new Error(`ivaeSegments: meanRange must be [a, b] with finite a ≤ b, got ${JSON.stringify(meanRange)}`);
  }
  const maxCondition = options.maxCondition ?? 10;
  if (!(maxCondition >= 1)) throw new Error(`ivaeSegments: maxCondition must be ≥ 1, got ${maxCondition}`);
  const rng = new Rng(options.seed ?? 0);
  const variances = Array.from({ length: M }, () => Array.from({ length: d }, () => rng.uniform(vLow, vHigh)));
  const means = Array.from({ length: M }, () =>
    Array.from({ length: d }, () => (meanRange ? rng.uniform(meanRange[0], meanRange[1]) : 0)),
  );
  const weights = Array.from({ length: layers }, (_, l) => wellConditioned(rng, D, l === 0 ? d : D, maxCondition));
  const truth: IvaeSegmentsTruth = { weights, slope, variances, means };
  const n = M * per;
  const x = new Float32Array(n * D);
  const sources = new Float32Array(n * d);
  const u = new Float32Array(n * M);
  const factors = new Int32Array(n);
  const s = new Float64Array(d);
  for (let m = 0, i = 0; m < M; m++) {
    for (let r = 0; r < per; r++, i++) {
      for (let j = 0; j < d; j++) sources[i * d + j] = s[j] = means[m][j] + Math.sqrt(variances[m][j]) * rng.normal();
      x.set(ivaeMix(truth, s), i * D);
      u[i * M + m] = 1;
      factors[i] = m;
    }
  }
  return generated(
    {
      name: `ivae-segments(M=${M}, d=${d}, D=${D})`,
      shape: [D],
      x,
      u: { data: u, dim: M },
      sources: { data: sources, dim: d },
      factors: {
        info: { names: ["segment"], sizes: [M], values: [Array.from({ length: M }, (_, m) => m)] },
        indices: factors,
      },
    },
    truth,
  );
}
