// The papers' claims checked on one run's numbers, as values. A claim names its place in a paper and
// the statement there, the quantity this run measured (estimate with its 95 % interval over seeds or
// by bootstrap), the threshold it is compared with and where that threshold comes from (quoted from the
// paper, derived from the spread over seeds, or a noise floor of the same estimator on null data), and
// a verdict that is computed, never asserted: "held" only when the whole interval lies on the claimed
// side of the threshold. Claims on models that did not learn are "not testable"; a claim over many
// models is computed on those that learned and names the ones it left out (learnedSubset). The schema is
// documented in docs/claims.md; a notebook's ClaimLog writes NN-name.claims.json in its working
// directory after every claim (temporary file, then rename), which `polarlab main` gathers.
import * as fs from "node:fs";
import { writeFileAtomic } from "../runtime/files";
import { Rng } from "../compute/rng";

export type Comparison = ">" | "<";
export type Verdict = "held" | "did not hold" | "not testable";

/**
 * Where a threshold comes from. `paper`: the paper states it (quote the words); `seeds`: it is a
 * statement about the interval over seeds (e.g. a difference whose interval must exclude 0, the
 * threshold being 0); `null`: a noise floor measured by the same estimator on matched null data (say
 * which data: independent Gaussians of the same n, d and bins; permuted rows; …).
 */
export type ThresholdSource =
  | { kind: "paper"; quote: string }
  | { kind: "seeds"; how: string }
  | { kind: "null"; how: string };

export interface Threshold {
  comparison: Comparison;
  value: number;
  source: ThresholdSource;
}

/** A measured quantity: its value and, where there is one, its 95 % interval. */
export interface Estimate {
  value: number;
  /** The 95 % interval: Student-t over seeds, percentile bootstrap, or absent for a single number. */
  interval: [number, number] | null;
  method: "seeds" | "bootstrap" | "single";
  /** Seeds (method "seeds"), resampled units (method "bootstrap") or 1. */
  n: number;
}

/** What a claim is: which paper, where in it, what it says and what this run measures for it. */
export interface ClaimSpec {
  /** Stable id, "study.finding" in lower case (e.g. "vgon.kl-falls-with-beta"). */
  id: string;
  /** The paper, e.g. "Bonheme (thesis)". */
  paper: string;
  /** Figure / table / theorem / equation and section, e.g. "§6.4.2, Fig. 6.4". */
  place: string;
  /** The statement, quoted or closely paraphrased. */
  statement: string;
  /** The quantity measured, with its unit. */
  quantity: string;
}

/** A condition a claim depends on (the models learned, there are passive variables, enough seeds). */
export interface Gate {
  ok: boolean;
  /** Why the claim cannot be tested when `ok` is false, e.g. "model did not learn: …". */
  reason: string;
}

export interface Claim extends ClaimSpec {
  notebook: string;
  scale: string;
  estimate: Estimate | null;
  threshold: Threshold;
  verdict: Verdict;
  /** Why it did not hold or could not be tested; empty when it held. */
  reason: string;
  /** Further numbers for a reader (per-seed values, estimator bias, the null level). */
  evidence: string;
}

export interface ClaimInput extends ClaimSpec {
  estimate: Estimate | null;
  threshold: Threshold;
  /** Conditions checked before the verdict; the first that fails makes the claim not testable. */
  gates?: Gate[];
  evidence?: string;
  /** Why this run could not measure the quantity, when `estimate` is null. */
  untestable?: string;
  /**
   * For a claim over many models: the learned subset its estimate was computed on (learnedSubset).
   * Its gate is checked after `gates`, and what it left out is stated at the head of the evidence.
   */
  learned?: LearnedSubset<unknown>;
}

const ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const KINDS = ["paper", "seeds", "null"] as const;

function nonEmpty(value: unknown, what: string, id: string): void {
  if (typeof value !== "string" || value.trim() === "") throw new Error(`claim ${id}: ${what} is ${JSON.stringify(value)}; expected a non-empty string`);
}

/**
 * Checks a claim against the schema: a stable id, the paper and place, a statement and quantity, a
 * finite threshold with a known source that says where it comes from, a finite estimate whose interval
 * contains it, and a reason whenever it did not hold. Throws an error naming the field otherwise.
 */
