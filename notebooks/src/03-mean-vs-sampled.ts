// %% [markdown]
// # Mean vs sampled representations
//
// **Question** (thesis ch. 6; Bonheme & Grzes, *Be More Active!*, the poster): Locatello et al. (2019)
// observed that the mean representation μ of a VAE scores worse on unsupervised disentanglement
// metrics (total correlation, averaged mutual information) than the sampled representation z. Why?
// The thesis' answer: *passive* variables. For active variables z ≈ μ, so any discrepancy must come
// from passive ones, which are uninformative noise in z but correlated near-constants in μ.
//
// **Setup**: VAE-family models (β-VAE, β-TC VAE at quick scale; β-VAE, β-TC VAE, annealed VAE and
// DIP-VAE II at reference scale; the six disentanglement_lib models at paper scale) over a grid of
// regularisation strengths and seeds on dSprites and on colour dSprites (disentanglement_lib's
// ColorDSprites: the same five factors, each sprite in a random colour; thesis §6.4, Figs. 6.6c, 6.9).
// For each: the variable
// types, Gaussian TC, averaged MI and effective rank of μ and z on the full representation, without
// passive variables and on active variables only; logistic-regression probes of the ground-truth
// factors for every combination of variable types; and the correlation of each variable with the
// others over training snapshots.
//
// **Claims**: each finding of the thesis is checked on this run's numbers as a value (estimate with
// its 95 % interval, threshold with its source: the paper's words, or a noise floor measured by the
// same estimator on independent Gaussians of the same shape). Claims on trained models count only
// models that reconstruct better than the mean training image (the best constant predictor).

// %% tags=["parameters"]
// Scale of the run: "smoke" (seconds, for CI), "quick" (minutes on a laptop), "reference" (≤ 30 min on
// 2 cores: several seeds, models that learn), "paper" (a GPU).
let scale = "quick";

// %%
const S = pl.studies.checkScale(scale);
const claims = new pl.studies.ClaimLog("03-mean-vs-sampled", S);
const { bootstrapEstimate, learnedSubset, nullLevel, mean: avg } = pl.studies;
const fmt = (x: number | null | undefined, digits = 3) => pl.studies.formatNumber(x, digits);
const THESIS = "Bonheme (thesis)";

// %% [markdown]
// ## The setup at this scale

// %%
const overrides: Record<string, unknown> = {};
// Quick scale runs dSprites only: colour dSprites' quick preset leaves one model in a polarised regime, too few
// for its claims, and `npm start` has 15 minutes for every notebook (the reference scale runs both).
const DATASETS = [
  { tag: "dsprites", label: "dSprites", presets: pl.studies.MEAN_VS_SAMPLED_PRESETS },
  { tag: "color-dsprites", label: "colour dSprites", presets: pl.studies.MEAN_VS_SAMPLED_COLOR_PRESETS },
].filter((d) => S !== "quick" || d.tag === "dsprites");
DATASETS.map((d) => ({ dataset: d.label, ...pl.studies.resolveConfig("meanVsSampledStudy", d.presets, S, overrides) }))

// %% [markdown]
// ## Running the study

// %%
const runs: { tag: string; label: string; result: Awaited<ReturnType<typeof pl.studies.meanVsSampledStudy>>; figures: ReturnType<typeof pl.studies.meanVsSampledFigures> }[] = [];
for (const d of DATASETS) {
  const result = await pl.studies.meanVsSampledStudy({ scale: S, params: overrides, cacheDir: ".polarlab-runs/mean-vs-sampled" }, d.presets);
  console.log(`${result.study} on ${d.label} at ${result.scale} scale: ${result.seconds.toFixed(0)} s, ${result.cache.trainings} models trained, ${result.cache.hits} cached`);
  runs.push({ tag: d.tag, label: d.label, result, figures: pl.studies.meanVsSampledFigures(result) });
}
/** Displays the figure `name` of every dataset that has it. */
const showAll = async (name: string) => {
  for (const run of runs) if (run.figures[name]) await display(run.figures[name]);
};
runs.flatMap((run) => run.result.tables.types.map((r) => ({ dataset: run.label, ...r })))

