// Priors p(z) for the decomposition objective (Mathieu, Rainforth, Siddharth & Teh 2019, §6): isotropic and
// anisotropic Gaussians (variances fixed or learned, §6.1), a product of Student-t (§6.1), a mixture of Gaussians
// (clustering, §6.2) and the sparse prior ∏_d (1 − γ)N(0, 1) + γN(0, σ₀²) with σ₀² = 0.05 (§6.3).
// Each gives log p(z) per example in nats and samples drawn from a given Rng; Gaussians also expose μ, log σ² for
// analytic KLs. Gamma deviates for the Student-t: Marsaglia & Tsang (2000), "A simple method for generating gamma variables".
import * as tf from "@tensorflow/tfjs";
import { randomNormal, Rng } from "../compute/random";
import { gaussianLogDensity } from "./totalCorrelation";

export type PriorConfig =
  | { kind: "isotropic"; variance?: number }
  | { kind: "anisotropic"; variances: number[]; learned?: boolean }
  | { kind: "studentT"; nu?: number }
  | { kind: "mixture"; means: number[][]; variance?: number; weights?: number[] }
  | { kind: "sparse"; gamma?: number; sigma0Squared?: number };

export interface Prior {
  readonly kind: PriorConfig["kind"];
  readonly dim: number;
  /** log p(z) per example (rows of z [B, dim]), nats: [B]. */
  logDensity(z: tf.Tensor2D): tf.Tensor1D;
  /** log p(z_d) per example and latent [B, dim] for priors that factorise over latents; undefined for the mixture. */
  logDensityPerDim?(z: tf.Tensor2D): tf.Tensor2D;
  /** n samples [n, dim] drawn from `rng`. */
  sample(n: number, rng: Rng): tf.Tensor2D;
  /** Mean and log-variance [dim] of a diagonal Gaussian prior (for closed-form KLs); undefined otherwise. */
  gaussian(): { mean: tf.Tensor1D; logvar: tf.Tensor1D } | undefined;
  /** Learned parameters (anisotropic prior with learned variances), to train with the model. */
  variables(): tf.Variable[];
  dispose(): void;
}

/** Defaults (our choice where Mathieu et al. leave them open): Student-t ν = 5; sparse γ = 0.8 (their Fig. 5). */
export const PRIOR_DEFAULTS = { nu: 5, gamma: 0.8, sigma0Squared: 0.05 } as const;