export function validateClaim(claim: Claim): void {
  const id = JSON.stringify(claim.id);
  if (!ID.test(claim.id ?? "")) throw new Error(`claim id ${id}: expected lower-case words joined by "." or "-", e.g. "vgon.kl-falls-with-beta"`);
  for (const field of ["paper", "place", "statement", "quantity", "notebook", "scale"] as const) nonEmpty(claim[field], field, id);
  const t = claim.threshold;
  if (!t || typeof t !== "object") throw new Error(`claim ${id}: threshold is ${JSON.stringify(t)}; expected { comparison, value, source }`);
  if (t.comparison !== ">" && t.comparison !== "<") throw new Error(`claim ${id}: threshold.comparison is ${JSON.stringify(t.comparison)}; expected ">" or "<"`);
  if (typeof t.value !== "number" || !Number.isFinite(t.value)) throw new Error(`claim ${id}: threshold.value is ${t.value}; expected a finite number`);
  const source = t.source as ThresholdSource | undefined;
  if (!source || !(KINDS as readonly string[]).includes(source.kind)) {
    throw new Error(`claim ${id}: threshold.source is ${JSON.stringify(source)}; every threshold needs a source: { kind: "paper", quote } | { kind: "seeds", how } | { kind: "null", how }`);
  }
  nonEmpty(source.kind === "paper" ? source.quote : source.how, `threshold.source.${source.kind === "paper" ? "quote" : "how"}`, id);
  const e = claim.estimate;
  if (e !== null) {
    if (typeof e.value !== "number" || !Number.isFinite(e.value)) throw new Error(`claim ${id}: estimate.value is ${e.value}; expected a finite number`);
    if (e.interval !== null) {
      const [lo, hi] = e.interval;
      if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= e.value && e.value <= hi)) {
        throw new Error(`claim ${id}: estimate.interval [${lo}, ${hi}] must be finite and contain the estimate ${e.value}`);
      }
    }
  }
  if (!["held", "did not hold", "not testable"].includes(claim.verdict)) throw new Error(`claim ${id}: verdict ${JSON.stringify(claim.verdict)}; expected held, did not hold or not testable`);
  if (claim.verdict !== "held") nonEmpty(claim.reason, "reason", id);
  if (claim.verdict !== "not testable" && e === null) throw new Error(`claim ${id}: verdict ${claim.verdict} without an estimate`);
}

/** The side of the threshold the estimate lies on: the whole interval where there is one. */
function decide(estimate: Estimate, threshold: Threshold): { held: boolean; reason: string } {
  const [lo, hi] = estimate.interval ?? [estimate.value, estimate.value];
  const held = threshold.comparison === ">" ? lo > threshold.value : hi < threshold.value;
  if (held) return { held, reason: "" };
  const what = estimate.interval ? `the 95 % interval [${formatNumber(lo)}, ${formatNumber(hi)}]` : `the estimate ${formatNumber(estimate.value)}`;
  const side = threshold.comparison === ">" ? "above" : "below";
  return { held, reason: `${what} does not lie ${side} ${formatNumber(threshold.value)}` };
}

/** The one-line form printed for people: "HELD · id — statement (place): estimate vs threshold". */
export function claimLine(c: Claim): string {
  const status = c.verdict === "held" ? "HELD" : c.verdict === "did not hold" ? "DID NOT HOLD" : "NOT TESTABLE";
  const est = c.estimate ? formatEstimate(c.estimate) : "not measured";
  const why = c.reason ? ` — ${c.reason}` : "";
  return `${status} · ${c.id} — ${c.statement} (${c.place}): ${c.quantity} = ${est}, claimed ${c.threshold.comparison} ${formatNumber(c.threshold.value)} (${c.threshold.source.kind})${why}`;
}

export function formatEstimate(e: Estimate): string {
  const interval = e.interval ? ` [${formatNumber(e.interval[0])}, ${formatNumber(e.interval[1])}]` : "";
  const how = e.method === "seeds" ? `, ${e.n} seeds` : e.method === "bootstrap" ? `, bootstrap over ${e.n}` : "";
  return `${formatNumber(e.value)}${interval}${how}`;
}

