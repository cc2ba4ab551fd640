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
//
// **Claims** (each quoted below where it is checked): the data's ID (§8.5.1, dSprites ≈ 11), one unit
// of trace difference per passive variable (Proposition 8.3.2), FONDUE's n against Table 8.1 and its
// stability over seeds, and FONDUE's n at the elbow of the reconstruction and downstream curves
// (§8.5.2, Fig. 8.5). That FONDUE returns the largest n it tried whose difference is within t is
// Algorithm 1's loop invariant (Theorem 8.3.3's proof), a property of the code, tested in
// test/toolkit/studies/search.test.ts rather than claimed here.

// %% tags=["parameters"]
// Scale of the run: "smoke" (seconds, for CI), "quick" (minutes on a laptop), "reference" (≤ 30 min on
// 2 cores: several seeds, models that learn), "paper" (a GPU).
let scale = "quick";

// %%
const S = pl.studies.checkScale(scale);
const claims = new pl.studies.ClaimLog("05-fondue", S);
const fmt = (x: number | null | undefined, digits = 2) => pl.studies.formatNumber(x, digits);
const avg = pl.studies.mean;
const PAPER = "Bonheme (thesis)";

// %% [markdown]
// ## The setup at this scale
//
// Smoke scale uses linear-Gaussian data with a known number of informative dimensions and a linear
// VAE (the closed-form case of thesis §4.2); quick and paper scales use dSprites (5 generative factors).

// %%
const overrides: Record<string, unknown> = {};
const config = pl.studies.resolveConfig("fondueStudy", pl.studies.FONDUE_STUDY_PRESETS, S, overrides);
const spec = config.dataset as { name: string; k?: number };
const linear = spec.name === "linearGaussian";
const dsprites = spec.name === "dsprites";
// The informative dimensions of the linear-Gaussian data.
const informative = linear ? spec.k ?? null : null;
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
// ## Did the models learn?
//
// A model counts as having learned when its reconstruction term is below that of the best constant
// predictor, the mean image of the same examples under the same likelihood. FONDUE's models (a few
// steps each) are measured on FONDUE's scoring examples; the elbow models on held-out examples.

// %%
const searchModels = tables.traces.filter((t) => t.variant === "fondue" || t.variant === "bsFondue").map((t) => {
  const run = tables.runs.find((r) => r.variant === t.variant && r.seed === t.seed)!;
  return { label: `${run.label} seed ${t.seed} n = ${t.n}`, reconstruction: t.reconstruction, baseline: run.meanImageRecon, baselineName: "mean image" };
});
const searchLearned = pl.studies.learnedGate([...new Map(searchModels.map((m) => [m.label, m])).values()]);
const elbowLearned = pl.studies.learnedGate(tables.elbow.map((e) => ({ label: `elbow n = ${e.n} seed ${e.seed}`, reconstruction: e.reconstruction, baseline: e.meanImageRecon, baselineName: "mean image" })));
({ search: searchLearned.ok ? "learned" : searchLearned.reason, elbow: elbowLearned.ok ? "learned" : elbowLearned.reason })

// %% [markdown]
// ## The intrinsic dimension of the data (thesis §8.5.1, Fig. 8.4)
//
// Levina–Bickel MLE over k neighbours and TwoNN, on a deduplicated subsample, over subsample seeds.
// The thesis: "MLE and TwoNN overestimate the IDs of SymSol and dSprites, with IDEs of 4 and 11 instead
// of the expected 2 and 5", and it keeps "the IDEs obtained from MLE with k = 20". Its estimator is
// Levina–Bickel's average of the local estimates (Eq. 8.3; it attributes its difference from Pope et
// al. to their MacKay–Ghahramani averaging), on 10,000 unique 64×64 images. The claim compares the
// same estimator (natural logarithms, k = 20) with the reported 11; the thesis gives it as an integer,
// so the comparison's tolerance is its rounding, 0.5. Quick scale uses 32×32 images and fewer examples,
// which changes the estimate. On the smoke run's linear-Gaussian data the intrinsic dimension is known
// (k informative directions), and the claim is that the estimator recovers it to the same rounding.

// %%
figures.ids

