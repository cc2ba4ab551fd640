// %% [markdown]
// # Posterior collapse in Variational Gradient Origin Networks
//
// **Question** (Clapham & Grzes, *Posterior Collapse in Variational Gradient Origin Networks*, the
// "VGON paper"): a VGON has no encoder network; its latent code is the negative gradient of the loss
// at the origin z₀ = 0. Does it collapse like a VAE when the KL weight β grows, and does it learn the
// same representations?
//
// **Setup**: VGON and β-VAE trained over a grid of β (and seeds) on dSprites and on MNIST, the
// paper's datasets with and without ground-truth factors; for each dataset, model and β we measure, on one fixed probe of images, the KL divergence, the counts of active / mixed / passive
// variables (α = 0.1 rule of thesis §6.4.1), the distributions of μ and σ² per latent, and linear CKA
// between the two models' mean and variance representations for every pair of β (VGON paper §III–IV).

// %% tags=["parameters"]
// Scale of the run: "smoke" (seconds, for CI), "quick" (minutes on a laptop), "reference" (≤ 30 min on
// 2 cores: several seeds, models that learn), "paper" (a GPU).
let scale = "quick";

// %%
const claims = new pl.studies.ClaimLog("01-vgon-collapse", scale);
const { seedEstimate, bootstrapEstimate, singleEstimate, learnedSubset, seedsGate, quantile, mean: avg, meanDefined } = pl.studies;
const fmt = (x: number | null | undefined, digits = 2) => pl.studies.formatNumber(x, digits);
const PAPER = "Clapham & Grzes, Posterior Collapse in VGONs";
// A difference whose 95 % interval (over seeds, or bootstrap) must lie above 0: "no difference" is the null.
const aboveZero = (how: string) => ({ comparison: ">" as const, value: 0, source: { kind: "null" as const, how } });

// %% [markdown]
// ## The setup at this scale
//
// The presets of the chosen scale (`pl.studies.COLLAPSE_STUDY_PRESETS` for dSprites,
// `pl.studies.COLLAPSE_STUDY_MNIST_PRESETS` for MNIST); the paper's own setting is 7 values of β, 10 seeds,
// 200 epochs of 64×64 dSprites, MNIST and smallNORB. CPU-sized presets use a pooled dSprites subsample, an
// MNIST subsample, fewer β on MNIST and fewer steps. `overrides` applies to both datasets.

// %%
const S = pl.studies.checkScale(scale);
const overrides: Record<string, unknown> = {};
// Quick scale runs dSprites only: MNIST's quick preset has one seed, too few for its claims over seeds, and
// `npm start` has 15 minutes for every notebook (the reference scale runs both, with three seeds).
const DATASETS = [
  { tag: "dsprites", label: "dSprites", presets: pl.studies.COLLAPSE_STUDY_PRESETS },
  { tag: "mnist", label: "MNIST", presets: pl.studies.COLLAPSE_STUDY_MNIST_PRESETS },
].filter((d) => S !== "quick" || d.tag === "dsprites");
DATASETS.map((d) => ({ dataset: d.label, ...pl.studies.resolveConfig("collapseStudy", d.presets, S, overrides) }))

// %% [markdown]
// ## Running the study
//
// Trained models and their measurements are cached in `.polarlab-runs/`, so running this cell again
// skips finished work. An interrupt stops it within a training step.

// %%
const runs: { tag: string; label: string; result: Awaited<ReturnType<typeof pl.studies.collapseStudy>>; figures: ReturnType<typeof pl.studies.collapseFigures> }[] = [];
for (const d of DATASETS) {
  const result = await pl.studies.collapseStudy({ scale: S, params: overrides, cacheDir: ".polarlab-runs/collapse" }, d.presets);
  console.log(`${result.study} on ${d.label} at ${result.scale} scale: ${result.seconds.toFixed(0)} s, ${result.cache.trainings} models trained, ${result.cache.hits} cached`);
  runs.push({ tag: d.tag, label: d.label, result, figures: pl.studies.collapseFigures(result) });
}
/** Displays the figure `name` of every dataset that has it. */
const showAll = async (name: string) => {
  for (const run of runs) if (run.figures[name]) await display(run.figures[name]);
};

// %% [markdown]
// ## KL divergence against β (VGON paper, Fig. 3)
//
// The paper: "VGONs are experiencing KL collapse as KLD diminishes with higher β … VAEs and VGONs come
// to very similar values of KL divergence" (§IV).

// %%
await showAll("kl");