/** The claims a notebook's run checked, in order, saved to NN-name.claims.json after each one. */
export interface ClaimFile {
  notebook: string;
  scale: string;
  /** ISO time the log was created: the run that computed these claims. */
  started: string;
  claims: Claim[];
}

export class ClaimLog {
  readonly claims: Claim[] = [];
  private readonly started = new Date().toISOString();

  /**
   * `notebook` is the notebook's name (NN-name); `file` where the log is saved (default
   * NN-name.claims.json in the working directory; null keeps it in memory).
   */
  constructor(
    readonly notebook: string,
    readonly scale: string,
    readonly file: string | null = `${notebook}.claims.json`,
  ) {
    nonEmpty(notebook, "notebook", "log");
    nonEmpty(scale, "scale", "log");
    if (file !== null) this.save();
  }

  /** Computes the claim's verdict from its estimate, threshold and gates, records, prints and saves it. */
  check(input: ClaimInput): Claim {
    if (this.claims.some((c) => c.id === input.id)) throw new Error(`claim ${input.id}: recorded twice in ${this.notebook}; ids must be unique`);
    const failedGate = [...(input.gates ?? []), ...(input.learned ? [input.learned.gate] : [])].find((g) => !g.ok);
    let verdict: Verdict;
    let reason: string;
    if (failedGate) [verdict, reason] = ["not testable", failedGate.reason];
    else if (input.estimate === null) [verdict, reason] = ["not testable", input.untestable ?? ""];
    else {
      const d = decide(input.estimate, input.threshold);
      [verdict, reason] = [d.held ? "held" : "did not hold", d.reason];
    }
    const claim: Claim = {
      id: input.id, paper: input.paper, place: input.place, statement: input.statement, quantity: input.quantity,
      notebook: this.notebook, scale: this.scale,
      estimate: input.estimate, threshold: input.threshold, verdict, reason,
      evidence: [input.learned?.note ?? "", input.evidence ?? ""].filter((e) => e !== "").join("; "),
    };
    validateClaim(claim);
    this.claims.push(claim);
    console.log(claimLine(claim) + (claim.evidence ? ` [${claim.evidence}]` : ""));
    if (this.file !== null) this.save();
    return claim;
  }

  /** "N of M claims held at S scale (K not testable)". */
  summary(): string {
    const held = this.claims.filter((c) => c.verdict === "held").length;
    const untested = this.claims.filter((c) => c.verdict === "not testable").length;
    return `${held} of ${this.claims.length} claims held at ${this.scale} scale (${untested} not testable)`;
  }

  toJSON(): ClaimFile {
    return { notebook: this.notebook, scale: this.scale, started: this.started, claims: this.claims };
  }

  private save(): void {
    writeFileAtomic(this.file as string, JSON.stringify(this.toJSON(), null, 1) + "\n");
  }
}

/**
 * Relative margin of the learned-model gate: a model learned to encode when its reconstruction loss is
 * at least 10 % below its baseline. A fully collapsed model cannot beat the mean image in expectation
 * (metrics/meanImage.ts), and one sample of z over a probe of hundreds of examples varies its
 * reconstruction by far less than 10 %, so a model within the margin is not clearly better than a
 * constant.
 */
export const LEARNED_MARGIN = 0.1;

/** Whether a reconstruction loss (nats, lower is better) beats a baseline's by the learned margin. */
export function beatsBaseline(reconstruction: number, baseline: number): boolean {
  return reconstruction < (1 - LEARNED_MARGIN) * baseline;
}

/** A trained model's reconstruction loss beside its baseline (nats, lower is better), named for a reader. */
export interface LearnerRecord {
  label: string;
  reconstruction: number;
  baseline: number;
  baselineName: string;
}

/** "label: 138.8 vs 137.9 nats (mean image); …" for models that did not learn. */
function describeUnlearned(models: readonly LearnerRecord[]): string {
  return models.map((m) => `${m.label}: ${formatNumber(m.reconstruction, 1)} vs ${formatNumber(m.baseline, 1)} nats (${m.baselineName})`).join("; ");
}

const NOT_LEARNED = `reconstruction not ${100 * LEARNED_MARGIN} % below the baseline`;