// %% [markdown]
// ## Which models learned, and the statistics of the claims
//
// A model whose held-out reconstruction loss is no better than the mean training image's (the best
// constant predictor under the same Bernoulli likelihood) has not learned to encode; claims never
// rest on such a model. The representation claims use the models in a polarised regime (at least one
// active and one passive variable) that learned; each claim names the polarised models it left out.
// Each claim's estimate is the mean over these models with a 95 % bootstrap interval over the models.
//
// Averaged MI and Gaussian TC are biased upwards at finite n: on *independent* Gaussians of the probe's
// size they are not 0. Every threshold on them is therefore the 95 % quantile of the same statistic
// computed on independent Gaussians with each model's n, number of variables and passive count
// (20 draws, `nullLevel`). Every claim is checked on each dataset separately (its id ends with the
// dataset).

// %%
type Run = (typeof runs)[number];
type TypeRow = Run["result"]["tables"]["types"][number];
type Gaussian = { data: Float32Array; shape: [number, number] };
const key = (r: { model: string; value: number; seed: number }) => `${r.model}|${r.value}|${r.seed}`;
const label = (r: TypeRow) => `${r.model} ${r.param}=${r.value} seed ${r.seed}`;
const asLearner = (r: TypeRow) => ({ label: label(r), reconstruction: r.reconstruction, baseline: r.meanImageRecon, baselineName: "mean image" });
/** Mean over models with its bootstrap interval over the models; null (with why) for fewer than 2. */
const overModels = (values: number[], what: string) =>
  values.length >= 2
    ? { estimate: bootstrapEstimate(values, avg, { seed: 0 }), untestable: "" }
    : { estimate: null, untestable: `${values.length} model(s) ${what} at this scale; an interval over models needs at least 2` };
const firstColumns = (k: number) => Array.from({ length: k }, (_, i) => i);
const tc = (x: Gaussian, columns?: number[]) => pl.metrics.gaussianTotalCorrelation(x, columns ? { columns } : {});
const ami = (x: Gaussian, columns?: number[]) => pl.metrics.averagedMutualInformation(x, columns ? { columns } : {});

/** What the claims read from one dataset's run: its tables, its learned polarised models, its null data. */
const view = (run: Run) => {
  const { config, tables } = run.result;
  const { types: typeRows, scores, probes, nullProbes, correlation } = tables;
  // The models in a polarised regime that learned: every representation claim is computed on these
  // and names the polarised models left out; an interval over models needs at least 2.
  const polarisedLearned = learnedSubset(typeRows.filter((r) => r.active > 0 && r.passive > 0), (r) => [asLearner(r)], { what: "models in a polarised regime", min: 2 });
  const polarised = polarisedLearned.kept;
  const score = (r: TypeRow, representation: string, subset: string, field: "tc" | "ami" | "erank") =>
    scores.find((s) => key(s) === key(r) && s.representation === representation && s.subset === subset)?.[field] ?? null;
  /** Mean over factors of accuracy − random baseline for one model, representation and variable subset; null if absent. */
  const probeGap = (r: TypeRow, representation: string, variables: string) => {
    const rows = probes.filter((p) => key(p) === key(r) && p.representation === representation && p.variables === variables);
    return rows.length ? avg(rows.map((p) => p.accuracy - p.baseline)) : null;
  };
  // Independent N(0, 1) matrices with the probe's number of rows: the null data of the TC and MI claims.
  const n = config.probeExamples;
  const gaussian = (rng: { normals(k: number): Float32Array }, d: number): Gaussian => ({ data: rng.normals(n * d), shape: [n, d] });
  /** 95 % quantile over 20 null draws of a per-model statistic averaged over `models` (d variables, p passive each). */
  const nullOver = (models: TypeRow[], stat: (draw: () => { normals(k: number): Float32Array }, d: number, p: number) => number) =>
    nullLevel((seed) => {
      const rng = new pl.Rng(seed);
      return avg(models.map((m) => stat(() => rng, m.active + m.mixed + m.passive, m.passive)));
    });
  const amiFloor = nullLevel((seed) => ami(gaussian(new pl.Rng(seed), config.model.latent ?? 10)), { q: 0.5 });
  return {
    run, config, typeRows, probes, nullProbes, correlation, polarised, polarisedLearned, score, probeGap, n, gaussian, nullOver, amiFloor,
    /** Claim ids end with the dataset; statements name it. */
    id: (stem: string) => `${stem}.${run.tag}`,
    on: ` (${run.label})`,
  };
};
const views = runs.map(view);
for (const { run, typeRows, polarised, polarisedLearned, n, config, amiFloor } of views) {
  console.log(`${run.label}:\n` + typeRows.map((r) => `  ${label(r)}: ${r.active}/${r.mixed}/${r.passive} active/mixed/passive; reconstruction ${fmt(r.reconstruction, 1)} vs mean image ${fmt(r.meanImageRecon, 1)} nats`).join("\n"));
  console.log(`  ${polarised.length} learned model(s) in a polarised regime${polarisedLearned.note ? `; ${polarisedLearned.note}` : ""}${polarisedLearned.gate.ok ? "" : `; ${polarisedLearned.gate.reason}`}`);
  console.log(`  averaged MI of independent Gaussians (n = ${n}, d = ${config.model.latent ?? 10}, 20 bins), median over 20 draws: ${fmt(amiFloor)} nats`);
}