// %% [markdown]
// ### Did the models learn?
//
// A claim about a latent space is evidence only if the model learned to encode. Each model's
// reconstruction (nats per example on the probe) is compared with two baselines: the best constant
// predictor (the mean image under the same likelihood) and the model's own fully collapsed run (the
// largest β at which every latent is passive), and must beat both by 10 % (`pl.studies.LEARNED_MARGIN`). The claims below that rest on the models at the low end of the β grid are
// computed over the seeds whose models learned there; each names the seeds it left out.

// %%
type Run = (typeof runs)[number];
type Key = "kl" | "passive" | "active" | "mixed";
/** What every claim reads from one dataset's run: its grid, its rows and the seeds whose models learned. */
const view = (run: Run) => {
  const { config, tables } = run.result;
  const summary = tables.summary;
  const seeds = config.seeds;
  const betas = [...config.betas].sort((a, b) => a - b);
  const rowsAt = (model: string, beta: number) => summary.filter((r) => r.model === model && r.beta === beta);
  const valueAt = (model: string, beta: number, seed: number, key: Key) => summary.find((r) => r.model === model && r.beta === beta && r.seed === seed)![key];
  /** The mean over the seeds `over` (default: all). */
  const meanAt = (model: string, beta: number, key: Key, over: readonly number[] = seeds) => avg(rowsAt(model, beta).filter((r) => over.includes(r.seed)).map((r) => r[key]));
  /** One run beside its baselines: the mean image, and its own fully collapsed run where there is one. */
  const baselines = (model: string, beta: number, seed: number) => rowsAt(model, beta).filter((r) => r.seed === seed).flatMap((r) => [
    { label: `${run.label} ${model} β=${beta} seed ${r.seed}`, reconstruction: r.probeReconstruction, baseline: r.meanImageRecon, baselineName: "mean image" },
    ...(r.collapsedRecon === null || r.collapsedBeta === beta ? [] : [{ label: `${run.label} ${model} β=${beta} seed ${r.seed}`, reconstruction: r.probeReconstruction, baseline: r.collapsedRecon, baselineName: `its collapsed run at β = ${r.collapsedBeta}` }]),
  ]);
  /** The seeds at which every model of `models` learned at every β of `atBetas` (at least `min` for the claim). */
  const learnedSeeds = (models: string[], atBetas: number[], min: number) =>
    learnedSubset(seeds, (seed) => models.flatMap((model) => atBetas.flatMap((beta) => baselines(model, beta, seed))), { what: "seeds", min });
  const [VGON, VAE] = config.models;
  return {
    run, config, tables, summary, seeds, betas, VGON, VAE, rowsAt, valueAt, meanAt, learnedSeeds,
    lowest: betas[0], highest: betas[betas.length - 1], lowBetas: betas.filter((b) => b <= 1),
    /** Claim ids end with the dataset; statements name it. */
    id: (stem: string) => `${stem}.${run.tag}`,
    on: ` (${run.label})`,
  };
};
const views = runs.map(view);
views.flatMap((v) => v.summary.map((r) => ({ dataset: v.run.label, model: r.model, beta: r.beta, seed: r.seed, reconstruction: fmt(r.probeReconstruction, 1), meanImage: fmt(r.meanImageRecon, 1), collapsed: fmt(r.collapsedRecon, 1), learned: r.learned, kl: fmt(r.kl, 2) })))

// %% [markdown]
// ### Claims: the KL divergence
//
// Every claim is checked on each dataset separately (its id ends with the dataset).
//
// - "VGONs are experiencing KL collapse as KLD diminishes with higher β" (§IV.A, Fig. 3), and so do
//   VAEs: per seed, KL at the smallest β minus KL at the largest, whose 95 % interval over seeds must
//   lie above 0.
// - "VAEs and VGONs come to very similar values of KL divergence" (§IV.A, Fig. 3). "Very similar" has
//   no number in the paper; the threshold is the noise of the same comparison between two runs of one
//   model that differ only in their seed: the 95 % quantile of |KL(seed s) − KL(seed s′)| over models,
//   β and seed pairs. The VGON–VAE difference (seed-matched, averaged over β, bootstrap over β) must
//   lie below it.