// %%
const kMax = Math.max(...tables.ids.filter((i) => i.method === "mle").map((i) => i.k ?? 0));
const idSeeds = config.idSeeds.length;
const lb20 = tables.ids.filter((r) => r.method === "mleLevinaBickel" && r.k === kMax).flatMap((r) => (r.dimension === null ? [] : [r.dimension]));
const lbUndefined = tables.ids.find((r) => r.method === "mleLevinaBickel" && r.dimension === null)?.note ?? "";
const mg20 = tables.ids.filter((r) => r.method === "mle" && r.k === kMax).map((r) => r.dimension);
const twoNNs = tables.ids.filter((r) => r.method === "twoNN").map((r) => r.dimension);
const idEvidence = `MLE k = ${kMax}: Levina–Bickel ${lb20.map((v) => fmt(v)).join(", ")}; MacKay–Ghahramani ${mg20.map((v) => fmt(v)).join(", ")}; TwoNN ${twoNNs.map((v) => fmt(v)).join(", ")} (per subsample seed, ${tables.ids[0]?.examples ?? 0} unique examples)`;
const idTarget = dsprites ? 11 : informative;
claims.check({
  id: dsprites ? "fondue.id-dsprites" : "fondue.id-known",
  paper: PAPER, place: "§8.5.1, Fig. 8.4; Eq. 8.3",
  statement: dsprites ? "the MLE (k = 20) intrinsic dimension of dSprites is 11 (above its 5 generative factors)" : "the ID estimator recovers the intrinsic dimension d of the data (§8.2.1: \"The goal of ID estimation is to recover d\")",
  quantity: `|Levina–Bickel MLE (k = ${kMax}) − ${idTarget ?? "the known ID"}|, over ${idSeeds} subsample seeds`,
  estimate: idTarget === null || lbUndefined || lb20.length === 0 ? null : pl.studies.seedEstimate(lb20.map((v) => Math.abs(v - idTarget))),
  threshold: { comparison: "<", value: 0.5, source: { kind: "paper", quote: dsprites ? "§8.5.1: \"IDEs of 4 and 11 instead of the expected 2 and 5\" (reported to the integer: ±0.5)" : "§8.2.1: \"The goal of ID estimation is to recover d\" (an integer: ±0.5)" } },
  gates: [pl.studies.seedsGate(idSeeds)],
  untestable: idTarget === null ? "the intrinsic dimension of this dataset is not known" : `the Levina–Bickel average is undefined on this sample: ${lbUndefined}`,
  evidence: idEvidence,
});

// %% [markdown]
// ## The trace difference counts passive variables (Proposition 8.3.2)
//
// "If s of the n latent variables of a VAE are passive and the remaining n − s variables are active,
// then lim Tr(Var[Z]) − Tr(Var[M]) = s." FONDUE's threshold t = 1 rests on it (Theorem 8.3.1: each
// non-active variable adds "at most 1"). Checked on every trained model that meets the proposition's
// condition (at least one passive variable and no mixed one), on the worst of them: |difference − s| < 1.
// Without such a model the proposition cannot be tested on this run. Note: by the law of total
// variance the difference equals Σⱼ E[σ²ⱼ] up to sampling noise, and the identification rule puts a
// passive E[σ²ⱼ] within α of 1 and an active one below α, so this checks the estimate on finite
// samples and the classification of the models FONDUE trained more than the learning itself.

// %%
if (figures.trace) await display(figures.trace);

