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
// of trace difference per passive variable (Proposition 8.3.2: in the worst model, and as the slope of
// the difference against the passive count over all models), FONDUE's and FONDUE_IB's n against Table
// 8.1 (convolutional VAEs) and Table 8.7 (fully connected VAEs) and their stability over seeds, and
// FONDUE's n at the elbow of the reconstruction and downstream curves (§8.5.2, Fig. 8.5). That FONDUE returns the largest n it tried whose difference is within t is
// Algorithm 1's loop invariant (Theorem 8.3.3's proof), a property of the code, tested in
// test/toolkit/studies/search.test.ts rather than claimed here.

// %% tags=["parameters"]
// Scale of the run: "smoke" (seconds, for CI), "quick" (minutes on a laptop), "reference" (≤ 30 min on
// 2 cores: several seeds, models that learn), "paper" (a GPU).
let scale = "quick";
// The architectures to run, comma-separated (e.g. "conv"); empty: the scale's choice (below).
let architectureList = "";

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
// VAE (the closed-form case of thesis §4.2); quick, reference and paper scales use dSprites (5
// generative factors). The thesis runs FONDUE with the convolutional VAE of Table D.2 (Table 8.1) and
// with the fully connected one of Table D.3 (§8.7, Table 8.7), whose answers differ (10.9 vs 5.2 on
// dSprites). The paper scale runs both; smoke, quick and reference the preset's architecture only. At reference
// scale the fully connected half costs another ≈ 77 minutes on 2 cores (its 1,500-step models take 109 s each
// in a single-thread process, the convolutional ones 50 s), past `polarlab main`'s 2.5 hours for every study:
// `architectureList = "conv,fc"` runs it (the committed reference notebook does).

// %%
const overrides: Record<string, unknown> = {};
const config = pl.studies.resolveConfig("fondueStudy", pl.studies.FONDUE_STUDY_PRESETS, S, overrides);
const spec = config.dataset as { name: string; k?: number };
const linear = spec.name === "linearGaussian";
const dsprites = spec.name === "dsprites";
// The informative dimensions of the linear-Gaussian data.
const informative = linear ? spec.k ?? null : null;
const architectures: string[] = architectureList
  ? architectureList.split(",").map((a) => a.trim())
  : S === "paper" ? ["conv", "fc"] : [String(config.model.architecture)];
({ ...config, architectures })

// %% [markdown]
// ## Running the study
//
// One run of the study per architecture; the data's intrinsic dimension does not depend on it and is
// computed once (the second run finds it in the cache).

// %%
type FondueRun = Awaited<ReturnType<typeof pl.studies.fondueStudy>>;
const studies: { architecture: string; result: FondueRun; tables: FondueRun["tables"]; figures: ReturnType<typeof pl.studies.fondueFigures> }[] = [];
for (const architecture of architectures) {
  const params = architectures.length > 1 ? { ...overrides, model: { ...config.model, architecture } } : overrides;
  const result = await pl.studies.fondueStudy({ scale: S, params, cacheDir: ".polarlab-runs/fondue" });
  console.log(`${result.study} (${architecture}) at ${result.scale} scale: ${result.seconds.toFixed(0)} s, ${result.cache.trainings} models trained, ${result.cache.hits} cached`);
  studies.push({ architecture, result, tables: result.tables, figures: pl.studies.fondueFigures(result) });
}
// A claim's id names the architecture when the notebook compares several.
const idFor = (base: string, architecture: string) => (architectures.length > 1 ? `${base}.${architecture}` : base);
const tables = studies[0].tables;
const figures = studies[0].figures;
studies.flatMap((s) => s.tables.runs.map((r) => ({ architecture: s.architecture, variant: r.label, seed: r.seed, n: r.n, models: r.models })))

// %% [markdown]
// ## Did the models learn?
//
// A model counts as having learned when its reconstruction term is below that of the best constant
// predictor, the mean image of the same examples under the same likelihood. FONDUE's models (a few
// steps each) are measured on FONDUE's scoring examples; the elbow models on held-out examples. A
// search's answer needs every model of that search to have learned, so the claims on FONDUE's n use the
// seeds whose search learned throughout; the claims over many models (the trace difference, the elbow
// curves) are computed on the models that learned. Each claim names what it left out.