// %%
/** The 95 % quantile of |v(seed s) − v(seed s′)| for one model over β and pairs of `seeds`: the seed noise of a quantity. */
const seedNoise = ({ config, betas, valueAt }: ReturnType<typeof view>, key: "kl" | "passive", seeds: readonly number[]) => {
  const seedPairs = seeds.flatMap((s, i) => seeds.slice(i + 1).map((t) => [s, t] as const));
  return seedPairs.length === 0 ? null : quantile(config.models.flatMap((m) => betas.flatMap((b) => seedPairs.map(([s, t]) => Math.abs(valueAt(m, b, s, key) - valueAt(m, b, t, key))))).sort((a, b) => a - b), 0.95);
};
/** Per β, the VGON–VAE difference of a quantity averaged over the matched `seeds`. */
const betweenModels = ({ betas, valueAt, VGON, VAE }: ReturnType<typeof view>, key: "kl" | "passive", seeds: readonly number[]) => betas.map((b) => avg(seeds.map((s) => Math.abs(valueAt(VGON, b, s, key) - valueAt(VAE, b, s, key)))));
for (const v of views) {
  const { config, seeds, betas, lowest, highest, lowBetas, valueAt, meanAt, learnedSeeds, VGON, VAE, id, on } = v;
  for (const model of config.models) {
    const learned = learnedSeeds([model], [lowest], 3);
    claims.check({
      id: id(`vgon.kl-falls-with-beta.${model.toLowerCase()}`),
      paper: PAPER, place: "§IV.A, Fig. 3",
      statement: `${model}${on}: the KL divergence diminishes as β grows ("VGONs are experiencing KL collapse as KLD diminishes with higher β")`,
      quantity: `KL(β = ${lowest}) − KL(β = ${highest}), nats`,
      estimate: learned.kept.length ? seedEstimate(learned.kept.map((s) => valueAt(model, lowest, s, "kl") - valueAt(model, highest, s, "kl"))) : null,
      threshold: aboveZero("no fall of the KL (0); the interval over seeds must exclude it"),
      gates: [seedsGate(seeds.length)],
      learned,
      evidence: betas.map((b) => `β=${b}: ${fmt(meanAt(model, b, "kl", learned.kept), 2)}`).join(", ") + " nats",
    });
  }
  const both = learnedSeeds(config.models, lowBetas, 2);
  const klNoise = seedNoise(v, "kl", both.kept);
  claims.check({
    id: id("vgon.kl-similar-to-vae"),
    paper: PAPER, place: "§IV.A, Fig. 3",
    statement: `VAEs and VGONs come to very similar values of KL divergence${on}`,
    quantity: "|KL(VGON) − KL(VAE)| averaged over the β grid, nats",
    estimate: betas.length >= 2 && both.kept.length ? bootstrapEstimate(betweenModels(v, "kl", both.kept), avg) : null,
    threshold: { comparison: "<", value: klNoise ?? 0, source: { kind: "null", how: "seed noise: 95 % quantile of |KL(seed s) − KL(seed s′)| of one model at one β, over models, β and seed pairs" } },
    gates: [seedsGate(seeds.length, 2)],
    learned: both,
    evidence: betas.map((b) => `β=${b}: ${fmt(meanAt(VGON, b, "kl", both.kept), 1)} vs ${fmt(meanAt(VAE, b, "kl", both.kept), 1)}`).join(", "),
  });
}

// %% [markdown]
// ## Active, mixed and passive variables against β (VGON paper, Figs. 4–5)
//
// "Variables are transitioning from active variables at low values of β to passive variables at high
// values of β … The overall collapse of the models is the same" (§IV).

// %%
await showAll("types");

// %% [markdown]
// ### Claims: from active to passive
//
// - "Variables are transitioning from active variables at low values of β to passive variables at high
//   values of β" (§IV.B, Figs. 4–5): per seed, passive count at the largest β minus at the smallest,
//   interval over seeds above 0.
// - "The overall collapse of the models is the same. This can be identified by comparing the number of
//   passive variables at a given value of β" (§IV.B): the VGON–VAE difference of passive counts,
//   averaged over β, must lie below the seed noise of the passive count (as for the KL above).

