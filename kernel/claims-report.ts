// The claims of a `polarlab main` run as one JSON report (out/claims.json) and the Markdown page
// generated from it (out/claims.md, committed as notebooks/CLAIMS.md). The claim schema is in
// toolkit/studies/claims.ts and docs/claims.md.
import { formatEstimate, formatNumber, type Claim } from "../toolkit/studies/claims";

export interface NotebookClaims {
  name: string;
  ok: boolean;
  seconds: number;
  /** Why the notebook failed, when it did. */
  message: string;
  figures: string[];
  claims: Claim[];
}

export interface ClaimsReport {
  scale: string;
  notebooks: NotebookClaims[];
}

const VERDICT = { held: "held", "did not hold": "**did not hold**", "not testable": "not testable" } as const;

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function threshold(c: Claim): string {
  const s = c.threshold.source;
  const where = s.kind === "paper" ? `paper: “${s.quote}”` : `${s.kind}: ${s.how}`;
  return `${c.threshold.comparison} ${formatNumber(c.threshold.value)} (${where})`;
}

/** The Markdown page of a report: per notebook, a table of claims with estimate, threshold and verdict. */
export function claimsMarkdown(report: ClaimsReport): string {
  const all = report.notebooks.flatMap((n) => n.claims);
  const count = (claims: Claim[], v: Claim["verdict"]) => claims.filter((c) => c.verdict === v).length;
  const lines = [
    `# Claims checked by the polarlab notebooks at ${report.scale} scale`,
    "",
    "Generated from `claims.json`: every verdict is computed from that run's numbers. A claim",
    "holds only when the whole 95 % interval of its estimate lies on the claimed side of its threshold; the",
    "threshold's source is `paper` (quoted), `seeds` (the interval over seeds) or `null` (the same estimator on",
    "null data). Schema: docs/claims.md.",
    "",
    `${count(all, "held")} held, ${count(all, "did not hold")} did not hold, ${count(all, "not testable")} not testable (${all.length} claims).`,
    "",
  ];
  for (const nb of report.notebooks) {
    lines.push(`## ${nb.name}: ${nb.ok ? "executed" : "FAILED"} in ${nb.seconds.toFixed(0)} s; ${count(nb.claims, "held")} of ${nb.claims.length} claims held`);
    if (!nb.ok) lines.push("", `> ${cell(nb.message)}`);
    lines.push("");
    if (nb.claims.length === 0) {
      lines.push("No claim was computed by this run.", "");
      continue;
    }
    lines.push("| verdict | claim | where | measured | threshold | why not / evidence |", "|---|---|---|---|---|---|");
    for (const c of nb.claims) {
      const measured = c.estimate ? `${c.quantity}: ${formatEstimate(c.estimate)}` : c.quantity;
      const notes = [c.reason, c.evidence].filter(Boolean).join(" — ");
      lines.push(`| ${VERDICT[c.verdict]} | \`${c.id}\` ${cell(c.statement)} | ${cell(c.paper)}, ${cell(c.place)} | ${cell(measured)} | ${cell(threshold(c))} | ${cell(notes)} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