/**
 * The learned-model gate: every model's reconstruction loss (nats, lower is better) must beat its
 * baseline — the best constant predictor (the mean image of the data, same likelihood) or the model's
 * own fully collapsed run — by the learned margin. A model that does not clearly beat a constant has
 * not learned to encode, and no claim about its latent space is evidence. For a claim about one model
 * (or one that needs every model it names); a claim over many models uses learnedSubset.
 */
export function learnedGate(models: readonly LearnerRecord[]): Gate {
  if (models.length === 0) return { ok: false, reason: "no trained model to test" };
  const failed = models.filter((m) => !beatsBaseline(m.reconstruction, m.baseline));
  if (failed.length === 0) return { ok: true, reason: "" };
  return { ok: false, reason: `model did not learn: ${NOT_LEARNED} (${describeUnlearned(failed)})` };
}

/** The units of a claim over many models whose models all learned, what was left out, and whether enough remain. */
export interface LearnedSubset<T> {
  /** The units every model of which learned, in their order. */
  kept: T[];
  /** The units left out, each with its models that did not learn. */
  excluded: { unit: T; unlearned: LearnerRecord[] }[];
  /** Fails when fewer than the claim's minimum units remain (or there were none). */
  gate: Gate;
  /** The statement of what was left out and why ("" when nothing was); ClaimLog puts it in the evidence. */
  note: string;
}

/**
 * The learned subset of a claim over many units (models, seeds, seed pairs, (family, seed) grids):
 * a unit is kept when every model it rests on (`models(unit)`) beats its baseline by the learned
 * margin, and left out otherwise — never replaced by another model, since the claim's meaning may
 * need exactly that one. `what` names the units in the plural ("models", "seed pairs"); `min` is the
 * fewest kept units the claim's statistic needs (≥ 1). The note names every model that did not learn
 * and counts the units left out; the gate fails, with the same account, when fewer than `min` remain.
 */
export function learnedSubset<T>(units: readonly T[], models: (unit: T) => readonly LearnerRecord[], options: { what: string; min: number }): LearnedSubset<T> {
  const { what, min } = options;
  nonEmpty(what, "what", "learnedSubset");
  if (!Number.isInteger(min) || min < 1) throw new Error(`learnedSubset: min is ${min}; expected an integer ≥ 1`);
  const kept: T[] = [];
  const excluded: { unit: T; unlearned: LearnerRecord[] }[] = [];
  for (const unit of units) {
    const unlearned = models(unit).filter((m) => !beatsBaseline(m.reconstruction, m.baseline));
    if (unlearned.length) excluded.push({ unit, unlearned });
    else kept.push(unit);
  }
  // Each model once, however many units rest on it (a model checked against two baselines twice).
  const named = [...new Map(excluded.flatMap((e) => e.unlearned).map((m) => [`${m.label}|${m.baselineName}`, m])).values()];
  const note = excluded.length
    ? `${excluded.length} of ${units.length} ${what} left out: model did not learn (${NOT_LEARNED}: ${describeUnlearned(named)}); computed on the other ${kept.length}`
    : "";
  const enough = kept.length >= min;
  const reason = enough ? ""
    : units.length === 0 ? `no ${what} to test`
    : excluded.length === 0 ? `too few ${what}: ${units.length} at this scale; the claim needs ≥ ${min}`
    : `too few ${what} left: ${kept.length} of ${units.length} after leaving out those whose model did not learn (${NOT_LEARNED}: ${describeUnlearned(named)}); the claim needs ≥ ${min}`;
  return { kept, excluded, gate: { ok: enough, reason }, note };
}

/** A gate on the number of seeds: intervals over fewer than `min` seeds are not trusted. */
export function seedsGate(seeds: number, min = 3): Gate {
  return seeds >= min ? { ok: true, reason: "" } : { ok: false, reason: `too few seeds: ${seeds} at this scale, the claim needs ≥ ${min} for an interval over seeds` };
}

/** Reads and validates a notebook's claims file; errors name the file. */
export function readClaimFile(file: string): ClaimFile {
  let parsed: ClaimFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8")) as ClaimFile;
  } catch (e) {
    throw new Error(`${file}: cannot read it as a claims file (${(e as Error).message})`);
  }
  if (!parsed || !Array.isArray(parsed.claims)) throw new Error(`${file}: expected { notebook, scale, started, claims: [...] }`);
  for (const c of parsed.claims) {
    try {
      validateClaim(c);
    } catch (e) {
      throw new Error(`${file}: ${(e as Error).message}`);
    }
  }
  return parsed;
}