// %%
for (const v of views) {
  const { config, seeds, betas, lowest, highest, lowBetas, valueAt, meanAt, learnedSeeds, VGON, VAE, id, on } = v;
  for (const model of config.models) {
    const learned = learnedSeeds([model], [lowest], 3);
    claims.check({
      id: id(`vgon.active-to-passive.${model.toLowerCase()}`),
      paper: PAPER, place: "§IV.B, Figs. 4–5",
      statement: `${model}${on}: variables transition from active at low β to passive at high β`,
      quantity: `passive(β = ${highest}) − passive(β = ${lowest}), variables`,
      estimate: learned.kept.length ? seedEstimate(learned.kept.map((s) => valueAt(model, highest, s, "passive") - valueAt(model, lowest, s, "passive"))) : null,
      threshold: aboveZero("no change of the passive count (0); the interval over seeds must exclude it"),
      gates: [seedsGate(seeds.length)],
      learned,
      evidence: betas.map((b) => `β=${b}: ${fmt(meanAt(model, b, "active", learned.kept), 1)}/${fmt(meanAt(model, b, "mixed", learned.kept), 1)}/${fmt(meanAt(model, b, "passive", learned.kept), 1)}`).join(", ") + " (active/mixed/passive)",
    });
  }
  const both = learnedSeeds(config.models, lowBetas, 2);
  const passiveNoise = seedNoise(v, "passive", both.kept);
  claims.check({
    id: id("vgon.same-collapse-as-vae"),
    paper: PAPER, place: "§IV.B, Figs. 4–5",
    statement: `the overall collapse of VGONs and VAEs is the same: similar numbers of passive variables at each β${on}`,
    quantity: "|passive(VGON) − passive(VAE)| averaged over the β grid, variables",
    estimate: betas.length >= 2 && both.kept.length ? bootstrapEstimate(betweenModels(v, "passive", both.kept), avg) : null,
    // The passive count is an integer: two seeds that always agree give a noise of 0, and then only an
    // exact agreement of the models would pass; one variable is the resolution of the count.
    threshold: { comparison: "<", value: Math.max(passiveNoise ?? 0, 1), source: { kind: "null", how: "seed noise: 95 % quantile of |passive(seed s) − passive(seed s′)| of one model at one β (at least 1, the count's resolution)" } },
    gates: [seedsGate(seeds.length, 2)],
    learned: both,
    evidence: betas.map((b) => `β=${b}: ${fmt(meanAt(VGON, b, "passive", both.kept), 1)} vs ${fmt(meanAt(VAE, b, "passive", both.kept), 1)}`).join(", "),
  });
}

// %% [markdown]
// ## Typical active, passive and mixed variables (VGON paper, Figs. 6–9)
//
// Active: μ takes many values, σ² tight around 0. Passive: μ tight around 0, σ² tight around 1 (the
// prior). Mixed: anything else (§IV, after Bonheme & Grzes).

// %%
for (const model of runs[0].result.config.models) await showAll(`histograms-${model}`);

// %% [markdown]
// ### Claims: the shape of each type
//
// Variable types are identified from σ² alone (α = 0.1 rule), so "σ² tight around 0 (active) / 1
// (passive)" restates the rule and is not a claim. What the rule does not decide is μ, measured on the
// variables of the runs that learned:
//
// - "Passive variables, by contrast, have a very tight mean representation around zero" (§IV.C, Fig. 7):
//   E[μ²] over the probe, averaged over passive variables (bootstrap over them), below the thesis's
//   tolerance α = 0.1 (§6.4.1).
// - Active variables have "the mean representation taking many values across the dataset" (§IV.C,
//   Fig. 6): the variance of μ of active variables minus that of passive ones, above 0 (bootstrap over
//   variables).