// %% [markdown]
// ## Identifying variable types (thesis §6.4.1, Fig. 6.5)
//
// A variable is active when its variance representation σ²ⱼ stays near 0 over the data, passive when it
// stays near 1, mixed otherwise (α = 0.1). The thesis (§6.4.1, Fig. 6.5): "the number of passive and
// mixed variables increases with the regularisation strength". Measured: for each model family and
// seed, passive + mixed at the strongest minus at the weakest regularisation of the grid. A (family,
// seed) counts only when both of its ends learned: a model still at the mean image has every variable
// passive whatever its regularisation (its decoder ignores z), so its count says nothing about the
// regularisation, and counting it would let a run that failed to train support the claim. A strongest
// setting that collapsed part of the latent space but still reconstructs is kept: that is the finding.
// The (family, seed) grids left out are named in the claim. For the annealed VAE the strength is the
// inverse of its capacity C: "a higher value of the hyperparameter C means that the regularisation
// strength decreases" (thesis App. B.1).

// %%
await showAll("types");

// %%
/** Regularisation strength, increasing: the annealed VAE's capacity C regularises less as it grows. */
const strength = (r: TypeRow) => (r.param === "cMax" ? -r.value : r.value);
for (const v of views) {
  const { typeRows, probes, nullProbes, correlation, polarised, polarisedLearned, score, probeGap, gaussian, nullOver, amiFloor, config, id, on } = v;
  const grids: { lo: TypeRow; hi: TypeRow }[] = [];
  for (const model of [...new Set(typeRows.map((r) => r.model))]) {
    for (const seed of [...new Set(typeRows.map((r) => r.seed))]) {
      const rows = typeRows.filter((r) => r.model === model && r.seed === seed).sort((a, b) => strength(a) - strength(b));
      if (rows.length >= 2) grids.push({ lo: rows[0], hi: rows[rows.length - 1] });
    }
  }
  const learnedGrids = learnedSubset(grids, (g) => [asLearner(g.lo), asLearner(g.hi)], { what: "(family, seed) grids", min: 2 });
  const units = learnedGrids.kept.map(({ lo, hi }) => hi.passive + hi.mixed - (lo.passive + lo.mixed));
  const lines = learnedGrids.kept.map(({ lo, hi }) => `${lo.model} seed ${lo.seed}: ${lo.passive + lo.mixed} at ${lo.param} = ${lo.value} → ${hi.passive + hi.mixed} at ${hi.value}`);
  const { estimate, untestable } = overModels(units, "(family, seed) grids");
  claims.check({
    id: id("mvs.non-active-grows-with-regularisation"),
    paper: THESIS, place: "§6.4.1, Fig. 6.5",
    statement: `the number of passive and mixed variables increases with the regularisation strength${on}`,
    quantity: "passive + mixed variables at the strongest minus at the weakest regularisation, per (family, seed)",
    estimate, untestable,
    threshold: { comparison: ">", value: 0, source: { kind: "paper", quote: "as expected, the number of passive and mixed variables increases with the regularisation strength" } },
    learned: learnedGrids,
    evidence: lines.join("; "),
  });
}

// %% [markdown]
// ## The logistic-regression sanity check (thesis §6.4.1, Fig. 6.4)
//
// Probes predict each ground-truth factor from a subset of variables. Thesis Fig. 6.4b (sampled z):
// "The passive variables gave equivalent results to a random classifier". Fig. 6.4a (mean μ): "despite
// being close to zero and having a very low variance, passive variables of the mean representation
// seem to capture some information about the data", and "in opposition to sampled representations,
// passive and active variables perform better than mixed and active variables".
//
// "Chance" is measured, not assumed: the same probe on as many independent N(0, 1) columns as the
// model has passive variables (`nullProbes`), whose accuracy − 1/classes is the null.

