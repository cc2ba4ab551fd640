// %% [markdown]
// # FONDUE: choosing the number of latent dimensions
//
// **Question** (thesis ch. 8): how many latent dimensions should a VAE have? Training one model per
// candidate n and reading an elbow curve is expensive. FONDUE uses the polarised regime instead: once a
// VAE has more latents than it needs, the extra ones become passive, and each passive variable adds
// about 1 to Tr Var[Z] − Tr Var[M] (the sampled minus the mean representation's total variance;
// Propositions 8.3.1–8.3.3, Theorem 8.3.1). FONDUE searches for the largest n whose difference stays
// within a threshold t (Algorithm 1, memoised by Algorithm 2), starting from the data's intrinsic
// dimension (MLE, k = 20).
//
// **Setup**: the intrinsic dimension of the data (MLE over k, TwoNN; §8.2.1), FONDUE and its variants
// over seeds, and the elbow curves (reconstruction loss and downstream quality against n) that judge
// where FONDUE lands (Figs. 8.1, 8.4, 8.5).

// %% tags=["parameters"]
// Scale of the run: "smoke" (seconds, for CI), "quick" (minutes on a laptop), "paper" (a GPU).
let scale = "quick";

// %%
const claims = new pl.studies.ClaimLog();
const verdicts = claims.verdicts;
const check = (claim: string, held: boolean | null, evidence: string, whyNot = "") => claims.check(claim, held, evidence, whyNot);
const fmt = (x: number | null | undefined, digits = 2) => pl.studies.formatNumber(x, digits);
const avg = pl.studies.mean;

// %% [markdown]
// ## The setup at this scale
//
// Smoke scale uses linear-Gaussian data with a known number of informative dimensions and a linear
// VAE (the closed-form case of thesis §4.2); quick and paper scales use dSprites (5 generative factors).

// %%
const S = pl.studies.checkScale(scale);
const overrides: Record<string, unknown> = {};
const config = pl.studies.resolveConfig("fondueStudy", pl.studies.FONDUE_STUDY_PRESETS, S, overrides);
// The number of generative factors of the data, when known.
const spec = config.dataset as { name: string; k?: number };
const factors = spec.name === "linearGaussian" ? spec.k ?? null : spec.name === "dsprites" ? 5 : null;
config

// %% [markdown]
// ## Running the study

// %%
const result = await pl.studies.fondueStudy({ scale: S, params: overrides, cacheDir: ".polarlab-runs/fondue" });
console.log(`${result.study} at ${result.scale} scale: ${result.seconds.toFixed(0)} s, ${result.cache.trainings} models trained, ${result.cache.hits} cached`);
const figures = pl.studies.fondueFigures(result);
// (Bound to one name: the tables' row types are not exported by name, and a cell's top-level
// variables must have nameable types.)
const tables = result.tables;
tables.runs

// %% [markdown]
// ## The intrinsic dimension of the data (thesis §8.5.1, Fig. 8.4)
//
// Levina–Bickel MLE over k neighbours and TwoNN, on a deduplicated subsample. On data with a known
// number of factors the thesis finds the estimates close to it or above it ("MLE and TwoNN overestimate
// the IDs of SymSol and dSprites").

// %%
figures.ids

// %%
const largestK = Math.max(...tables.ids.filter((i) => i.method === "mle").map((i) => i.k ?? 0));
const mle20 = avg(tables.ids.filter((r) => r.method === "mle" && r.k === largestK).map((r) => r.dimension));
const twoNN = avg(tables.ids.filter((r) => r.method === "twoNN").map((r) => r.dimension));
if (spec.name === "linearGaussian") {
  check(
    `on linear-Gaussian data with ${factors} informative dimensions, the ID estimates recover it (±1)`,
    Math.abs(mle20 - (factors as number)) <= 1 && Math.abs(twoNN - (factors as number)) <= 1,
    `MLE (largest k) ${fmt(mle20)}, TwoNN ${fmt(twoNN)}`,
  );
} else {
  check(
    `the ID estimates of the data are at or above its number of generative factors (${factors ?? "unknown"}) (§8.5.1)`,
    factors === null ? null : mle20 >= factors - 0.5 && twoNN >= factors - 0.5,
    `MLE (largest k) ${fmt(mle20)}, TwoNN ${fmt(twoNN)}`,
    factors === null ? "the number of factors of this dataset is not known" : "",
  );
}

// %% [markdown]
// ## The trace difference counts passive variables (Propositions 8.3.1–8.3.3, Theorem 8.3.1)
//
// By the law of total variance, Tr Var[Z] − Tr Var[M] = Σⱼ E[σ²ⱼ]: about 1 per passive variable, and
// between 0 and the number of non-passive ones otherwise. Across the elbow models (one per n) the
// difference should therefore grow by about 1 per added passive variable, across all the models trained.

// %%
if (figures.trace) await display(figures.trace);

// %%
// Every model the study trained is a data point: the elbow models and those the trace-scored searches
// (FONDUE, BS_FONDUE) trained; the other variants' "difference" is another score.
const traceScored = tables.traces.filter((t) => t.variant === "fondue" || t.variant === "bsFondue");
const points = [...tables.elbow, ...traceScored].map((e) => ({ x: e.passive, y: e.difference }));
const spread = new Set(points.map((p) => p.x)).size;
const mx = avg(points.map((p) => p.x));
const my = avg(points.map((p) => p.y));
const slope = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / Math.max(1e-12, points.reduce((s, p) => s + (p.x - mx) ** 2, 0));
check(
  "the trace difference grows by about 1 per passive variable (slope in [0.7, 1.3])",
  spread > 1 ? slope >= 0.7 && slope <= 1.3 : null,
  `least-squares slope of Tr Var[Z] − Tr Var[M] on the passive count over ${points.length} models: ${fmt(slope)}`,
  spread > 1 ? "" : "the trained models do not differ in their number of passive variables at this scale",
);