// %%
const secondMoment = (r: { meanOfMu: number; varianceOfMu: number }) => r.meanOfMu ** 2 + r.varianceOfMu;
for (const { summary, tables, id, on } of views) {
  // Only the variables of models that learned (the `learned` column of the summary) are evidence.
  const learnedRuns = new Set(summary.filter((r) => r.learned).map((r) => `${r.model}|${r.beta}|${r.seed}`));
  const latents = tables.latents.filter((r) => learnedRuns.has(`${r.model}|${r.beta}|${r.seed}`));
  const ofType = (type: string) => latents.filter((r) => r.type === type);
  const [active, passive] = [ofType("active"), ofType("passive")];
  claims.check({
    id: id("vgon.passive-mean-at-zero"),
    paper: PAPER, place: "§IV.C, Fig. 7",
    statement: `passive variables have a very tight mean representation around zero${on}`,
    quantity: "E[μ²] of passive variables over the probe, averaged over them",
    estimate: passive.length >= 2 ? bootstrapEstimate(passive, (rows) => avg(rows.map(secondMoment))) : null,
    untestable: `${passive.length} passive variable(s) in the models that learned (${learnedRuns.size} of ${summary.length} runs); a bootstrap needs 2`,
    threshold: { comparison: "<", value: 0.1, source: { kind: "paper", quote: "α = 0.1, the tolerance of the thesis's identification of variable types (Bonheme thesis §6.4.1)" } },
    evidence: `${passive.length} passive variables; largest E[μ²] ${fmt(Math.max(0, ...passive.map(secondMoment)), 3)}`,
  });
  claims.check({
    id: id("vgon.active-mean-spread"),
    paper: PAPER, place: "§IV.C, Figs. 6–7",
    statement: `active variables' mean representation takes many values across the dataset, unlike passive ones${on}`,
    quantity: "mean Var(μ) of active variables − mean Var(μ) of passive variables",
    estimate: active.length >= 2 && passive.length >= 2
      ? bootstrapEstimate([...active.map((r) => ({ r, kind: "a" })), ...passive.map((r) => ({ r, kind: "p" }))], (rows) => {
          const a = rows.filter((x) => x.kind === "a").map((x) => x.r.varianceOfMu);
          const p = rows.filter((x) => x.kind === "p").map((x) => x.r.varianceOfMu);
          return a.length && p.length ? avg(a) - avg(p) : NaN;
        })
      : null,
    untestable: `${active.length} active and ${passive.length} passive variables in the models that learned (${learnedRuns.size} of ${summary.length} runs); each needs 2`,
    threshold: aboveZero("no difference of the spread of μ between the types (0); the bootstrap interval over variables must exclude it"),
    evidence: `mean Var(μ): active ${fmt(avg(active.map((r) => r.varianceOfMu)), 3)}, passive ${fmt(avg(passive.map((r) => r.varianceOfMu)), 4)}`,
  });
}

// %% [markdown]
// ## Representational similarity of VGON and VAE across β (VGON paper, Figs. 10–14)
//
// Linear CKA between the mean (resp. variance) representations of a VGON at β_A and a VAE at β_B, and
// each model against itself across β. The paper: mean representations are strongly similar, variance
// representations much less ("very little relationship between the two models' variance
// representations", Fig. 11); a collapsed model's mean representation "won't change much" (Fig. 13).

// %%
for (const name of ["cka-mean", "cka-variance"]) await showAll(name);

// %%
for (const run of runs) for (const name of Object.keys(run.figures).filter((n) => n.startsWith("self-"))) await display(run.figures[name]);

// %% [markdown]
// ### Claims: similarity of the two models
//
// - "Overall, the mean representations for the two models are considerably similar to each other"
//   (§IV.D, Fig. 10): CKA of VGON and VAE mean representations at the same β ≤ 1 (where both learned),
//   above the level CKA reaches by chance: the 95 % quantile of CKA with the rows of one representation
//   permuted (the study's `ckaNull` column).
// - "There is very little relationship between the two models' variance representations" (§IV.D,
//   Fig. 11), so mean representations are more similar than variance ones: the difference of CKA over
//   all β pairs, bootstrap over pairs, above 0.