// Two-sided 95 % quantiles of Student's t for 1–30 degrees of freedom (scipy.stats.t.ppf(0.975, df)).
const T975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
  2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
  2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272,
];

function finiteValues(values: readonly number[], what: string): number[] {
  values.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${what}[${i}] is ${v}; expected a finite number`);
  });
  return [...values];
}

/**
 * The mean over seeds with its 95 % Student-t interval (mean ± t₀.₉₇₅,ₙ₋₁ · sd / √n). One value gives
 * the value alone (method "single", no interval); an interval needs at least 2 seeds and is trusted
 * from 3 (ClaimInput gates can require that).
 */
export function seedEstimate(values: readonly number[]): Estimate {
  const xs = finiteValues(values, "values");
  if (xs.length === 0) throw new Error("values: no seeds; expected at least one value");
  const m = mean(xs);
  if (xs.length === 1) return { value: m, interval: null, method: "single", n: 1 };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
  const df = xs.length - 1;
  const half = (df <= 30 ? T975[df - 1] : 1.96) * sd / Math.sqrt(xs.length);
  return { value: m, interval: [m - half, m + half], method: "seeds", n: xs.length };
}

/**
 * A statistic of units (rows, latents, pairs) with its 95 % percentile-bootstrap interval (`resamples`
 * draws of the units with replacement, seeded). For one seed where the units are the source of noise.
 */
export function bootstrapEstimate<T>(units: readonly T[], statistic: (sample: T[]) => number, options: { resamples?: number; seed?: number } = {}): Estimate {
  const { resamples = 1000, seed = 0 } = options;
  if (units.length < 2) throw new Error(`units: ${units.length} given; a bootstrap needs at least 2`);
  const value = statistic([...units]);
  if (!Number.isFinite(value)) throw new Error(`statistic of the units is ${value}; expected a finite number`);
  const rng = new Rng(seed);
  const draws: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const sample = Array.from({ length: units.length }, () => units[rng.int(units.length)]);
    const s = statistic(sample);
    if (Number.isFinite(s)) draws.push(s);
  }
  draws.sort((a, b) => a - b);
  const lo = Math.min(value, quantile(draws, 0.025));
  const hi = Math.max(value, quantile(draws, 0.975));
  return { value, interval: [lo, hi], method: "bootstrap", n: units.length };
}

/** The estimate of one number with no interval (a closed form, a deterministic computation). */
export function singleEstimate(value: number): Estimate {
  if (!Number.isFinite(value)) throw new Error(`value is ${value}; expected a finite number`);
  return { value, interval: null, method: "single", n: 1 };
}

/** The q-quantile of sorted values (linear interpolation, numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error("quantile of no values");
  const at = q * (sorted.length - 1);
  const i = Math.floor(at);
  return i + 1 < sorted.length ? sorted[i] + (at - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/**
 * A noise floor: the `q`-quantile (default 0.95) of an estimator over `repeats` draws of null data
 * (`draw(seed)` gives the estimator's value on one null draw, e.g. independent Gaussians of the same
 * shape, or the same matrices with permuted rows).
 */
export function nullLevel(draw: (seed: number) => number, options: { repeats?: number; q?: number } = {}): number {
  const { repeats = 20, q = 0.95 } = options;
  const values = Array.from({ length: repeats }, (_, seed) => draw(seed));
  finiteValues(values, "null draws");
  return quantile(values.sort((a, b) => a - b), q);
}

/** x with `digits` decimals (in exponent form when that would show 0 for a non-zero x), or "n/a" for a missing or non-finite number. */
export function formatNumber(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "n/a";
  return x !== 0 && Math.abs(x) < 0.5 * 10 ** -digits ? x.toExponential(1) : x.toFixed(digits);
}

/** The mean of xs (0 for none). */
export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

/** The mean of the finite numbers among xs, or null when there are none. */
export function meanDefined(xs: (number | null)[]): number | null {
  const finite = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return finite.length ? mean(finite) : null;
}
