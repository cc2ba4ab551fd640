// Linear-Gaussian data with a known intrinsic dimension: x = A z + σ ε with z ~ N(0, I_k), ε ~ N(0, I_D)
// and A a seeded D×k Gaussian map. The covariance A Aᵀ + σ² I has exactly k eigenvalues above σ², so
// the true dimension is k (the ground truth of the FONDUE and intrinsic-dimension tests, thesis §8.3).
import { Rng } from "../toolkit/compute/rng";
import { GeneratedDataset, generated, nonNegative, positiveInt } from "./generated";

export interface LinearGaussianOptions {
  /** Examples (default 10,000). */
  n?: number;
  /** Informative latent factors k (default 5). */
  k?: number;
  /** Observed dimensions D (default 20, at least k). */
  dim?: number;
  /** Noise standard deviation σ (default 0.01). */
  noise?: number;
  seed?: number;
}

export interface LinearGaussianTruth {
  /** The map A, D×k row-major (entries N(0, 1)). */
  mixing: Float64Array;
  k: number;
  dim: number;
  noise: number;
}

/** Linear-Gaussian vectors [D]; `sources` are the k latent factors z. */
export function linearGaussian(options: LinearGaussianOptions = {}): GeneratedDataset<LinearGaussianTruth> {
  const n = positiveInt("linearGaussian: n", options.n ?? 10000);
  const k = positiveInt("linearGaussian: k", options.k ?? 5);
  const dim = positiveInt("linearGaussian: dim", options.dim ?? 20, k);
  const noise = nonNegative("linearGaussian: noise", options.noise ?? 0.01);
  const rng = new Rng(options.seed ?? 0);
  const mixing = new Float64Array(dim * k).map(() => rng.normal());
  const z = new Float32Array(n * k);
  const x = new Float32Array(n * dim);
  const zi = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) z[i * k + j] = zi[j] = rng.normal();
    for (let d = 0; d < dim; d++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += mixing[d * k + j] * zi[j];
      x[i * dim + d] = s + noise * rng.normal();
    }
  }
  return generated(
    { name: `linear-gaussian(k=${k}, D=${dim})`, shape: [dim], x, sources: { data: z, dim: k } },
    { mixing, k, dim, noise },
  );
}