// %%
type SearchRun = FondueRun["tables"]["runs"][number];
/** The models one search trained (each n once), as the learned-model checks read them. */
const searchLearners = (architecture: string, t: FondueRun["tables"], run: SearchRun) =>
  [...new Map(t.traces.filter((x) => x.variant === run.variant && x.seed === run.seed).map((x) => [x.n, {
    label: `${architecture} ${run.label} seed ${run.seed} n = ${x.n}`, reconstruction: x.reconstruction, baseline: run.meanImageRecon, baselineName: "mean image",
  }])).values()];
const learned = studies.map(({ architecture, tables: t }) => ({
  architecture,
  search: pl.studies.learnedGate(t.runs.flatMap((r) => searchLearners(architecture, t, r))),
  elbow: pl.studies.learnedGate(t.elbow.map((e) => ({ label: `${architecture} elbow n = ${e.n} seed ${e.seed}`, reconstruction: e.reconstruction, baseline: e.meanImageRecon, baselineName: "mean image" }))),
}));
learned.map((l) => ({ architecture: l.architecture, search: l.search.ok ? "learned" : l.search.reason, elbow: l.elbow.ok ? "learned" : l.elbow.reason }))

// %% [markdown]
// ## The intrinsic dimension of the data (thesis §8.5.1, Fig. 8.4)
//
// Levina–Bickel MLE over k neighbours and TwoNN, on a deduplicated subsample, over subsample seeds.
// The thesis: "MLE and TwoNN overestimate the IDs of SymSol and dSprites, with IDEs of 4 and 11 instead
// of the expected 2 and 5", and it keeps "the IDEs obtained from MLE with k = 20". Its estimator is
// Levina–Bickel's average of the local estimates (Eq. 8.3; it attributes its difference from Pope et
// al. to their MacKay–Ghahramani averaging), on 10,000 unique 64×64 images. The claim compares the
// same estimator (natural logarithms, k = 20) with the reported 11 on the data closest to the thesis'
// (64×64 images where this scale estimates them); the thesis gives it as an integer, so the
// comparison's tolerance is its rounding, 0.5. The models of quick and reference scale see 32×32
// images: average pooling smooths the sprites' edges and lowers the estimate, which the table below
// measures where both resolutions are estimated. On the smoke run's linear-Gaussian data the intrinsic
// dimension is known (k informative directions), and the claim is that the estimator recovers it to
// the same rounding.

// %%
figures.ids

// %%
const kMax = Math.max(...tables.ids.filter((i) => i.method === "mle").map((i) => i.k ?? 0));
const idSeeds = config.idSeeds.length;
const idData = [...new Set(tables.ids.map((r) => r.data))];
/** Per estimated dataset: the estimates at k = kMax (Levina–Bickel, MacKay–Ghahramani) and TwoNN, per subsample seed. */
const idSummary = idData.map((data) => {
  const rows = tables.ids.filter((r) => r.data === data);
  return {
    data,
    levinaBickel: rows.filter((r) => r.method === "mleLevinaBickel" && r.k === kMax).flatMap((r) => (r.dimension === null ? [] : [r.dimension])),
    undefinedNote: rows.find((r) => r.method === "mleLevinaBickel" && r.dimension === null)?.note ?? "",
    mackayGhahramani: rows.filter((r) => r.method === "mle" && r.k === kMax).flatMap((r) => (r.dimension === null ? [] : [r.dimension])),
    twoNN: rows.filter((r) => r.method === "twoNN").flatMap((r) => (r.dimension === null ? [] : [r.dimension])),
    examples: rows[0]?.examples ?? 0,
  };
});
const idTarget = dsprites ? 11 : informative;
// The thesis estimates 64×64 images; the data nearest to that setting is the largest estimated.
const idClaimed = dsprites ? idSummary.find((d) => d.data.endsWith("64×64")) ?? idSummary[0] : idSummary[0];
claims.check({
  id: dsprites ? "fondue.id-dsprites" : "fondue.id-known",
  paper: PAPER, place: "§8.5.1, Fig. 8.4; Eq. 8.3",
  statement: dsprites ? "the MLE (k = 20) intrinsic dimension of dSprites is 11 (above its 5 generative factors)" : "the ID estimator recovers the intrinsic dimension d of the data (§8.2.1: \"The goal of ID estimation is to recover d\")",
  quantity: `|Levina–Bickel MLE (k = ${kMax}) − ${idTarget ?? "the known ID"}| on ${idClaimed.data}, over ${idSeeds} subsample seeds`,
  estimate: idTarget === null || idClaimed.undefinedNote || idClaimed.levinaBickel.length === 0 ? null : pl.studies.seedEstimate(idClaimed.levinaBickel.map((v) => Math.abs(v - idTarget))),
  threshold: { comparison: "<", value: 0.5, source: { kind: "paper", quote: dsprites ? "§8.5.1: \"IDEs of 4 and 11 instead of the expected 2 and 5\" (reported to the integer: ±0.5)" : "§8.2.1: \"The goal of ID estimation is to recover d\" (an integer: ±0.5)" } },
  gates: [pl.studies.seedsGate(idSeeds)],
  untestable: idTarget === null ? "the intrinsic dimension of this dataset is not known" : `the Levina–Bickel average is undefined on this sample: ${idClaimed.undefinedNote}`,
  evidence: idSummary.map((d) => `${d.data}, MLE k = ${kMax}: Levina–Bickel ${d.levinaBickel.map((v) => fmt(v)).join(", ")}; MacKay–Ghahramani ${d.mackayGhahramani.map((v) => fmt(v)).join(", ")}; TwoNN ${d.twoNN.map((v) => fmt(v)).join(", ")} (per subsample seed, ${d.examples} unique examples)`).join(" | "),
});
idSummary.map((d) => ({ data: d.data, examples: d.examples, levinaBickel: fmt(pl.studies.meanDefined(d.levinaBickel)), mackayGhahramani: fmt(pl.studies.meanDefined(d.mackayGhahramani)), twoNN: fmt(pl.studies.meanDefined(d.twoNN)), thesis: dsprites ? 11 : informative }))

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
for (const { figures: f } of studies) if (f.trace) await display(f.trace);

