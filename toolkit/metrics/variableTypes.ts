// Active / mixed / passive variables from the variance representation: thesis §6.4.1 (Proposition 6.3.2, Definition
// 6.3.1) with the α = 0.1 rule (docs/reference-implementations.md, "Variable types"); both tests are measured in
// units of the prior variance (1 for N(0, I), Σ†(u) for an iVAE's conditional prior, thesis chapter 5): an iVAE's
// objective does not change when a latent and its prior are rescaled together (z → cz, Σ† → c²Σ†, decoder weights
// → 1/c), so only σ²/Σ† has a meaning there; with the N(0, I) prior this is the thesis' rule unchanged.
import { MatrixLike, Matrix, columnMeans, columnVariances } from "./matrix";
import { toMatrix, toVector, requireRows, requireSameShape, numberOption, describeValue, finiteResult } from "./validate";

export interface VariableTypes {
  active: number[];
  mixed: number[];
  passive: number[];
  /** m_j: mean over examples of σ²_j (or of σ²_j / prior variance for the passive test when a prior is given). */
  meanVariance: number[];
  /** v_j: variance over examples (ddof 1) of σ²_j. */
  varianceOfVariance: number[];
}

export interface VariableTypesOptions {
  /** Threshold α (default 0.1, thesis §6.4.1). */
  alpha?: number;
  /** Prior variance: a number (default 1), one value per latent, or a matrix of per-example prior variances (iVAE Σ†). */
  priorVariance?: number | readonly number[] | MatrixLike;
}

function priorRatio(variance: Matrix, prior: VariableTypesOptions["priorVariance"]): Matrix {
  if (prior === undefined || typeof prior !== "object" || prior === null) {
    const p = numberOption(prior, "priorVariance", 1, (v) => v > 0, "a positive finite number, one value per latent, or a matrix of prior variances");
    return { ...variance, data: variance.data.map((v) => v / p) };
  }
  const perDim = (Array.isArray(prior) && !Array.isArray(prior[0])) || (ArrayBuffer.isView(prior) && !("shape" in prior));
  const out = new Float64Array(variance.data.length);
  if (perDim) {
    const p = toVector(prior, "priorVariance", variance.cols);
    p.forEach((v, j) => { if (!(v > 0)) throw new Error(`priorVariance[${j}] is ${v}; prior variances must be positive.`); });
    for (let k = 0; k < out.length; k++) out[k] = variance.data[k] / p[k % variance.cols];
  } else {
    const p = toMatrix(prior as MatrixLike, "priorVariance");
    requireSameShape(variance, p, "variance", "priorVariance");
    for (let k = 0; k < out.length; k++) {
      if (!(p.data[k] > 0)) throw new Error(`priorVariance: entry ${k} is ${p.data[k]}; prior variances must be positive.`);
      out[k] = variance.data[k] / p.data[k];
    }
  }
  return { rows: variance.rows, cols: variance.cols, data: out };
}

/**
 * Classifies each latent from the variance representation σ² (rows = examples, columns = latents).
 * With r = σ² / prior variance: active when Var(r_j) < α and mean(r_j) ≤ α, passive when Var(r_j) < α and
 * |mean(r_j) − 1| ≤ α (with the N(0, I) prior r = σ², the thesis' rule).
 * Mixed: everything else. Defaults α = 0.1, prior variance 1 (thesis §6.4.1).
 */
export function variableTypes(variance: MatrixLike, options: VariableTypesOptions = {}): VariableTypes {
  const alpha = numberOption(options.alpha, "alpha", 0.1, (v) => v >= 0, "a finite number ≥ 0");
  const s = toMatrix(variance, "variance");
  requireRows(s, 2, "variance", "the variance over examples of each latent");
  for (let k = 0; k < s.data.length; k++) {
    if (s.data[k] < 0) throw new Error(`variance: entry ${k} is ${s.data[k]}; pass variances σ² = exp(log σ²), not log-variances or means.`);
  }
  const overflow = (stat: string) => (x: number, j: number) => finiteResult(x, `variance: the ${stat} of latent ${j}`, "the variances are too large to square in float64; pass variances σ², not something scaled up.");
  const m = columnMeans(s).map(overflow("mean"));
  const v = columnVariances(s, 1).map(overflow("variance over examples"));
  const r = priorRatio(s, options.priorVariance);
  const mr = columnMeans(r).map(overflow("mean ratio to the prior variance"));
  const vr = columnVariances(r, 1).map(overflow("variance of the ratio to the prior variance"));
  const out: VariableTypes = { active: [], mixed: [], passive: [], meanVariance: Array.from(m), varianceOfVariance: Array.from(v) };
  for (let j = 0; j < s.cols; j++) {
    if (vr[j] < alpha && mr[j] <= alpha) out.active.push(j);
    else if (vr[j] < alpha && Math.abs(mr[j] - 1) <= alpha) out.passive.push(j);
    else out.mixed.push(j);
  }
  return out;
}

export interface VariableTypesSweepRow { alpha: number; active: number; mixed: number; passive: number; }

/** Sensitivity of the classification to α: counts per type for each α (default 0.01, 0.02, 0.05, 0.1, 0.2, 0.3). */
export function variableTypesSweep(
  variance: MatrixLike,
  alphas: readonly number[] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3],
  options: Omit<VariableTypesOptions, "alpha"> = {},
): VariableTypesSweepRow[] {
  if (!Array.isArray(alphas)) throw new Error(`alphas: expected an array of thresholds, got ${describeValue(alphas)}.`);
  const s = toMatrix(variance, "variance");
  const asLike = { data: s.data, shape: [s.rows, s.cols] as [number, number] };
  return alphas.map((alpha) => {
    const t = variableTypes(asLike, { ...options, alpha });
    return { alpha, active: t.active.length, mixed: t.mixed.length, passive: t.passive.length };
  });
}

export type VariableType = "active" | "mixed" | "passive";

/** The sorted column indices of the chosen types, e.g. typeColumns(t, ["active", "mixed"]) for "no passive". */
export function typeColumns(types: VariableTypes, which: readonly VariableType[]): number[] {
  if (!Array.isArray(which)) throw new Error(`which: expected an array of "active", "mixed" or "passive", got ${describeValue(which)}.`);
  for (const w of which as unknown[]) {
    if ((w !== "active" && w !== "mixed" && w !== "passive") || !Array.isArray(types?.[w])) {
      throw new Error(`which: ${describeValue(w)} is not a variable type of \`types\`; expected "active", "mixed" or "passive" and the result of variableTypes.`);
    }
  }
  return (which as readonly VariableType[]).flatMap((w) => types[w]).sort((a, b) => a - b);
}
