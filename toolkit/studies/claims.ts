// The papers' claims checked on one run's numbers. Each study notebook records its checks in a
// ClaimLog, which prints "HELD · claim [evidence]", "DID NOT HOLD · …" or "NOT TESTED · …": the lines
// that `polarlab main` (kernel/commands/main.ts, notebookVerdicts) gathers into its summary.

export interface Verdict {
  claim: string;
  /** true or false as computed from this run; null when this run cannot test the claim. */
  held: boolean | null;
  evidence: string;
}

export class ClaimLog {
  readonly verdicts: Verdict[] = [];

  /** Records a claim and prints its verdict line; `whyNot` says why it did not hold or was not tested. */
  check(claim: string, held: boolean | null, evidence: string, whyNot = ""): Verdict {
    const verdict = { claim, held, evidence };
    this.verdicts.push(verdict);
    const status = held === null ? "NOT TESTED" : held ? "HELD" : "DID NOT HOLD";
    const reason = held !== true && whyNot ? ` — ${whyNot}` : "";
    console.log(`${status} · ${claim} [${evidence}]${reason}`);
    return verdict;
  }

  /** "N of M claims held at S scale (K not testable)". */
  summary(scale: string): string {
    const held = this.verdicts.filter((v) => v.held === true).length;
    const untested = this.verdicts.filter((v) => v.held === null).length;
    return `${held} of ${this.verdicts.length} claims held at ${scale} scale (${untested} not testable)`;
  }
}

/** x with `digits` decimals, or "n/a" for a missing or non-finite number (a claim's evidence). */
export function formatNumber(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(digits);
}

/** The mean of xs (0 for none). */
export function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

/** The mean of the finite numbers among xs, or null when there are none. */
export function meanDefined(xs: (number | null)[]): number | null {
  const finite = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return finite.length ? mean(finite) : null;
}
