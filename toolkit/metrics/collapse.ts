// Posterior collapse scores for a Gaussian encoder q(z|x) = N(μ(x), diag σ²(x)) against the N(0, I) prior:
// per-dimension KL (thesis Eq. 2.18 / §4.1 closed form), Lucas et al. (2019) ε-δ collapse, Burda et al. (2016)
// active units, and Rolinek et al. (2019) polarised-regime check (§5.2, Eqs. 10 and 30).
import { MatrixLike, Matrix, columnVariances } from "./matrix";
import { toMatrix, requireRows, requireSameShape, finiteResult, numberOption } from "./validate";

function meanAndLogvar(mean: MatrixLike, logvar: MatrixLike): { mu: Matrix; lv: Matrix } {
  const mu = toMatrix(mean, "mean");
  const lv = toMatrix(logvar, "logvar");
  requireSameShape(mu, lv, "mean", "logvar");
  return { mu, lv };
}

/** KL(N(μ, σ²) ‖ N(0, 1)) = ½(μ² + σ² − log σ² − 1) for every example and latent (nats), row-major. */
function klMatrix(mu: Matrix, lv: Matrix): Float64Array {
  const out = new Float64Array(mu.data.length);
  for (let k = 0; k < out.length; k++) {
    const m = mu.data[k];
    const l = lv.data[k];
    out[k] = 0.5 * (m * m + Math.exp(l) - l - 1);
  }
  return out;
}

/** Mean over examples of the closed-form KL of each latent to N(0, 1), in nats (one value per latent). */
export function klPerDimension(mean: MatrixLike, logvar: MatrixLike): number[] {
  const { mu, lv } = meanAndLogvar(mean, logvar);
  const kl = klMatrix(mu, lv);
  const out = new Array<number>(mu.cols).fill(0);
  for (let k = 0; k < kl.length; k++) out[k % mu.cols] += kl[k];
  return out.map((s, j) => finiteResult(s / mu.rows, `mean and logvar: the KL of latent ${j}`, "the means are too large to square or logvar overflows exp (|log σ²| > 700); check the encoder."));
}

export interface CollapsedUnits { collapsed: number[]; rate: number; fractionBelowEpsilon: number[]; }

/**
 * Lucas et al. (2019): latent i is (ε, δ)-collapsed when P_x[KL_i(x) < ε] ≥ 1 − δ.
 * Defaults ε = 0.01 nats, δ = 0.01. `rate` = collapsed count / latent count.
 */
export function collapsedUnits(mean: MatrixLike, logvar: MatrixLike, options: { epsilon?: number; delta?: number } = {}): CollapsedUnits {
  const epsilon = numberOption(options.epsilon, "epsilon", 0.01, (v) => v > 0, "a positive KL threshold in nats");
  const delta = numberOption(options.delta, "delta", 0.01, (v) => v >= 0 && v < 1, "a probability in [0, 1)");
  const { mu, lv } = meanAndLogvar(mean, logvar);
  const kl = klMatrix(mu, lv);
  kl.forEach((v, k) => finiteResult(v, `mean and logvar: the KL of example ${Math.floor(k / mu.cols)}, latent ${k % mu.cols}`, "the means are too large to square or logvar overflows exp (|log σ²| > 700); check the encoder."));
  const below = new Array<number>(mu.cols).fill(0);
  for (let k = 0; k < kl.length; k++) if (kl[k] < epsilon) below[k % mu.cols]++;
  const fraction = below.map((b) => b / mu.rows);
  const collapsed = fraction.flatMap((f, j) => (f >= 1 - delta ? [j] : []));
  return { collapsed, rate: collapsed.length / mu.cols, fractionBelowEpsilon: fraction };
}

export interface ActiveUnits { active: number[]; count: number; variances: number[]; }

/** Burda et al. (2016): unit i is active when Var_x(E_q[z_i]) = Var_x(μ_i) > threshold (default 0.01; population variance). */
export function activeUnits(mean: MatrixLike, options: { threshold?: number } = {}): ActiveUnits {
  const threshold = numberOption(options.threshold, "threshold", 0.01, (v) => v >= 0, "a variance threshold ≥ 0");
  const mu = toMatrix(mean, "mean");
  requireRows(mu, 2, "mean", "the variance over examples of each latent mean");
  const variances = Array.from(columnVariances(mu, 0), (v, j) => finiteResult(v, `mean: the variance of latent ${j}`, "the means are too large to square in float64; rescale them."));
  const active = variances.flatMap((v, j) => (v > threshold ? [j] : []));
  return { active, count: active.length, variances };
}

export interface PolarisedRegime {
  active: number[];
  passive: number[];
  /** L_KL: the exact KL term summed over latents, averaged over examples (nats). */
  klExact: number;
  /** L≈KL: ½ Σ_{j ∈ V_a}(μ_j² − log σ_j² − 1), averaged over examples (Rolinek Eq. 10). */
  klApprox: number;
  /** Δ_KL = |L_KL − L≈KL| / L_KL (Rolinek Eq. 30). */
  deltaKL: number;
  /** Δ_KL below the paper's 3 % criterion. */
  polarised: boolean;
}

/** Rolinek et al. §5.2: active latents have √Var_x(μ_j) > threshold (default 0.5); Δ_KL measures how well the polarised approximation holds. */
export function polarisedRegime(mean: MatrixLike, logvar: MatrixLike, options: { threshold?: number; tolerance?: number } = {}): PolarisedRegime {
  const threshold = numberOption(options.threshold, "threshold", 0.5, (v) => v >= 0, "a standard-deviation threshold ≥ 0");
  const tolerance = numberOption(options.tolerance, "tolerance", 0.03, (v) => v > 0, "a positive relative error");
  const { mu, lv } = meanAndLogvar(mean, logvar);
  requireRows(mu, 2, "mean", "the variance over examples of each latent mean");
  const sd = columnVariances(mu, 1).map(Math.sqrt);
  const isActive = Array.from(sd, (s) => s > threshold);
  let exact = 0;
  let approx = 0;
  for (let k = 0; k < mu.data.length; k++) {
    const m = mu.data[k];
    const l = lv.data[k];
    exact += 0.5 * (m * m + Math.exp(l) - l - 1);
    if (isActive[k % mu.cols]) approx += 0.5 * (m * m - l - 1);
  }
  exact = finiteResult(exact / mu.rows, "polarisedRegime: the KL term of mean and logvar", "the means are too large to square or logvar overflows exp (|log σ²| > 700); check the encoder.");
  approx /= mu.rows;
  if (!(exact > 0)) throw new Error(`polarisedRegime: the KL term is ${exact}, so Δ_KL (a relative error) is undefined; the posterior equals the prior everywhere (total collapse).`);
  const deltaKL = finiteResult(Math.abs(exact - approx) / exact, "Δ_KL", "check logvar for overflow.");
  return {
    active: isActive.flatMap((a, j) => (a ? [j] : [])),
    passive: isActive.flatMap((a, j) => (a ? [] : [j])),
    klExact: exact,
    klApprox: approx,
    deltaKL,
    polarised: deltaKL < tolerance,
  };
}