// %%
/**
 * The models of one architecture with their trace difference, variable types and reconstruction beside
 * the mean image's: elbow models and FONDUE's (once per seed and n).
 */
function countedModels(architecture: string, t: FondueRun["tables"]) {
  const traceScored = t.traces.filter((x) => x.variant === "fondue" || x.variant === "bsFondue");
  const learner = (label: string, reconstruction: number, meanImageRecon: number) => ({ label: `${architecture} ${label}`, reconstruction, baseline: meanImageRecon, baselineName: "mean image" });
  return [
    ...t.elbow.map((e) => {
      const label = `elbow n = ${e.n} seed ${e.seed}`;
      return { label, difference: e.difference, passive: e.passive, mixed: e.mixed, active: e.active, learner: learner(label, e.reconstruction, e.meanImageRecon) };
    }),
    ...[...new Map(traceScored.map((x) => [`${x.seed}/${x.n}`, x])).values()].map((x) => {
      const label = `search n = ${x.n} seed ${x.seed}`;
      const run = t.runs.find((r) => r.variant === x.variant && r.seed === x.seed)!;
      return { label, difference: x.difference, passive: x.passive, mixed: x.mixed, active: x.active, learner: learner(label, x.reconstruction, run.meanImageRecon) };
    }),
  ];
}
// Each claim below is computed over the models that learned; those that did not are left out and named.
for (const { architecture, tables: t } of studies) {
  const withPassive = pl.studies.learnedSubset(countedModels(architecture, t).filter((m) => m.passive > 0 && m.mixed === 0), (m) => [m.learner], { what: "models with passive and no mixed variables", min: 1 });
  const kept = withPassive.kept;
  claims.check({
    id: idFor("fondue.trace-counts-passive", architecture), paper: PAPER, place: "Proposition 8.3.2, §8.3.1",
    statement: `${architecture}: with s passive and n − s active variables, Tr(Var[Z]) − Tr(Var[M]) = s`,
    quantity: "|Tr Var[Z] − Tr Var[M] − s| in the worst learned model with passive and no mixed variables",
    estimate: kept.length ? pl.studies.singleEstimate(Math.max(...kept.map((m) => Math.abs(m.difference - m.passive)))) : null,
    threshold: { comparison: "<", value: 1, source: { kind: "paper", quote: "Theorem 8.3.1 / §8.3.1: a variable that is not active makes \"the difference … increase by at most 1\" (FONDUE's t = 1)" } },
    learned: withPassive,
    untestable: "no trained model has passive variables without mixed ones at this scale, so Proposition 8.3.2's condition is never met",
    evidence: kept.map((m) => `${m.label}: ${fmt(m.difference, 3)} with s = ${m.passive} (${m.active} active)`).join("; "),
  });
}

