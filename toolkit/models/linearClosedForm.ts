// The linear VAE's optimum in closed form (thesis §4.2, Eqs. 4.6–4.16 and 4.22–4.24; Dai et al. 2017; Lucas et al.
// 2019): with decoder N(Wz + b, γI_m), encoder μ = A(x − b) and diagonal Σ, and the β-weighted loss
// E_q[−log p(x|z)] + β·KL, the optimum is probabilistic PCA with noise variance s = βγ (Tipping & Bishop 1999):
// b = data mean; with λ_1 ≥ … the eigenvalues (eigenvectors u_i) of the data covariance S (divided by N),
// W = [u_i √max(λ_i − s, 0)] up to a signed permutation, Σ_ii = min(s/λ_i, 1) (Eq. 4.23: 1/(Λ²_ii/(βγ) + 1)),
// μ_i = √max(λ_i − s, 0)/λ_i · u_iᵀ(x − b) (Eq. 4.24). A latent is active iff λ_i > βγ; with βγ ≥ λ_1 all are passive.
import { EigenvalueDecomposition, Matrix } from "ml-matrix";

export interface LinearVaeOptions {
  latent: number;
  /** Decoder variance γ (default 1). */
  gamma?: number;
  /** KL weight β (default 1). */
  beta?: number;
}

export interface LinearVaeOptimum {
  latent: number;
  gamma: number;
  beta: number;
  /** Eigenvalues of the data covariance (÷N), descending, all m of them. */
  eigenvalues: number[];
  /** b, the data mean [m]. */
  bias: number[];
  /** W, m × latent (x ≈ Wz + b), column i = √max(λ_i − βγ, 0) u_i. */
  decoder: number[][];
  /** Encoder A, latent × m: μ = A(x − b), row i = √max(λ_i − βγ, 0)/λ_i · u_iᵀ. */
  encoder: number[][];
  /** diag Σ per latent: βγ/λ_i for active latents, 1 for passive ones. */
  variances: number[];
  /** Number of active latents: #{i ≤ latent : λ_i > βγ}. */
  active: number;
  /** The expected loss per example at the optimum, in nats, with the Gaussian constant ½m·log 2πγ:
   *  ½m·log 2πγ + (β/2)[Σ_{i active} (log(λ_i/s) + 1) + Σ_{i not active} λ_i/s], s = βγ. */
  expectedLoss: number;
}

type Rows = number[][] | { data: ArrayLike<number>; shape: [number, number] };

function toRows(data: Rows): number[][] {
  if (Array.isArray(data)) return data;
  const [n, m] = data.shape;
  return Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => data.data[i * m + j]));
}

function positive(name: string, v: number): number {
  if (!Number.isFinite(v) || v <= 0) throw new Error(`linearVaeOptimum: ${name} must be a finite number > 0, got ${v}`);
  return v;
}

/** The closed-form optimum of a linear β-VAE with diagonal posterior on `data` (rows = examples, float64). */
export function linearVaeOptimum(data: Rows, options: LinearVaeOptions): LinearVaeOptimum {
  const rows = toRows(data);
  const n = rows.length;
  const m = rows[0]?.length ?? 0;
  if (n < 2 || m < 1 || rows.some((r) => r.length !== m || r.some((v) => !Number.isFinite(v)))) {
    throw new Error(`linearVaeOptimum: data must be at least 2 rows of ${m || "equal-length"} finite numbers, got ${n} rows`);
  }
  const latent = options.latent;
  if (!Number.isInteger(latent) || latent < 1) throw new Error(`linearVaeOptimum: latent must be a positive integer, got ${latent}`);
  const gamma = positive("gamma (γ)", options.gamma ?? 1);
  const beta = positive("beta (β)", options.beta ?? 1);
  const s = beta * gamma;
  const bias = Array.from({ length: m }, (_, j) => rows.reduce((acc, r) => acc + r[j], 0) / n);
  const centred = new Matrix(rows.map((r) => r.map((v, j) => v - bias[j])));
  const cov = centred.transpose().mmul(centred).div(n);
  const evd = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((v, i) => [v, i] as [number, number]).sort((a, b) => b[0] - a[0]);
  const eigenvalues = order.map(([v]) => Math.max(v, 0));
  const vectors = order.map(([, i]) => evd.eigenvectorMatrix.getColumn(i));
  const scale = Array.from({ length: latent }, (_, i) => (i < m ? Math.sqrt(Math.max(eigenvalues[i] - s, 0)) : 0));
  const isActive = scale.map((v) => v > 0);
  const decoder = Array.from({ length: m }, (_, j) => scale.map((c, i) => (i < m ? c * vectors[i][j] : 0)));
  const encoder = scale.map((c, i) => (c > 0 ? vectors[i].map((u) => (c / eigenvalues[i]) * u) : new Array(m).fill(0)));
  const variances = scale.map((c, i) => (c > 0 ? s / eigenvalues[i] : 1));
  const active = isActive.filter(Boolean).length;
  const activeTerm = eigenvalues.slice(0, active).reduce((acc, l) => acc + Math.log(l / s) + 1, 0);
  const passiveTerm = eigenvalues.slice(active).reduce((acc, l) => acc + l / s, 0);
  const expectedLoss = 0.5 * m * Math.log(2 * Math.PI * gamma) + 0.5 * beta * (activeTerm + passiveTerm);
  return { latent, gamma, beta, eigenvalues, bias, decoder, encoder, variances, active, expectedLoss };
}

/** μ = A(x − b) for each row of x, and the (constant) posterior variances. */
export function linearVaeEncode(optimum: LinearVaeOptimum, x: number[][]): { mean: number[][]; variance: number[][] } {
  const mean = x.map((row) => optimum.encoder.map((a) => a.reduce((acc, aj, j) => acc + aj * (row[j] - optimum.bias[j]), 0)));
  return { mean, variance: x.map(() => optimum.variances.slice()) };
}