// %%
await showAll("probes");

// %%
for (const v of views) {
  const { typeRows, probes, nullProbes, correlation, polarised, polarisedLearned, score, probeGap, gaussian, nullOver, amiFloor, config, id, on } = v;
  const withPassiveProbes = polarised.filter((r) => probeGap(r, "sampled", "passive") !== null);
  const draws = [...new Set(nullProbes.map((p) => p.draw))];
  // The null of "mean gap over the models": the same average over the models, for each noise draw.
  const nullGaps = draws.map((d) => avg(withPassiveProbes.map((r) => avg(nullProbes.filter((p) => key(p) === key(r) && p.draw === d).map((p) => p.accuracy - p.baseline)))));
  const probeNull = nullGaps.length ? pl.studies.quantile([...nullGaps].sort((a, b) => a - b), 0.95) : 0;
  const probeNullHow = `95 % quantile over ${draws.length} draws of the same probes on independent N(0, 1) columns, as many as each model's passive variables (mean accuracy − 1/classes over factors and models)`;
  for (const [representation, stem, comparison, statement, quote] of [
    ["sampled", "mvs.passive-sampled-at-chance", "<", "passive variables of the sampled representation predict the factors no better than a random classifier", "The passive variables gave equivalent results to a random classifier"],
    ["mean", "mvs.passive-mean-informative", ">", "passive variables of the mean representation capture some information about the data", "despite being close to zero and having a very low variance, passive variables of the mean representation seem to capture some information about the data"],
  ] as const) {
    const gaps = withPassiveProbes.map((r) => probeGap(r, representation, "passive")!);
    const { estimate, untestable } = overModels(gaps, "with passive variables");
    claims.check({
      id: id(stem), paper: THESIS, place: `§6.4.1, Fig. 6.4${representation === "sampled" ? "b" : "a"}`, statement: statement + on,
      quantity: `probe accuracy − 1/classes on the passive variables of ${representation === "sampled" ? "z" : "μ"}, mean over factors`,
      estimate, untestable,
      threshold: { comparison, value: probeNull, source: { kind: "null", how: probeNullHow } },
      learned: polarisedLearned,
      evidence: `per model: ${withPassiveProbes.map((r, i) => `${label(r)} ${fmt(gaps[i])}`).join(", ")}; null draws ${nullGaps.map((g) => fmt(g)).join(", ")}; quote: "${quote}"`,
    });
  }
}

// %% [markdown]
// Fig. 6.4a compares, in μ, active + passive with active + mixed variables: in μ the passive ones
// carry more. The same figure therefore predicts that dropping the passive variables of μ costs a
// little accuracy (the full μ scores above μ without its passive variables).

// %%
for (const v of views) {
  const { typeRows, probes, nullProbes, correlation, polarised, polarisedLearned, score, probeGap, gaussian, nullOver, amiFloor, config, id, on } = v;
  const all3 = polarised.filter((r) => r.mixed > 0 && probeGap(r, "mean", "active+passive") !== null && probeGap(r, "mean", "active+mixed") !== null);
  const diffs = all3.map((r) => probeGap(r, "mean", "active+passive")! - probeGap(r, "mean", "active+mixed")!);
  const { estimate, untestable } = overModels(diffs, "with active, mixed and passive variables");
  claims.check({
    id: id("mvs.mean-passive-beats-mixed"),
    paper: THESIS, place: "§6.4.1, Fig. 6.4a",
    statement: `in the mean representation, passive and active variables predict better than mixed and active variables${on}`,
    quantity: "probe accuracy on μ: active+passive − active+mixed, mean over factors",
    estimate, untestable,
    threshold: { comparison: ">", value: 0, source: { kind: "paper", quote: "in opposition to sampled representations, passive and active variables perform better than mixed and active variables" } },
    learned: polarisedLearned,
    evidence: `per model: ${all3.map((r, i) => `${label(r)} ${fmt(diffs[i])}`).join(", ") || "none"}`,
  });
  const full = polarised.filter((r) => probeGap(r, "mean", "active+mixed+passive") !== null || (r.mixed === 0 && probeGap(r, "mean", "active+passive") !== null));
  const fullOf = (r: TypeRow) => (r.mixed > 0 ? probeGap(r, "mean", "active+mixed+passive") : probeGap(r, "mean", "active+passive"))!;
  const withoutOf = (r: TypeRow) => (r.mixed > 0 ? probeGap(r, "mean", "active+mixed") : probeGap(r, "mean", "active"))!;
  const costs = full.map((r) => fullOf(r) - withoutOf(r));
  const cost = overModels(costs, "with passive variables");
  claims.check({
    id: id("mvs.mean-drop-passive-costs-accuracy"),
    paper: THESIS, place: "§6.4.1, Fig. 6.4a",
    statement: `the passive variables of μ carry information, so μ without them predicts the factors a little worse than the full μ${on}`,
    quantity: "probe accuracy on μ: all variables − all but the passive ones, mean over factors",
    estimate: cost.estimate, untestable: cost.untestable,
    threshold: { comparison: ">", value: 0, source: { kind: "paper", quote: "passive variables of the mean representation seem to capture some information about the data" } },
    learned: polarisedLearned,
    evidence: `per model: ${full.map((r, i) => `${label(r)} ${fmt(costs[i])}`).join(", ") || "none"}`,
  });
}

