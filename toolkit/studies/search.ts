// FONDUE's search over the number of latent dimensions, as a generic algorithm over an asynchronous
// score: thesis §8.3, Algorithm 1 (FONDUE) with the memoised GET-MEM of Algorithm 2 (the same loop
// serves FONDUE_IB, Algorithms 3–4, and FONDUE_IDE, Algorithms 5–6), and the supervised binary
// searches IB / BS_FONDUE of Appendix D.3, Algorithms 7–8. Training lives in the `evaluate` callback.
import { nextTurn } from "../compute/turn";

/** What one evaluation of n returns: the two scores compared by the search (plus anything else). */
export interface Evaluation {
  /** Score of the sampled representation: Tr Cov[z], IDE(z) or H(z) (FONDUE_IB). */
  scoreSampled: number;
  /** Score of the mean representation: Tr Cov[μ], IDE(μ) or I(x; x̂) (FONDUE_IB). */
  scoreMean: number;
  /** Seconds the evaluation took when it ran (kept by caches, so a resumed trace still shows it). */
  seconds?: number;
  [extra: string]: unknown;
}

/** Trains a fresh model with n latent dimensions and scores it. */
export type Evaluate = (n: number, signal?: AbortSignal) => Promise<Evaluation>;

/** GET-MEM's memory m (Algorithm 2): in memory by default, on disk for resumable runs. */
export interface EvaluationMemo {
  get(n: number): Evaluation | undefined | Promise<Evaluation | undefined>;
  set(n: number, evaluation: Evaluation): void | Promise<void>;
}

/** One iteration of the loop: the n tried, its scores, the decision and the bounds after it. */
export interface SearchStep {
  iteration: number;
  n: number;
  scoreSampled: number;
  scoreMean: number;
  /** scoreSampled − scoreMean, compared with the threshold. */
  difference: number;
  /** "accept": difference ≤ t, so l ← n (search higher); "reject": u ← n (search lower). */
  decision: "accept" | "reject";
  lower: number;
  /** The upper bound after this step; null while it is still ∞. */
  upper: number | null;
  /** The n the algorithm moves to next (equal to `lower` on the last step of Algorithm 1). */
  next: number;
  /** Seconds the evaluation took when it ran (0 if it never reported a time). */
  seconds: number;
  /** true when the evaluation came from the memo (this run or a cached earlier one). */
  cached: boolean;
}

export interface SearchResult {
  /** The chosen number of dimensions (0 when even n = 1 exceeds the threshold). */
  n: number;
  trace: SearchStep[];
  /** Evaluations actually run (not memoised) during this call. */
  evaluated: number;
  /** true when the upward doubling stopped at `maxN` rather than at a rejected n. */
  capped: boolean;
}

export interface SearchOptions {
  /** t: accept n when scoreSampled − scoreMean ≤ t. FONDUE: 1; FONDUE_IB: −0.01. */
  threshold: number;
  memo?: EvaluationMemo;
  signal?: AbortSignal;
  /** Called after every step (progress display, logging). */
  onStep?: (step: SearchStep) => void;
}

export interface FondueSearchOptions extends SearchOptions {
  /**
   * Largest n tried. Algorithm 1 has u = ∞ and doubles n until a rejection; a score that never
   * exceeds t would loop forever, so the doubling stops here (default 1024) and `capped` is set.
   */
  maxN?: number;
}

/** An in-memory GET-MEM memory. */
export function memoryMemo(): EvaluationMemo {
  const map = new Map<number, Evaluation>();
  return { get: (n) => map.get(n), set: (n, e) => void map.set(n, e) };
}

/**
 * Floors a score to `decimals` decimals, as the reference does (vae_ld utils.truncate:
 * floor(x · 10^d) / 10^d). FONDUE's trace uses 3 decimals per covariance diagonal entry, FONDUE_IB 2.
 */
export function truncateScore(x: number, decimals: number): number {
  if (!Number.isInteger(decimals) || decimals < 0) {
    throw new RangeError(`truncateScore: decimals must be a non-negative integer, got ${decimals}`);
  }
  const scale = 10 ** decimals;
  const v = x * scale;
  // The nudge keeps values such as 1.001 (stored as 1.000999…) at 1.001, not 1.000 (either sign).
  return Math.floor(v + Math.max(1, Math.abs(v)) * 1e-12) / scale;
}

/**
 * Algorithm 1 (FONDUE): l = 0, u = ∞, p = n₀; while p ≠ l: d = score(sampled) − score(mean) (GET-MEM,
 * memoised per p); if d ≤ t then l = p, p = min(2p, u) else u = p, p = ⌊(l + u)/2⌋. Returns the
 * largest n with d ≤ t (Theorem 8.3.3) when d is monotone in n.
 * The reference (vae_ld fondue.py) adds 0.1 to a threshold of exactly 0; this does not: pass t.
 */