/** log Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; ~1e-15 relative error). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const y = x - 1;
  let a = c[0];
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

function positive(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
    throw new Error(`createPrior: ${name} must be a finite number > 0, got ${JSON.stringify(v)}`);
  }
  return v;
}

function checkZ(prior: Prior, z: tf.Tensor2D): void {
  if (z.rank !== 2 || z.shape[1] !== prior.dim) {
    throw new Error(`${prior.kind} prior: z must be [batch, ${prior.dim}], got shape [${z.shape}]`);
  }
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`prior.sample: n must be a positive integer, got ${n}`);
}

/** A Gamma(shape, 1) deviate (Marsaglia & Tsang 2000; for shape < 1, Gamma(shape + 1)·U^(1/shape), their §6). */
function gammaDeviate(rng: Rng, shape: number): number {
  if (shape < 1) return gammaDeviate(rng, shape + 1) * Math.pow(rng.uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

// tfjs keeps one global registry of variable names.
let priorCount = 0;

class DiagonalGaussianPrior implements Prior {
  private readonly logvarVar: tf.Variable<tf.Rank.R1>;
  constructor(readonly kind: "isotropic" | "anisotropic", readonly dim: number, variances: number[], private readonly learned: boolean) {
    priorCount += 1;
    const init = tf.tensor1d(variances.map(Math.log));
    this.logvarVar = tf.variable(init, learned, `prior_${kind}_${priorCount}/logvar`);
    init.dispose();
  }
  logDensity(z: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.sum(this.logDensityPerDim(z), 1) as tf.Tensor1D);
  }
  logDensityPerDim(z: tf.Tensor2D): tf.Tensor2D {
    checkZ(this, z);
    return tf.tidy(() => gaussianLogDensity(z, tf.zeros([this.dim]), this.logvarVar) as tf.Tensor2D);
  }
  sample(n: number, rng: Rng): tf.Tensor2D {
    checkCount(n);
    return tf.tidy(() => tf.mul(randomNormal([n, this.dim], rng), tf.exp(tf.mul(0.5, this.logvarVar))) as tf.Tensor2D);
  }
  gaussian(): { mean: tf.Tensor1D; logvar: tf.Tensor1D } {
    return { mean: tf.zeros([this.dim]), logvar: this.logvarVar.clone() };
  }
  variables(): tf.Variable[] {
    return this.learned ? [this.logvarVar] : [];
  }
  dispose(): void {
    this.logvarVar.dispose();
  }
}

/** ∏_d Student-t(z_d; ν): log p = Σ_d [log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − (ν+1)/2 · log(1 + z_d²/ν)]. */
class StudentTPrior implements Prior {
  readonly kind = "studentT" as const;
  private readonly logNormaliser: number;
  constructor(readonly dim: number, private readonly nu: number) {
    this.logNormaliser = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
  }
  logDensity(z: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.sum(this.logDensityPerDim(z), 1) as tf.Tensor1D);
  }
  logDensityPerDim(z: tf.Tensor2D): tf.Tensor2D {
    checkZ(this, z);
    return tf.tidy(() => tf.sub(this.logNormaliser, tf.mul((this.nu + 1) / 2, tf.log1p(tf.div(tf.square(z), this.nu)))) as tf.Tensor2D);
  }
  /** t = ε / sqrt(χ²_ν / ν) with χ²_ν = 2·Gamma(ν/2, 1). */
  sample(n: number, rng: Rng): tf.Tensor2D {
    checkCount(n);
    const out = new Float32Array(n * this.dim);
    for (let i = 0; i < out.length; i++) out[i] = rng.normal() / Math.sqrt((2 * gammaDeviate(rng, this.nu / 2)) / this.nu);
    return tf.tensor2d(out, [n, this.dim]);
  }
  gaussian(): undefined {
    return undefined;
  }
  variables(): tf.Variable[] {
    return [];
  }
  dispose(): void {}
}

/** Σ_k w_k N(z; m_k, v I): log p = logsumexp_k (log w_k + Σ_d log N(z_d; m_kd, v)). */
class MixturePrior implements Prior {
  readonly kind = "mixture" as const;
  private readonly means: tf.Tensor2D;
  private readonly logWeights: tf.Tensor1D;
  constructor(readonly dim: number, private readonly meanRows: number[][], private readonly variance: number, private readonly weights: number[]) {
    this.means = tf.tensor2d(meanRows);
    this.logWeights = tf.tensor1d(weights.map(Math.log));
  }
  logDensity(z: tf.Tensor2D): tf.Tensor1D {
    checkZ(this, z);
    return tf.tidy(() => {
      const [b, d] = z.shape;
      const k = this.means.shape[0];
      const perComponent = tf.sum(gaussianLogDensity(z.reshape([b, 1, d]), this.means.reshape([1, k, d]), tf.scalar(Math.log(this.variance))), 2);
      return tf.logSumExp(tf.add(perComponent, this.logWeights), 1) as tf.Tensor1D;
    });
  }
  /** Component k with probability w_k (inverse CDF of one uniform), then its mean plus N(0, v I) noise. */
  sample(n: number, rng: Rng): tf.Tensor2D {
    checkCount(n);
    const total = this.weights.reduce((a, b) => a + b, 0);
    const out = new Float32Array(n * this.dim);
    const sd = Math.sqrt(this.variance);
    for (let i = 0; i < n; i++) {
      let u = rng.uniform() * total;
      let k = 0;
      while (k < this.weights.length - 1 && u >= this.weights[k]) u -= this.weights[k++];
      for (let d = 0; d < this.dim; d++) out[i * this.dim + d] = this.meanRows[k][d] + sd * rng.normal();
    }
    return tf.tensor2d(out, [n, this.dim]);
  }
  gaussian(): undefined {
    return undefined;
  }
  variables(): tf.Variable[] {
    return [];
  }
  dispose(): void {
    this.means.dispose();
    this.logWeights.dispose();
  }
}