// %% [markdown]
// ## TC and averaged MI of mean vs sampled representations (thesis §6.1, §6.4.4, Figs. 6.6–6.8)
//
// Locatello et al. (2019a), as the thesis states it (§6.1): "an increased TC and averaged MI over the
// dimensions of the mean representation compared to the results obtained on its sampled counterpart".
// The thesis' explanation (§6.4.4, Figs. 6.7–6.8): "The mean and sampled representation scores become
// more similar once passive variables are removed". TC is undefined (n/a) where μ has a near-constant
// column; such models drop out of the TC claims, and the evidence says how many.

// %%
for (const name of ["tc-all", "tc-noPassive", "ami-all", "ami-noPassive"]) await showAll(name);

// %%
for (const v of views) {
  const { typeRows, probes, nullProbes, correlation, polarised, polarisedLearned, score, probeGap, gaussian, nullOver, amiFloor, config, id, on } = v;
  for (const field of ["tc", "ami"] as const) {
    const F = field.toUpperCase();
    const stat = field === "tc" ? tc : ami;
    const defined = polarised.filter((r) => score(r, "mean", "all", field) !== null && score(r, "sampled", "all", field) !== null);
    const dropped = polarised.length - defined.length;
    const gaps = defined.map((r) => score(r, "mean", "all", field)! - score(r, "sampled", "all", field)!);
    const above = overModels(gaps, `with ${F} defined on μ and z`);
    const nullGap = nullOver(defined, (rng, d) => stat(gaussian(rng(), d)) - stat(gaussian(rng(), d)));
    claims.check({
      id: id(`mvs.${field}-mean-above-sampled`),
      paper: "Locatello et al. (2019a), as reported in Bonheme (thesis)",
      place: `thesis §6.1; Fig. ${field === "tc" ? "6.8a" : "6.7a"}`,
      statement: `the ${F} of the mean representation is higher than that of the sampled representation${on}`,
      quantity: `${F}(μ) − ${F}(z) on all variables, nats`,
      estimate: above.estimate, untestable: above.untestable,
      threshold: { comparison: ">", value: nullGap, source: { kind: "null", how: `95 % quantile of the mean over the models of ${F}(G₁) − ${F}(G₂), G₁, G₂ independent N(0, I) with each model's n and d (20 draws)` } },
      learned: polarisedLearned,
      evidence: `per model: ${defined.map((r, i) => `${label(r)} ${fmt(gaps[i])}`).join(", ") || "none"}${dropped ? `; ${dropped} model(s) left out: ${F}(μ) undefined` : ""}${field === "ami" ? `; the averaged MI of independent Gaussians is ${fmt(amiFloor)} nats at this n and d` : ""}`,
    });
    const closing = polarised.filter((r) => ["all", "noPassive"].every((sub) => score(r, "mean", sub, field) !== null && score(r, "sampled", sub, field) !== null));
    const shrink = closing.map((r) => Math.abs(score(r, "mean", "all", field)! - score(r, "sampled", "all", field)!) - Math.abs(score(r, "mean", "noPassive", field)! - score(r, "sampled", "noPassive", field)!));
    const closes = overModels(shrink, `with ${F} defined with and without passive variables`);
    const nullShrink = nullOver(closing, (rng, d, p) => {
      const [a, b] = [gaussian(rng(), d), gaussian(rng(), d)];
      return Math.abs(stat(a) - stat(b)) - Math.abs(stat(a, firstColumns(d - p)) - stat(b, firstColumns(d - p)));
    });
    claims.check({
      id: id(`mvs.${field}-gap-closes-without-passive`),
      paper: THESIS, place: `§6.4.4, Figs. ${field === "tc" ? "6.8b–c" : "6.7b–c"}`,
      statement: `the ${F} of the mean and sampled representations become more similar once passive variables are removed${on}`,
      quantity: `|${F}(μ) − ${F}(z)| on all variables − the same without the passive ones, nats`,
      estimate: closes.estimate, untestable: closes.untestable,
      threshold: { comparison: ">", value: nullShrink, source: { kind: "null", how: `95 % quantile of the same difference of gaps on two independent N(0, I) matrices with each model's n, d and passive count (20 draws)` } },
      learned: polarisedLearned,
      evidence: `per model: ${closing.map((r, i) => `${label(r)} ${fmt(shrink[i])}`).join(", ") || "none"}${polarised.length - closing.length ? `; ${polarised.length - closing.length} model(s) left out: ${F} undefined or fewer than 2 non-passive variables` : ""}`,
    });
  }
}