// %% [markdown]
// The same proposition over every model at once: among the models without mixed variables (all active,
// Proposition 8.3.1, or some passive, Proposition 8.3.2), the trace difference grows by one unit per
// passive variable. The least-squares slope of the difference against s is estimated with a
// percentile-bootstrap 95 % interval over models, and must lie within half a unit of 1: FONDUE's
// threshold t = 1 counts whole passive variables, so a slope nearer 0 or 2 would miscount them. It
// needs at least 10 such models and at least two distinct passive counts.

// %%
for (const { figures: f } of studies) if (f.passive) await display(f.passive);

// %%
/** Least-squares slope of y on x; NaN when x has no spread. */
function slope(points: readonly { x: number; y: number }[]): number {
  const mx = avg(points.map((p) => p.x));
  const my = avg(points.map((p) => p.y));
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxx > 0 ? points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) / sxx : NaN;
}
for (const { architecture, tables: t } of studies) {
  const models = pl.studies.learnedSubset(countedModels(architecture, t).filter((m) => m.mixed === 0), (m) => [m.learner], { what: "models without mixed variables", min: 10 });
  const points = models.kept.map((m) => ({ x: m.passive, y: m.difference }));
  const counts = new Set(points.map((p) => p.x));
  const testable = points.length >= 10 && counts.size >= 2;
  claims.check({
    id: idFor("fondue.trace-slope", architecture), paper: PAPER, place: "Propositions 8.3.1–8.3.2, §8.3.1",
    statement: `${architecture}: each passive variable adds one unit to Tr(Var[Z]) − Tr(Var[M]) (the difference is 0 with all variables active and s with s passive ones)`,
    quantity: "|slope − 1| of the trace difference against the passive count s over learned models without mixed variables",
    estimate: testable ? pl.studies.bootstrapEstimate(points, (sample) => Math.abs(slope(sample) - 1)) : null,
    threshold: { comparison: "<", value: 0.5, source: { kind: "paper", quote: "Proposition 8.3.2: \"lim Tr(Var[Z]) − Tr(Var[M]) = s\" (slope 1); FONDUE's t = 1 counts whole variables, so the slope must be nearer 1 than 0 or 2" } },
    learned: models,
    untestable: `${points.length} learned models without mixed variables and ${counts.size} distinct passive counts; the slope needs at least 10 models and 2 counts`,
    evidence: testable ? `slope ${fmt(slope(points), 3)} over ${points.length} models; passive counts ${[...counts].sort((a, b) => a - b).join(", ")}` : `passive counts ${[...counts].join(", ")}`,
  });
}

// %% [markdown]
// ## FONDUE's answer against Tables 8.1 and 8.7
//
// Table 8.1 (β-VAE, the convolutional architecture of Table D.2, dSprites 64×64, 10 seeds): FONDUE finds
// n = 10.9 ± 0.7 and FONDUE_IB 15.7 ± 0.5 (mean ± SD over seeds) for dSprites. Table 8.7 (the fully
// connected architecture of Table D.3): FONDUE 5.2 ± 0.6, FONDUE_IB 12.3 ± 0.5. The claim: this run's n
// lies within one of the thesis' standard deviations of its mean (interval over seeds). Quick scale's
// small MLP (`mnistMlp`) is compared with the fully connected row. The thesis also finds the answer
// stable over seeds and initialisations (Tables 8.1, 8.4–8.6): the SD over this run's seeds should be
// below the thesis' (needs at least 3 seeds). On linear-Gaussian data the answer is known: a linear VAE
// has as many active variables as informative directions (§4.2), so Theorem 8.3.3 (t ≥ 1: "the maximal
// number of latent dimensions for which a VAE contains only non-passive variables") gives n = k.