// %%
const traceScored = tables.traces.filter((t) => t.variant === "fondue" || t.variant === "bsFondue");
const withPassive = [
  ...tables.elbow.map((e) => ({ label: `elbow n = ${e.n} seed ${e.seed}`, difference: e.difference, passive: e.passive, mixed: e.mixed, active: e.active })),
  ...[...new Map(traceScored.map((t) => [`${t.seed}/${t.n}`, t])).values()].map((t) => ({ label: `search n = ${t.n} seed ${t.seed}`, difference: t.difference, passive: t.passive, mixed: t.mixed, active: t.active })),
].filter((m) => m.passive > 0 && m.mixed === 0);
claims.check({
  id: "fondue.trace-counts-passive", paper: PAPER, place: "Proposition 8.3.2, §8.3.1",
  statement: "with s passive and n − s active variables, Tr(Var[Z]) − Tr(Var[M]) = s",
  quantity: "|Tr Var[Z] − Tr Var[M] − s| in the worst model with passive and no mixed variables",
  estimate: withPassive.length ? pl.studies.singleEstimate(Math.max(...withPassive.map((m) => Math.abs(m.difference - m.passive)))) : null,
  threshold: { comparison: "<", value: 1, source: { kind: "paper", quote: "Theorem 8.3.1 / §8.3.1: a variable that is not active makes \"the difference … increase by at most 1\" (FONDUE's t = 1)" } },
  gates: [searchLearned, elbowLearned],
  untestable: "no trained model has passive variables without mixed ones at this scale, so Proposition 8.3.2's condition is never met",
  evidence: withPassive.map((m) => `${m.label}: ${fmt(m.difference, 3)} with s = ${m.passive} (${m.active} active)`).join("; "),
});

// %% [markdown]
// ## FONDUE's answer against Table 8.1
//
// Table 8.1 (β-VAE of Higgins et al., dSprites 64×64, two epochs per model, 10 seeds): FONDUE finds
// n = 10.9 ± 0.7 (mean ± SD over seeds) for dSprites. The claim: this run's n lies within one of the
// thesis' standard deviations of its mean. The thesis also finds the answer stable over seeds and
// initialisations (Tables 8.1, 8.4–8.6): the SD over this run's seeds should be below the thesis'
// 0.7 (needs at least 3 seeds). On linear-Gaussian data the answer is known: a linear VAE has as many
// active variables as informative directions (§4.2), so Theorem 8.3.3 (t ≥ 1: "the maximal number of
// latent dimensions for which a VAE contains only non-passive variables") gives n = k.

// %%
const plain = tables.runs.filter((r) => r.variant === "fondue").map((r) => ({ seed: r.seed, n: r.n, init: r.init, models: r.models }));
const ns = plain.map((r) => r.n);
const nEvidence = plain.map((r) => `seed ${r.seed}: n = ${r.n} (init ${r.init}, ${r.models} models)`).join("; ");
if (dsprites) {
  claims.check({
    id: "fondue.n-table-8-1", paper: PAPER, place: "Table 8.1, §8.5.2",
    statement: "FONDUE finds n = 10.9 ± 0.7 latent dimensions for dSprites",
    quantity: "|FONDUE's n − 10.9|",
    estimate: ns.length >= 3 ? pl.studies.seedEstimate(ns.map((n) => Math.abs(n - 10.9))) : pl.studies.singleEstimate(Math.max(...ns.map((n) => Math.abs(n - 10.9)))),
    threshold: { comparison: "<", value: 0.7, source: { kind: "paper", quote: "Table 8.1: FONDUE, dSprites, \"10.9 ± 0.7\" (avg ± SD over 10 seeds)" } },
    gates: [searchLearned],
    evidence: `${nEvidence}; ${ns.length >= 3 ? "interval over seeds" : "fewer than 3 seeds: the seed farthest from 10.9"}`,
  });
} else {
  claims.check({
    id: "fondue.n-known", paper: PAPER, place: "Theorem 8.3.3, §8.3.2; §4.2",
    statement: "FONDUE (t = 1) returns the maximal number of latent dimensions with only non-passive variables: the k informative directions of linear-Gaussian data",
    quantity: `|FONDUE's n − ${informative}| in the seed farthest from it`,
    estimate: informative === null ? null : pl.studies.singleEstimate(Math.max(...ns.map((n) => Math.abs(n - informative)))),
    threshold: { comparison: "<", value: 1, source: { kind: "paper", quote: "Theorem 8.3.3: \"If t ≥ 1, FONDUE returns the maximal number of latent dimensions for which a VAE contains only non-passive variables\" (an integer: exactly k)" } },
    gates: [searchLearned],
    untestable: "the number of informative directions of this dataset is not known",
    evidence: nEvidence,
  });
}
claims.check({
  id: "fondue.n-stable-over-seeds", paper: PAPER, place: "Tables 8.1, 8.4–8.6",
  statement: "FONDUE's n is stable over seeds (SD 0.7 over 10 seeds on dSprites)",
  quantity: "SD of FONDUE's n over seeds",
  estimate: ns.length >= 2 ? pl.studies.singleEstimate(Math.sqrt(ns.reduce((a, n) => a + (n - avg(ns)) ** 2, 0) / (ns.length - 1))) : null,
  threshold: { comparison: "<", value: 0.7, source: { kind: "paper", quote: "Table 8.1: FONDUE, dSprites, \"10.9 ± 0.7\" (SD over 10 seeds)" } },
  gates: [pl.studies.seedsGate(ns.length), dsprites ? searchLearned : { ok: false, reason: "Table 8.1 reports dSprites; this run's data is " + spec.name }],
  untestable: "a single seed",
  evidence: nEvidence,
});