// %% [markdown]
// ## Theorems 6.4.1 and 6.4.2: passive variables and the scores of z (thesis §6.4.2)
//
// Theorem 6.4.1: "The TC of sampled representations is not modified by passive variables." Theorem
// 6.4.2: "The averaged MI of sampled representations decreases with the number of passive variables."
// At finite n neither is exact for the estimators: adding independent columns changes the Gaussian TC
// by a finite-sample amount, and each added pair contributes the averaged MI's floor instead of 0.
// The thresholds are those finite-sample effects, measured on independent Gaussians with each model's
// shape; Theorem 6.4.1's check is not testable when that floor exceeds both TC values (the probe is
// then too small to see a change of the size of the values themselves).

// %%
for (const v of views) {
  const { typeRows, probes, nullProbes, correlation, polarised, polarisedLearned, score, probeGap, gaussian, nullOver, amiFloor, config, id, on } = v;
  const both = polarised.filter((r) => score(r, "sampled", "all", "tc") !== null && score(r, "sampled", "noPassive", "tc") !== null);
  const changes = both.map((r) => Math.abs(score(r, "sampled", "all", "tc")! - score(r, "sampled", "noPassive", "tc")!));
  const unchanged = overModels(changes, "with TC(z) defined with and without passive variables");
  const floor = nullOver(both, (rng, d, p) => {
    const g = gaussian(rng(), d);
    return Math.abs(tc(g) - tc(g, firstColumns(d - p)));
  });
  const [tcAll, tcNp] = [avg(both.map((r) => score(r, "sampled", "all", "tc")!)), avg(both.map((r) => score(r, "sampled", "noPassive", "tc")!))];
  const resolvable = both.length === 0 || floor < Math.max(tcAll, tcNp);
  claims.check({
    id: id("mvs.theorem-6-4-1-tc-z-unchanged"),
    paper: THESIS, place: "§6.4.2, Theorem 6.4.1",
    statement: `the TC of sampled representations is not modified by passive variables${on}`,
    quantity: "|TC(z) with − without the passive variables|, nats",
    estimate: unchanged.estimate, untestable: unchanged.untestable,
    threshold: { comparison: "<", value: floor, source: { kind: "null", how: "95 % quantile of |TC(G) − TC(G without its last p columns)| for G independent N(0, I) with each model's n, d and passive count p, averaged over the models (20 draws)" } },
    learned: polarisedLearned,
    gates: [{ ok: resolvable, reason: `the null floor ${fmt(floor)} nats exceeds both TC(z) values (${fmt(tcAll)} with, ${fmt(tcNp)} without passive variables): this probe size cannot resolve a change` }],
    evidence: `TC(z) with passive ${fmt(tcAll)}, without ${fmt(tcNp)} nats (mean over ${both.length} models); per model |change|: ${both.map((r, i) => `${label(r)} ${fmt(changes[i])}`).join(", ") || "none"}`,
  });
  const amiBoth = polarised.filter((r) => score(r, "sampled", "all", "ami") !== null && score(r, "sampled", "noPassive", "ami") !== null);
  const drops = amiBoth.map((r) => score(r, "sampled", "noPassive", "ami")! - score(r, "sampled", "all", "ami")!);
  const decreases = overModels(drops, "with averaged MI of z defined with and without passive variables");
  const amiNull = nullOver(amiBoth, (rng, d, p) => {
    const g = gaussian(rng(), d);
    return ami(g, firstColumns(d - p)) - ami(g);
  });
  claims.check({
    id: id("mvs.theorem-6-4-2-ami-z-decreases"),
    paper: THESIS, place: "§6.4.2, Theorem 6.4.2",
    statement: `the averaged MI of sampled representations decreases with the number of passive variables${on}`,
    quantity: "MI_avg(z) without − with the passive variables, nats",
    estimate: decreases.estimate, untestable: decreases.untestable,
    threshold: { comparison: ">", value: amiNull, source: { kind: "null", how: "95 % quantile of MI_avg(G without its last p columns) − MI_avg(G) for G independent N(0, I) with each model's n, d and p, averaged over the models (20 draws, 20 bins)" } },
    learned: polarisedLearned,
    evidence: `per model: ${amiBoth.map((r, i) => `${label(r)} ${fmt(drops[i])}`).join(", ") || "none"}; MI_avg of independent Gaussians ≈ ${fmt(amiFloor)} nats at this n`,
  });
}