// %%
for (const { tables, seeds, config, lowBetas, learnedSeeds, id, on } of views) {
  const cka = tables.cka;
  // The seeds whose VGON and VAE learned at every β ≤ 1: the CKA of each comparison is averaged over them.
  const learned = learnedSeeds(config.models, lowBetas, 1);
  const keptIndices = seeds.flatMap((s, i) => (learned.kept.includes(s) ? [i] : []));
  const overKept = (r: (typeof cka)[number]) => meanDefined(keptIndices.map((i) => r.perSeed[i]));
  const lowMean = cka.filter((r) => r.representation === "mean" && r.betaA === r.betaB && r.betaA <= 1 && overKept(r) !== null);
  // Per learned seed, the CKA averaged over the β ≤ 1 compared (seeds where some CKA is undefined are left out).
  const perSeedCka = keptIndices.map((i) => lowMean.map((r) => r.perSeed[i])).filter((xs) => xs.every((x) => x !== null)).map((xs) => avg(xs as number[]));
  claims.check({
    id: id("vgon.mean-similar-to-vae"),
    paper: PAPER, place: "§IV.D, Fig. 10",
    statement: `the mean representations of VGONs and VAEs are considerably similar to each other${on}`,
    quantity: "linear CKA of VGON and VAE mean representations at the same β ≤ 1, averaged over those β",
    estimate: perSeedCka.length >= 3 ? seedEstimate(perSeedCka) : null,
    untestable: lowMean.length ? `${perSeedCka.length} learned seed(s) with every CKA defined (the others have a constant representation); an interval over seeds needs ≥ 3` : "no β ≤ 1 in the grid of this scale",
    threshold: { comparison: ">", value: Math.max(0, ...lowMean.map((r) => r.ckaNull ?? 0)), source: { kind: "null", how: "95 % quantile of CKA with the probe rows of one representation permuted (20 permutations), the largest over the β compared" } },
    gates: [seedsGate(seeds.length)],
    learned: learnedSeeds(config.models, lowBetas, 3),
    evidence: lowMean.map((r) => `β=${r.betaA}: CKA ${fmt(overKept(r), 3)} (null ${fmt(r.ckaNull, 3)})`).join(", "),
  });
  const pairsOf = (representation: string) => new Map(cka.filter((r) => r.representation === representation && overKept(r) !== null).map((r) => [`${r.betaA}|${r.betaB}`, overKept(r) as number]));
  const [meanPairs, variancePairs] = [pairsOf("mean"), pairsOf("variance")];
  const differences = [...meanPairs].filter(([k]) => variancePairs.has(k)).map(([k, x]) => x - variancePairs.get(k)!);
  claims.check({
    id: id("vgon.mean-more-similar-than-variance"),
    paper: PAPER, place: "§IV.D, Figs. 10–11",
    statement: `VGON and VAE mean representations are similar while there is very little relationship between their variance representations${on}`,
    quantity: "CKA(mean) − CKA(variance) over β pairs, averaged",
    estimate: differences.length >= 2 ? bootstrapEstimate(differences, avg) : null,
    untestable: `${differences.length} β pair(s) with both CKA defined; a bootstrap needs 2`,
    threshold: aboveZero("no difference between the representations (0); the bootstrap interval over β pairs must exclude it"),
    learned,
    evidence: `average CKA over β pairs: mean ${fmt(avg([...meanPairs.values()]), 3)}, variance ${fmt(avg([...variancePairs.values()]), 3)}`,
  });
}

// %% [markdown]
// ## The point of total collapse (VGON paper, §IV.D, Figs. 12–14)
//
// "This 'point of total collapse' can be observed, also, in the KLD graphs and stacked graph. In the KLD
// graphs, when the KLD changes steeply this is when the overall representation is suddenly collapsing.
// In the stacked graph, the number of passive units increases and active units decreases at roughly
// this point." We find, per model, the interval of the β grid where the mean KL falls most and the one
// where the passive count rises most; "at roughly this point" is read as the same interval of the grid
// (a distance of 0 grid steps, below 1).

// %%
for (const { config, betas, meanAt, learnedSeeds, lowest, id, on } of views) for (const model of config.models) {
  // The KL and passive count at each β are averaged over the seeds whose model learned at the lowest β.
  const learned = learnedSeeds([model], [lowest], 1);
  const at = (beta: number, key: Key) => meanAt(model, beta, key, learned.kept);
  const steps = betas.slice(1).map((b, i) => ({ kl: at(betas[i], "kl") - at(b, "kl"), passive: at(b, "passive") - at(betas[i], "passive") }));
  const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));
  const [klStep, passiveStep] = [argmax(steps.map((s) => s.kl)), argmax(steps.map((s) => s.passive))];
  const interval = (i: number) => `β ${betas[i]} → ${betas[i + 1]}`;
  claims.check({
    id: id(`vgon.total-collapse-point.${model.toLowerCase()}`),
    paper: PAPER, place: "§IV.D, Figs. 3–5 and 12–14",
    statement: `${model}${on}: the steepest fall of the KL and the largest rise of passive variables happen at the same point of the β grid`,
    quantity: "grid steps between the steepest KL fall and the largest passive rise",
    estimate: singleEstimate(Math.abs(klStep - passiveStep)),
    threshold: { comparison: "<", value: 1, source: { kind: "paper", quote: "the number of passive units increases and active units decreases at roughly this point" } },
    gates: [
      { ok: betas.length >= 3, reason: `a β grid of ${betas.length} values has one interval only` },
      { ok: learned.kept.length === 0 || Math.max(...steps.map((s) => s.passive)) > 0, reason: "the passive count never rises on this β grid" },
    ],
    learned,
    evidence: `steepest KL fall ${interval(klStep)} (${fmt(steps[klStep].kl, 2)} nats), largest passive rise ${interval(passiveStep)} (+${fmt(steps[passiveStep].passive, 1)})`,
  });
}

// %% [markdown]
// ## Summary

// %%
console.log(claims.summary());
claims.claims.map((c) => ({ id: c.id, verdict: c.verdict, estimate: c.estimate ? pl.studies.formatEstimate(c.estimate) : "—", reason: c.reason }))