export async function fondueSearch(
  initial: number,
  evaluate: Evaluate,
  options: FondueSearchOptions,
): Promise<SearchResult> {
  checkDimension("initial", initial, 1);
  checkThreshold(options.threshold);
  const maxN = options.maxN ?? 1024;
  checkDimension("maxN", maxN, 1);
  if (initial > maxN) {
    throw new RangeError(`fondueSearch: initial (${initial}) must not exceed maxN (${maxN})`);
  }
  const run = new Runner(evaluate, options);
  let lower = 0;
  let upper = Infinity;
  let p = initial;
  while (p !== lower) {
    const { evaluation, cached, difference } = await run.get(p);
    const accept = difference <= options.threshold;
    if (accept) {
      lower = p;
      p = Math.min(2 * p, upper, maxN);
    } else {
      upper = p;
      p = Math.floor((lower + upper) / 2);
    }
    run.record(p, evaluation, difference, accept, lower, upper, cached);
  }
  return run.result(p, lower === maxN && upper === Infinity);
}

/**
 * Algorithms 7 (IB) and 8 (BS_FONDUE): binary search over [l, u] supplied by the user (the thesis
 * uses l = 1, u = 200): while l < u: n = ⌊(l + u)/2⌋; if d ≤ t then l = n + 1 else u = n; return l − 1.
 * IB is this search with the FONDUE_IB score (t = −0.01); BS_FONDUE with the trace score (t = 1).
 */
export async function binarySearch(
  lower: number,
  upper: number,
  evaluate: Evaluate,
  options: SearchOptions,
): Promise<SearchResult> {
  checkDimension("lower", lower, 1);
  checkDimension("upper", upper, lower);
  checkThreshold(options.threshold);
  const run = new Runner(evaluate, options);
  let l = lower;
  let u = upper;
  while (l < u) {
    const n = Math.floor((l + u) / 2);
    const { evaluation, cached, difference } = await run.get(n);
    const accept = difference <= options.threshold;
    if (accept) l = n + 1;
    else u = n;
    run.record(Math.floor((l + u) / 2), evaluation, difference, accept, l, u, cached, n);
  }
  return run.result(l - 1, false);
}

/** The memoised evaluation loop shared by both searches: GET-MEM (Algorithm 2) plus the trace. */
class Runner {
  private readonly memo: EvaluationMemo;
  private readonly trace: SearchStep[] = [];
  private evaluated = 0;
  private current = 0;

  constructor(
    private readonly evaluate: Evaluate,
    private readonly options: SearchOptions,
  ) {
    this.memo = options.memo ?? memoryMemo();
  }

  async get(n: number): Promise<{ evaluation: Evaluation; cached: boolean; difference: number }> {
    const { signal } = this.options;
    signal?.throwIfAborted();
    // Yield so that an interrupt (or a progress redraw) gets a turn between trainings.
    await nextTurn(signal);
    signal?.throwIfAborted();
    this.current = n;
    let evaluation = await this.memo.get(n);
    const cached = evaluation !== undefined;
    if (evaluation === undefined) {
      const started = performance.now();
      evaluation = await this.evaluate(n, signal);
      checkEvaluation(n, evaluation);
      if (evaluation.seconds === undefined) {
        evaluation = { ...evaluation, seconds: (performance.now() - started) / 1000 };
      }
      await this.memo.set(n, evaluation);
      this.evaluated += 1;
    } else {
      checkEvaluation(n, evaluation);
    }
    return { evaluation, cached, difference: evaluation.scoreSampled - evaluation.scoreMean };
  }

  record(
    next: number,
    evaluation: Evaluation,
    difference: number,
    accept: boolean,
    lower: number,
    upper: number,
    cached: boolean,
    n = this.current,
  ): void {
    const step: SearchStep = {
      iteration: this.trace.length,
      n,
      scoreSampled: evaluation.scoreSampled,
      scoreMean: evaluation.scoreMean,
      difference,
      decision: accept ? "accept" : "reject",
      lower,
      upper: Number.isFinite(upper) ? upper : null,
      next,
      seconds: evaluation.seconds ?? 0,
      cached,
    };
    this.trace.push(step);
    this.options.onStep?.(step);
  }

  result(n: number, capped: boolean): SearchResult {
    return { n, trace: this.trace, evaluated: this.evaluated, capped };
  }
}

function checkDimension(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  }
}

function checkThreshold(t: number): void {
  if (!Number.isFinite(t)) throw new RangeError(`threshold must be a finite number, got ${t}`);
}

function checkEvaluation(n: number, e: Evaluation): void {
  if (e === null || typeof e !== "object") {
    throw new TypeError(`evaluate(${n}) must return {scoreSampled, scoreMean}, got ${String(e)}`);
  }
  for (const key of ["scoreSampled", "scoreMean"] as const) {
    if (typeof e[key] !== "number" || !Number.isFinite(e[key])) {
      throw new RangeError(`evaluate(${n}).${key} must be a finite number, got ${String(e[key])}`);
    }
  }
}