// %%
const THESIS_N: Record<"conv" | "fc", { table: string; fondue: [number, number]; fondueIb: [number, number] }> = {
  conv: { table: "Table 8.1", fondue: [10.9, 0.7], fondueIb: [15.7, 0.5] },
  fc: { table: "Table 8.7", fondue: [5.2, 0.6], fondueIb: [12.3, 0.5] },
};
const family = (architecture: string): "conv" | "fc" => (/conv/i.test(architecture) ? "conv" : "fc");
for (const { architecture, tables: t } of studies) {
  const row = THESIS_N[family(architecture)];
  for (const variant of ["fondue", "fondueIb"] as const) {
    const all = t.runs.filter((r) => r.variant === variant);
    if (!all.length || !dsprites) continue;
    // The seeds whose search learned throughout; one seed suffices for a single answer, an interval needs 3.
    const seeds = pl.studies.learnedSubset(all, (r) => searchLearners(architecture, t, r), { what: "seeds", min: 1 });
    const runs = seeds.kept;
    const ns = runs.map((r) => r.n);
    const [m, sd] = row[variant];
    const label = all[0].label;
    const evidence = runs.map((r) => `seed ${r.seed}: n = ${r.n} (init ${r.init}, ${r.models} models)`).join("; ");
    claims.check({
      id: idFor(`fondue.n-${row.table === "Table 8.1" ? "table-8-1" : "table-8-7"}${variant === "fondueIb" ? "-ib" : ""}`, architecture), paper: PAPER, place: `${row.table}, §${row.table === "Table 8.1" ? "8.5.2" : "8.7"}`,
      statement: `${label} finds n = ${m} ± ${sd} latent dimensions for dSprites (${family(architecture) === "conv" ? "convolutional" : "fully connected"} VAE)`,
      quantity: `|${label}'s n − ${m}| (${architecture})`,
      estimate: ns.length >= 3 ? pl.studies.seedEstimate(ns.map((n) => Math.abs(n - m))) : ns.length ? pl.studies.singleEstimate(Math.max(...ns.map((n) => Math.abs(n - m)))) : null,
      threshold: { comparison: "<", value: sd, source: { kind: "paper", quote: `${row.table}: ${label}, dSprites, "${m} ± ${sd}" (avg ± SD over 10 seeds)` } },
      learned: seeds,
      evidence: `${evidence}; ${ns.length >= 3 ? "interval over seeds" : `fewer than 3 seeds: the seed farthest from ${m}`}`,
    });
    claims.check({
      id: idFor(`fondue.n-stable-over-seeds${variant === "fondueIb" ? "-ib" : ""}`, architecture), paper: PAPER, place: `${row.table}, Tables 8.4–8.6`,
      statement: `${label}'s n is stable over seeds (SD ${sd} over 10 seeds on dSprites)`,
      quantity: `SD of ${label}'s n over seeds (${architecture})`,
      estimate: ns.length >= 2 ? pl.studies.singleEstimate(Math.sqrt(ns.reduce((a, n) => a + (n - avg(ns)) ** 2, 0) / (ns.length - 1))) : null,
      threshold: { comparison: "<", value: sd, source: { kind: "paper", quote: `${row.table}: ${label}, dSprites, "${m} ± ${sd}" (SD over 10 seeds)` } },
      gates: [pl.studies.seedsGate(ns.length)],
      learned: seeds,
      untestable: "a single seed",
      evidence,
    });
  }
  if (!dsprites) {
    const seeds = pl.studies.learnedSubset(t.runs.filter((r) => r.variant === "fondue"), (r) => searchLearners(architecture, t, r), { what: "seeds", min: 1 });
    const ns = seeds.kept.map((r) => r.n);
    claims.check({
      id: idFor("fondue.n-known", architecture), paper: PAPER, place: "Theorem 8.3.3, §8.3.2; §4.2",
      statement: "FONDUE (t = 1) returns the maximal number of latent dimensions with only non-passive variables: the k informative directions of linear-Gaussian data",
      quantity: `|FONDUE's n − ${informative}| in the seed farthest from it`,
      estimate: informative === null || !ns.length ? null : pl.studies.singleEstimate(Math.max(...ns.map((n) => Math.abs(n - informative)))),
      threshold: { comparison: "<", value: 1, source: { kind: "paper", quote: "Theorem 8.3.3: \"If t ≥ 1, FONDUE returns the maximal number of latent dimensions for which a VAE contains only non-passive variables\" (an integer: exactly k)" } },
      learned: seeds,
      untestable: "the number of informative directions of this dataset is not known",
      evidence: seeds.kept.map((r) => `seed ${r.seed}: n = ${r.n}`).join("; "),
    });
  }
}

// %% [markdown]
// ## The elbow curves FONDUE should land on (thesis §8.5.2, Figs. 8.5–8.8)
//
// "FONDUE estimates generally locate the Elbow point correctly", "a good trade-off between low
// reconstruction loss and high accuracy". An elbow is a bend: the gain per added latent is larger before
// FONDUE's n than after it. With the grid points below (n₋) and at (n₀, the nearest to FONDUE's n) and
// the largest (n₊): bend = gain per latent from n₋ to n₀ − gain per latent from n₀ to n₊, for the
// reconstruction loss (a gain is a fall) and the downstream quality (a gain is a rise). The claim holds
// when the 95 % interval of the bend over seeds lies above 0 (needs at least 3 seeds whose models at
// n₋, n₀ and n₊ learned).