// %% [markdown]
// Theorem 6.4.2's own construction, on synthetic data where the answer is known: two active variables
// with correlation ρ = 0.9 (MI = −½ log(1 − ρ²) = 0.830 nats) and four passive N(0, 1) variables. The
// proof gives MI_avg(ẑ) = 2c / (n² − n) = 0.055 nats (n = 6 variables) in the population; the estimator adds its floor to
// every independent pair.

// %%
{
  // Dataset-independent: the probe size and the MI floor of the first dataset.
  const { n, gaussian, amiFloor } = views[0];
  const rng = new pl.Rng(3);
  const rho = 0.9;
  const synth = { data: new Float32Array(n * 6), shape: [n, 6] as [number, number] };
  for (let i = 0; i < n; i++) {
    const [a, e] = [rng.normal(), rng.normal()];
    const row = [a, rho * a + Math.sqrt(1 - rho * rho) * e, rng.normal(), rng.normal(), rng.normal(), rng.normal()];
    synth.data.set(row, i * 6);
  }
  const c = -0.5 * Math.log(1 - rho * rho);
  const [two, six] = [ami(synth, [0, 1]), ami(synth)];
  const synthNull = nullLevel((seed) => {
    const g = gaussian(new pl.Rng(100 + seed), 6);
    return ami(g, [0, 1]) - ami(g);
  });
  claims.check({
    id: "mvs.theorem-6-4-2-synthetic",
    paper: THESIS, place: "§6.4.2, Theorem 6.4.2 (proof's construction)",
    statement: "adding passive variables to two dependent active variables decreases the averaged MI",
    quantity: "MI_avg(2 active) − MI_avg(2 active + 4 passive), nats",
    estimate: pl.studies.singleEstimate(two - six),
    threshold: { comparison: ">", value: synthNull, source: { kind: "null", how: `95 % quantile of MI_avg(first 2 columns) − MI_avg(all 6) on independent N(0, I), n = ${n} (20 draws)` } },
    evidence: `MI_avg: 2 active ${fmt(two)} (closed form ${fmt(c)}), with 4 passive ${fmt(six)} (population ${fmt((2 * c) / 30)} + the estimator's floor ≈ ${fmt(amiFloor)})`,
  });
}

// %% [markdown]
// ## Effective rank (thesis §6.4.3, Fig. 6.6c)
//
// "The effective rank of mean representations is … close to the total number of latent variables minus
// the passive ones", while "in sampled representations, the effective rank is close to the total
// number of variables as the passive variables are replaced by uncorrelated samples".

// %%
await showAll("erank-all");