/** ∏_d (1 − γ)N(z_d; 0, 1) + γN(z_d; 0, σ₀²) (Mathieu et al. 2019, §6.3). */
class SparsePrior implements Prior {
  readonly kind = "sparse" as const;
  constructor(readonly dim: number, private readonly gamma: number, private readonly sigma0Squared: number) {}
  logDensity(z: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.sum(this.logDensityPerDim(z), 1) as tf.Tensor1D);
  }
  logDensityPerDim(z: tf.Tensor2D): tf.Tensor2D {
    checkZ(this, z);
    return tf.tidy(() => {
      const slab = tf.add(Math.log(1 - this.gamma), gaussianLogDensity(z, tf.scalar(0), tf.scalar(0)));
      const spike = tf.add(Math.log(this.gamma), gaussianLogDensity(z, tf.scalar(0), tf.scalar(Math.log(this.sigma0Squared))));
      return tf.logSumExp(tf.stack([slab, spike], 2), 2) as tf.Tensor2D;
    });
  }
  /** Each coordinate: with probability γ from N(0, σ₀²), else from N(0, 1). */
  sample(n: number, rng: Rng): tf.Tensor2D {
    checkCount(n);
    const out = new Float32Array(n * this.dim);
    const spike = Math.sqrt(this.sigma0Squared);
    for (let i = 0; i < out.length; i++) out[i] = (rng.uniform() < this.gamma ? spike : 1) * rng.normal();
    return tf.tensor2d(out, [n, this.dim]);
  }
  gaussian(): undefined {
    return undefined;
  }
  variables(): tf.Variable[] {
    return [];
  }
  dispose(): void {}
}

function mixturePrior(config: Extract<PriorConfig, { kind: "mixture" }>, dim: number): Prior {
  const { means } = config;
  if (!Array.isArray(means) || means.length === 0 || means.some((m) => !Array.isArray(m) || m.length !== dim || m.some((v) => !Number.isFinite(v)))) {
    throw new Error(`createPrior: mixture means must be a non-empty array of length-${dim} finite vectors, got ${JSON.stringify(means)}`);
  }
  const weights = config.weights ?? means.map(() => 1 / means.length);
  const total = weights.reduce((a, b) => a + b, 0);
  if (weights.length !== means.length || weights.some((w) => !(w > 0)) || Math.abs(total - 1) > 1e-6) {
    throw new Error(`createPrior: mixture weights must be ${means.length} positive numbers summing to 1, got ${JSON.stringify(config.weights)}`);
  }
  return new MixturePrior(dim, means, positive("mixture variance", config.variance ?? 1), weights);
}

/** Builds a prior over `dim` latents. Defaults: isotropic variance 1; Student-t ν = 5; sparse γ = 0.8, σ₀² = 0.05. */
export function createPrior(config: PriorConfig, dim: number): Prior {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`createPrior: dim must be a positive integer, got ${dim}`);
  switch (config?.kind) {
    case "isotropic":
      return new DiagonalGaussianPrior("isotropic", dim, new Array(dim).fill(positive("variance", config.variance ?? 1)), false);
    case "anisotropic": {
      const v = config.variances;
      if (!Array.isArray(v) || v.length !== dim) {
        throw new Error(`createPrior: anisotropic variances must be an array of ${dim} positive numbers, got ${JSON.stringify(v)}`);
      }
      v.forEach((x, i) => positive(`variances[${i}]`, x));
      return new DiagonalGaussianPrior("anisotropic", dim, v, config.learned ?? false);
    }
    case "studentT":
      return new StudentTPrior(dim, positive("nu (ν)", config.nu ?? PRIOR_DEFAULTS.nu));
    case "mixture":
      return mixturePrior(config, dim);
    case "sparse": {
      const gamma = config.gamma ?? PRIOR_DEFAULTS.gamma;
      if (!(gamma > 0 && gamma < 1)) throw new Error(`createPrior: sparse gamma (γ) must be in (0, 1), got ${JSON.stringify(config.gamma)}`);
      return new SparsePrior(dim, gamma, positive("sigma0Squared (σ₀²)", config.sigma0Squared ?? PRIOR_DEFAULTS.sigma0Squared));
    }
    default:
      throw new Error(`createPrior: kind must be one of isotropic, anisotropic, studentT, mixture, sparse, got ${JSON.stringify((config as { kind?: unknown })?.kind)}`);
  }
}