// %%
for (const { figures: f } of studies) if (f.elbow) await display(f.elbow);

// %%
for (const { architecture, tables: t } of studies) {
  const plain = t.runs.filter((r) => r.variant === "fondue");
  const dims = [...new Set(t.elbow.map((e) => e.n))].sort((a, b) => a - b);
  const elbowSeeds = [...new Set(t.elbow.map((e) => e.seed))];
  const elbowModel = (n: number, seed: number) => t.elbow.find((e) => e.n === n && e.seed === seed)!;
  /**
   * Per seed: the bend of a curve (value per n; sign +1 when higher is better) at FONDUE's n for that
   * seed, and the models it rests on (the three elbow models n₋, n₀, n₊ and those of the seed's search): a
   * seed is left out when one of them did not learn.
   */
  const bends = (value: (e: (typeof t.elbow)[number]) => number, sign: number) =>
    elbowSeeds.flatMap((seed) => {
      const run = plain.find((r) => r.seed === seed);
      if (run === undefined) return [];
      const n = run.n;
      const at = dims.reduce((best, d) => (Math.abs(d - n) < Math.abs(best - n) ? d : best), dims[0]);
      const i = dims.indexOf(at);
      if (i <= 0 || i >= dims.length - 1) return [];
      const f = (d: number) => sign * value(elbowModel(d, seed));
      const [lo, hi] = [dims[i - 1], dims[dims.length - 1]];
      const models = [...[lo, at, hi].map((d) => {
        const e = elbowModel(d, seed);
        return { label: `${architecture} elbow n = ${d} seed ${seed}`, reconstruction: e.reconstruction, baseline: e.meanImageRecon, baselineName: "mean image" };
      }), ...searchLearners(architecture, t, run)];
      return [{ seed, at, bend: (f(at) - f(lo)) / (at - lo) - (f(hi) - f(at)) / (hi - at), models }];
    });
  for (const [curve, value, sign, unit] of [
    ["reconstruction", (e: (typeof t.elbow)[number]) => e.reconstruction, -1, "nats"],
    ["downstream", (e: (typeof t.elbow)[number]) => e.downstream, 1, t.elbow[0]?.downstreamMetric ?? "downstream"],
  ] as const) {
    const all = bends(value, sign);
    const seeds = pl.studies.learnedSubset(all, (x) => x.models, { what: "seeds", min: 3 });
    const b = seeds.kept;
    claims.check({
      id: idFor(`fondue.elbow-${curve}`, architecture), paper: PAPER, place: "§8.5.2, Fig. 8.5",
      statement: `${architecture}: FONDUE's n lies at the elbow of the ${curve} curve ("FONDUE estimates generally locate the Elbow point correctly")`,
      quantity: `gain per latent before FONDUE's n − gain per latent after it (${unit} per latent)`,
      estimate: b.length ? pl.studies.seedEstimate(b.map((x) => x.bend)) : null,
      threshold: { comparison: ">", value: 0, source: { kind: "seeds", how: "the 95 % interval over seeds of the bend must exclude 0 (lie above it)" } },
      gates: [pl.studies.seedsGate(all.length)],
      learned: seeds,
      untestable: `FONDUE's n is not inside the elbow grid (${dims.join(", ")}) at this scale`,
      evidence: b.map((x) => `seed ${x.seed}: n₀ = ${x.at}, bend ${fmt(x.bend, 3)}`).join("; ") + `; grid ${dims.join(", ")}`,
    });
  }
}

// %% [markdown]
// ## FONDUE and its variants
//
// FONDUE_IDE (intrinsic dimension of z minus that of μ), FONDUE_IB and the supervised binary searches
// (BS_FONDUE, IB; Algorithms 5–8) on the same data. Their answers, the models each trained and the time
// spent:

// %%
studies.flatMap(({ architecture, tables: t }) => t.runs.map((r) => ({ architecture, variant: r.label, seed: r.seed, n: r.n, init: r.init, models: r.models, seconds: Number(r.seconds.toFixed(1)) })))

// %% [markdown]
// ## Summary

// %%
console.log(claims.summary());
claims.claims.map((c) => ({ id: c.id, verdict: c.verdict, estimate: c.estimate ? pl.studies.formatEstimate(c.estimate) : "n/a", threshold: `${c.threshold.comparison} ${fmt(c.threshold.value, 3)} (${c.threshold.source.kind})`, reason: c.reason }))