// %%
for (const v of views) {
  const { typeRows, probes, nullProbes, correlation, polarised, polarisedLearned, score, probeGap, gaussian, nullOver, amiFloor, config, id, on } = v;
  const ranked = polarised.filter((r) => score(r, "mean", "all", "erank") !== null && score(r, "sampled", "all", "erank") !== null);
  const d = (r: TypeRow) => r.active + r.mixed + r.passive;
  const higher = ranked.map((r) => score(r, "sampled", "all", "erank")! - score(r, "mean", "all", "erank")!);
  const h = overModels(higher, "with an effective rank");
  claims.check({
    id: id("mvs.erank-sampled-above-mean"),
    paper: THESIS, place: "§6.4.3, Fig. 6.6c",
    statement: `the sampled representation has a higher effective rank than the mean one when passive variables exist${on}`,
    quantity: "erank(z) − erank(μ) on all variables",
    estimate: h.estimate, untestable: h.untestable,
    threshold: { comparison: ">", value: 0, source: { kind: "paper", quote: "in sampled representations, the effective rank is close to the total number of variables as the passive variables are replaced by uncorrelated samples" } },
    learned: polarisedLearned,
    evidence: ranked.map((r) => `${label(r)}: μ ${fmt(score(r, "mean", "all", "erank"), 2)}, z ${fmt(score(r, "sampled", "all", "erank"), 2)} of ${d(r)}`).join("; "),
  });
  const nearer = ranked.map((r) => Math.abs(score(r, "mean", "all", "erank")! - d(r)) - Math.abs(score(r, "mean", "all", "erank")! - (d(r) - r.passive)));
  const near = overModels(nearer, "with an effective rank");
  claims.check({
    id: id("mvs.erank-mean-near-non-passive"),
    paper: THESIS, place: "§6.4.3, Fig. 6.6c",
    statement: `the effective rank of the mean representation is close to the number of latent variables minus the passive ones${on}`,
    quantity: "|erank(μ) − d| − |erank(μ) − (d − passive)|: how much nearer d − passive than d",
    estimate: near.estimate, untestable: near.untestable,
    threshold: { comparison: ">", value: 0, source: { kind: "paper", quote: "The effective rank of mean representations is, as shown in Figure 6.6c, close to the total number of latent variables minus the passive ones" } },
    learned: polarisedLearned,
    evidence: ranked.map((r) => `${label(r)}: erank(μ) ${fmt(score(r, "mean", "all", "erank"), 2)}, d − passive = ${d(r) - r.passive}`).join("; "),
  });
}

// %% [markdown]
// ## Correlation of passive variables during training (thesis §6.5, Figs. 6.9–6.10)
//
// "The correlation score of the passive variables is more often above 0.2 than the scores of the
// active variables across the 300 snapshots recorded during the training process" (§6.5; the 0.2 is
// the thesis' threshold, Fig. 6.10). For each variable of μ we count the training snapshots where its
// strongest |correlation| with another variable exceeds 0.2.

// %%
for (const name of ["correlation", "correlation-matrix"]) await showAll(name);

// %%
for (const v of views) {
  const { typeRows, probes, nullProbes, correlation, polarised, polarisedLearned, score, probeGap, gaussian, nullOver, amiFloor, config, id, on } = v;
  const share = (r: TypeRow, type: string) => {
    const rows = correlation.filter((c) => key(c) === key(r) && c.type === type && c.snapshots > 0);
    return rows.length ? avg(rows.map((c) => c.aboveThreshold / c.snapshots)) : null;
  };
  const both = polarised.filter((r) => share(r, "passive") !== null && share(r, "active") !== null);
  const diffs = both.map((r) => share(r, "passive")! - share(r, "active")!);
  const { estimate, untestable } = overModels(diffs, "with active and passive variables and snapshots");
  claims.check({
    id: id("mvs.passive-correlated-more-often"),
    paper: THESIS, place: "§6.5, Fig. 6.10",
    statement: `passive variables of μ are more often correlated (|corr| > ${config.correlationThreshold}) with another variable than active ones during training${on}`,
    quantity: `share of snapshots with max |corr| > ${config.correlationThreshold}: passive − active variables`,
    estimate, untestable,
    threshold: { comparison: ">", value: 0, source: { kind: "paper", quote: "the correlation score of the passive variables is more often above 0.2 than the scores of the active variables" } },
    learned: polarisedLearned,
    evidence: both.map((r) => `${label(r)}: passive ${fmt(share(r, "passive"))}, active ${fmt(share(r, "active"))}`).join("; "),
  });
}

// %% [markdown]
// ## Summary
//
// The thesis' conclusion (§6.6): passive variables of μ "are near zero with low variance and seem to
// have an arbitrary high correlation with other variables. Thus, one may want to remove them" before
// feeding μ to algorithms sensitive to such features; the claims above show, on this run, whether the
// mechanism holds (the TC and MI gaps close without them) and what it costs (Fig. 6.4a: μ's passive
// variables carry a little information).

// %%
console.log(claims.summary());
claims.claims.map((c) => ({ id: c.id, verdict: c.verdict, estimate: c.estimate ? pl.studies.formatEstimate(c.estimate) : "not measured", threshold: `${c.threshold.comparison} ${fmt(c.threshold.value)} (${c.threshold.source.kind})`, reason: c.reason }))