// %% [markdown]
// ## The elbow curves FONDUE should land on (thesis §8.5.2, Figs. 8.5–8.8)
//
// "FONDUE estimates generally locate the Elbow point correctly", "a good trade-off between low
// reconstruction loss and high accuracy". An elbow is a bend: the gain per added latent is larger before
// FONDUE's n than after it. With the grid points below (n₋) and at (n₀, the nearest to FONDUE's n) and
// the largest (n₊): bend = gain per latent from n₋ to n₀ − gain per latent from n₀ to n₊, for the
// reconstruction loss (a gain is a fall) and the downstream quality (a gain is a rise). The claim holds
// when the 95 % interval of the bend over seeds lies above 0 (needs at least 3 seeds).

// %%
if (figures.elbow) await display(figures.elbow);

// %%
const dims = [...new Set(tables.elbow.map((e) => e.n))].sort((a, b) => a - b);
/** Per seed: the bend of a curve (value per n; sign +1 when higher is better) at FONDUE's n for that seed. */
function bends(value: (e: (typeof tables.elbow)[number]) => number, sign: number): { seed: number; bend: number; at: number }[] {
  return config.seeds.flatMap((seed) => {
    const n = plain.find((r) => r.seed === seed)?.n;
    if (n === undefined) return [];
    const at = dims.reduce((best, d) => (Math.abs(d - n) < Math.abs(best - n) ? d : best), dims[0]);
    const i = dims.indexOf(at);
    if (i <= 0 || i >= dims.length - 1) return [];
    const f = (d: number) => sign * value(tables.elbow.find((e) => e.n === d && e.seed === seed)!);
    const [lo, hi] = [dims[i - 1], dims[dims.length - 1]];
    return [{ seed, at, bend: (f(at) - f(lo)) / (at - lo) - (f(hi) - f(at)) / (hi - at) }];
  });
}
for (const [curve, value, sign, unit] of [
  ["reconstruction", (e: (typeof tables.elbow)[number]) => e.reconstruction, -1, "nats"],
  ["downstream", (e: (typeof tables.elbow)[number]) => e.downstream, 1, tables.elbow[0]?.downstreamMetric ?? "downstream"],
] as const) {
  const b = bends(value, sign);
  claims.check({
    id: `fondue.elbow-${curve}`, paper: PAPER, place: "§8.5.2, Fig. 8.5",
    statement: `FONDUE's n lies at the elbow of the ${curve} curve ("FONDUE estimates generally locate the Elbow point correctly")`,
    quantity: `gain per latent before FONDUE's n − gain per latent after it (${unit} per latent)`,
    estimate: b.length ? pl.studies.seedEstimate(b.map((x) => x.bend)) : null,
    threshold: { comparison: ">", value: 0, source: { kind: "seeds", how: "the 95 % interval over seeds of the bend must exclude 0 (lie above it)" } },
    gates: [pl.studies.seedsGate(b.length), elbowLearned],
    untestable: `FONDUE's n is not inside the elbow grid (${dims.join(", ")}) at this scale`,
    evidence: b.map((x) => `seed ${x.seed}: n₀ = ${x.at}, bend ${fmt(x.bend, 3)}`).join("; ") + `; grid ${dims.join(", ")}`,
  });
}

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
console.log(claims.summary());
claims.claims.map((c) => ({ id: c.id, verdict: c.verdict, estimate: c.estimate ? pl.studies.formatEstimate(c.estimate) : "n/a", threshold: `${c.threshold.comparison} ${fmt(c.threshold.value, 3)} (${c.threshold.source.kind})`, reason: c.reason }))