// %% [markdown]
// ## FONDUE's answer (Algorithm 1)
//
// FONDUE returns the largest n tried whose difference is within t; every larger n it tried exceeded t.
// The thesis also reports that its answer is stable over seeds and initialisations (Tables 8.1, 8.4–8.6).

// %%
const threshold = 1;
const plain = tables.runs.filter((r) => r.variant === "fondue").map((r) => ({ seed: r.seed, n: r.n, models: r.models }));
for (const run of plain) {
  const steps = tables.traces.filter((t) => t.variant === "fondue" && t.seed === run.seed);
  const chosen = steps.filter((t) => t.n === run.n);
  const larger = steps.filter((t) => t.n > run.n);
  check(
    `seed ${run.seed}: FONDUE returns the largest n tried with Tr Var[Z] − Tr Var[M] ≤ t = ${threshold}`,
    chosen.length > 0 && chosen.every((t) => t.difference <= threshold) && larger.every((t) => t.difference > threshold),
    `n = ${run.n} (difference ${fmt(chosen[0]?.difference, 3)}); larger n tried: ${larger.map((t) => `${t.n} (${fmt(t.difference, 3)})`).join(", ") || "none"}; ${run.models} models trained`,
  );
}
const ns = plain.map((r) => r.n);
check(
  "FONDUE's n is stable over seeds (spread ≤ 2, Tables 8.1, 8.4–8.6)",
  ns.length > 1 ? Math.max(...ns) - Math.min(...ns) <= 2 : null,
  `n per seed: ${ns.join(", ")}`,
  ns.length > 1 ? "" : "a single seed at this scale",
);
if (factors !== null && spec.name === "linearGaussian") {
  check(
    `on linear-Gaussian data, FONDUE finds the ${factors} informative dimensions (±1)`,
    ns.every((n) => Math.abs(n - factors) <= 1),
    `n per seed: ${ns.join(", ")}`,
  );
}

// %% [markdown]
// ## The elbow curves FONDUE should land on (thesis §8.5.2, Figs. 8.5–8.8)
//
// "FONDUE estimates generally locate the Elbow point correctly": beyond FONDUE's n, adding latents
// should bring little further reduction of the reconstruction loss. We measure the share of the total
// improvement (from the smallest to the best n of the grid) still left at the grid point nearest
// FONDUE's n; at the elbow it is small (≤ 20 %).

// %%
if (figures.elbow) await display(figures.elbow);

// %%
const dims = [...new Set(tables.elbow.map((e) => e.n))].sort((a, b) => a - b);
const recAt = (n: number) => avg(tables.elbow.filter((e) => e.n === n).map((e) => e.reconstruction));
const downAt = (n: number) => avg(tables.elbow.filter((e) => e.n === n).map((e) => e.downstream));
const fondueN = Math.round(avg(ns));
const nearest = dims.reduce((best, n) => (Math.abs(n - fondueN) < Math.abs(best - fondueN) ? n : best), dims[0]);
const [recFirst, recBest] = [recAt(dims[0]), Math.min(...dims.map(recAt))];
const left = (recAt(nearest) - recBest) / Math.max(1e-12, recFirst - recBest);
check(
  "FONDUE's n lies at the elbow of the reconstruction curve (≤ 20 % of the improvement left)",
  dims.length > 2 ? left <= 0.2 : null,
  `n = ${fondueN} (grid point ${nearest}): reconstruction ${fmt(recAt(nearest))} vs ${fmt(recFirst)} at n = ${dims[0]} and best ${fmt(recBest)}; ${fmt(100 * left, 0)} % of the improvement left`,
  dims.length > 2 ? "the reconstruction still improves markedly beyond FONDUE's n at this scale" : "too few elbow points at this scale",
);
const [downFirst, downBest] = [downAt(dims[0]), Math.max(...dims.map(downAt))];
const downLeft = (downBest - downAt(nearest)) / Math.max(1e-12, downBest - downFirst);
check(
  `FONDUE's n lies at the elbow of the downstream curve (${tables.elbow[0]?.downstreamMetric ?? "downstream"}; ≤ 20 % of the gain left)`,
  dims.length > 2 ? downLeft <= 0.2 : null,
  `${fmt(downAt(nearest), 3)} at grid point ${nearest} vs ${fmt(downFirst, 3)} at n = ${dims[0]} and best ${fmt(downBest, 3)}; ${fmt(100 * downLeft, 0)} % of the gain left`,
  dims.length > 2 ? "downstream quality still improves markedly beyond FONDUE's n at this scale" : "too few elbow points at this scale",
);

// %% [markdown]
// ## FONDUE and its variants
//
// FONDUE_IDE (intrinsic dimension of z minus that of μ), FONDUE_IB and the supervised binary searches
// (BS_FONDUE, IB; Algorithms 5–8) on the same data. Their answers, the models each trained and the time
// spent:

// %%
tables.runs.map((r) => ({ variant: r.label, seed: r.seed, n: r.n, init: r.init, models: r.models, seconds: Number(r.seconds.toFixed(1)) }))

// %% [markdown]
// ## Summary

// %%
console.log(claims.summary(S));
verdicts
