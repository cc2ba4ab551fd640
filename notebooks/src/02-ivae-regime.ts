// %% [markdown]
// # iVAEs in a polarised regime
//
// **Question** (Bonheme, *The Polarised Regime of Variational Autoencoders*, thesis ch. 5): identifiable
// VAEs (iVAEs; Khemakhem et al., 2020) replace the N(0, I) prior by a conditional prior
// p(z | u) = N(μ†(u), diag Σ†(u)) learned from an auxiliary variable u. Do they still learn in a
// polarised regime, with active variables (σ² ≈ 0) and passive ones (following the prior)? And what do
// the prior's parameters look like for each kind of variable?
//
// **Setup**: iVAEs with the prior mean fixed at μ† = 0 and with μ† learned, on synthetic data mixed
// from k sources whose variance depends on a segment label u (polarlab uses segment data rather than the
// thesis' dSprites; the sources are known, so the k latents reconstruction needs are known and
// identifiability can be scored by MCC). Variable types use the thesis' rule with α = 0.1 (§6.4.1) in
// units of the prior variance Σ† (not 1): σ²/Σ† ≤ α is active, σ²/Σ† = 1 ± α passive. An iVAE's
// objective does not change when a latent and its prior are rescaled together, so only σ²/Σ† has a
// meaning (the reference implementation measures passive against Σ† and active against 1).
//
// **What the thesis states, and for which model**:
// - μ† = 0 (§5.2.2, proved for linear iVAEs, illustrated on non-linear ones in §5.3.1):
//   Theorem 5.2.2 (k active and n − k passive variables), Proposition 5.2.2 (passive: μ² ≈ 0,
//   Σ ≈ Σ†) and Proposition 5.2.1 (active: Σ ≪ 1, Σ† ≈ μ², from Eq. 5.12 Σ† ≈ Σ + μ²).
// - μ† learned (§5.2.1: "the theoretical study … was inconclusive", Theorem 5.2.1): only the empirical
//   statements of §5.3.2 — passive and active variables are both present, and for passive ones "the
//   prior and posterior mean are very close to each other" (Eq. 5.4, μ† = μ). Propositions 5.2.1–5.2.2
//   are derived for μ† = 0 and are not checked on this variant.
//
// Two parts of the propositions restate the classification rule and are not claims here: "active:
// Σ ≪ 1" (active means E[σ²/Σ†] ≤ α) and "passive: Σ ≈ Σ†" (passive means E[σ²/Σ†] = 1 ± α).

// %% tags=["parameters"]
// Scale of the run: "smoke" (seconds, for CI), "quick" (minutes on a laptop), "reference" (≤ 30 min on
// 2 cores: several seeds, models that learn), "paper" (a GPU).
let scale = "quick";

// %%
const S = pl.studies.checkScale(scale);
const claims = new pl.studies.ClaimLog("02-ivae-regime", S);
const fmt = (x: number | null | undefined, digits = 3) => pl.studies.formatNumber(x, digits);
const avg = pl.studies.mean;
const PAPER = "Bonheme (thesis)";
// The thesis' tolerance of the identification rule (§6.4.1), reused where Eq. 5.5 / 5.12 turn it into a
// tolerance on the posterior mean (see the markdown before the checks).
const ALPHA = 0.1;
const ALPHA_QUOTE = "§6.4.1: a variable is passive when its variance representation is 1 ± α (here relative to Σ†); \"In all our experiments, α is set to 0.1\"";

// %% [markdown]
// ## The setup at this scale

// %%
const overrides: Record<string, unknown> = {};
const config = pl.studies.resolveConfig("ivaeStudy", pl.studies.IVAE_STUDY_PRESETS, S, overrides);
// k: the number of sources, the fewest latents that reconstruct the (noise-free, invertibly mixed) data.
const k = (config.dataset as { sourceDim: number }).sourceDim;
config

// %% [markdown]
// ## Running the study
//
// One iVAE per (prior-mean variant, seed); results are cached in `.polarlab-runs/`.

// %%
const result = await pl.studies.ivaeStudy({ scale: S, params: overrides, cacheDir: ".polarlab-runs/ivae" });
console.log(`${result.study} at ${result.scale} scale: ${result.seconds.toFixed(0)} s, ${result.cache.trainings} models trained, ${result.cache.hits} cached`);
const figures = pl.studies.ivaeFigures(result);
const variables = result.tables.variables;
variables

// %% [markdown]
// ## Did the models learn?
//
// Every claim below rests on trained iVAEs. A model counts as having learned when its reconstruction
// term on the probe is below that of the best constant predictor, the data's mean example, under the
// same Gaussian likelihood and decoder variance γ. Each claim about a variant is computed on its
// models that learned and names those left out; with none left it is "not testable".

// %%
const models = result.tables.models;
/** The models of a variant that learned (learnedSubset): every claim below rests on these. */
const learned = (variant: string) => pl.studies.learnedSubset(models.filter((m) => m.variant === variant), (m) => [{
  label: `${variant} seed ${m.seed}`, reconstruction: m.reconstruction, baseline: m.meanImageRecon, baselineName: "mean image",
}], { what: `${variant}-mean models`, min: 1 });
/** Whether a row (of any table) belongs to a learned model of its variant. */
const fromLearned = (r: { variant: string; seed: number }) => learned(r.variant).kept.some((m) => m.seed === r.seed);
models

// %% [markdown]
// ## Variable types of each variant (Theorem 5.2.2; §5.3.2)
//
// **Theorem 5.2.2** (μ† = 0): "Any linear iVAE with μ† = 0 whose reconstruction is not improved by
// using more than k < n active variables will be composed of k active variables and n − k passive
// variables." Here k is the number of sources. Two claims per model, checked on the worst model
// (the theorem is about any model): no mixed variable (fewer than 1 per model), and the active count
// within less than 1 of k.
//
// **§5.3.2** (μ† learned): "passive variables are still present when the prior mean is learned" and
// "Active variables can also be found"; §5.4: these models "displayed polarised behaviour during the
// experimental evaluation". Claim: every model has at least one active and one passive variable.

// %%
const countsOf = (variant: string) => learned(variant).kept;
const perModel = (variant: string) => countsOf(variant).map((m) => `seed ${m.seed}: ${m.active} active, ${m.mixed} mixed, ${m.passive} passive`).join("; ");
const fixedCounts = countsOf("fixed");
const learnedCounts = countsOf("learned");
/** The worst of a statistic over the learned models (max, or min), or null when none learned. */
const worst = (values: number[], pick: (...xs: number[]) => number) => (values.length ? pl.studies.singleEstimate(pick(...values)) : null);
if (config.variants.includes("fixed")) {
  claims.check({
    id: "ivae.fixed.no-mixed", paper: PAPER, place: "Theorem 5.2.2, §5.2.2",
    statement: "an iVAE with μ† = 0 is composed of k active and n − k passive variables: no mixed variable",
    quantity: "mixed variables in the model with the most",
    estimate: worst(fixedCounts.map((m) => m.mixed), Math.max),
    threshold: { comparison: "<", value: 1, source: { kind: "paper", quote: "Theorem 5.2.2: \"will be composed of k active variables and n − k passive variables\" (no mixed variable; fewer than 1 per model)" } },
    learned: learned("fixed"),
    evidence: `${perModel("fixed")} (n = ${config.model.latent})`,
  });
  claims.check({
    id: "ivae.fixed.k-active", paper: PAPER, place: "Theorem 5.2.2, §5.2.2",
    statement: "an iVAE with μ† = 0 whose reconstruction is not improved beyond k active variables has k active variables",
    quantity: `|active variables − k|, k = ${k} sources, in the model farthest from k`,
    estimate: worst(fixedCounts.map((m) => Math.abs(m.active - k)), Math.max),
    threshold: { comparison: "<", value: 1, source: { kind: "paper", quote: "Theorem 5.2.2: \"will be composed of k active variables\"; k = the number of sources, the fewest latents that reconstruct this data" } },
    learned: learned("fixed"),
    evidence: perModel("fixed"),
  });
}
if (config.variants.includes("learned")) {
  claims.check({
    id: "ivae.learned.polarised", paper: PAPER, place: "§5.3.2, Figs. 5.3–5.4; §5.4",
    statement: "iVAEs whose prior mean is learned still have passive and active variables (polarised behaviour)",
    quantity: "min(active, passive) variables in the model with the fewest",
    estimate: worst(learnedCounts.map((m) => Math.min(m.active, m.passive)), Math.min),
    threshold: { comparison: ">", value: 0, source: { kind: "paper", quote: "§5.3.2: \"passive variables are still present when the prior mean is learned\"; \"Active variables can also be found\"" } },
    learned: learned("learned"),
    evidence: perModel("learned"),
  });
}

// %% [markdown]
// ## Posterior and prior of passive and active variables (thesis Figs. 5.1–5.4)
//
// Per latent: the posterior mean μ and variance σ², the prior mean μ† and variance Σ†, and μ² (to
// compare with Σ† for Proposition 5.2.1).

// %%
for (const variant of config.variants) {
  const chart = figures[`histograms-${variant}`];
  if (chart) await display(chart);
}

// %% [markdown]
// ## The posterior mean of passive variables (Proposition 5.2.2; §5.3.2, Eq. 5.4)
//
// **Proposition 5.2.2** (μ† = 0): for a passive variable "μ²ᵢᵢ ≈ 0". **§5.3.2** (μ† learned): "In line
// with Equations 5.4 and 5.6, the prior and posterior mean are very close to each other". Both say that
// the posterior mean sits on the prior mean; measured in the prior's units as E[(μ − μ†)²] / E[Σ†]
// (μ† = 0 for the fixed variant). The tolerance: at the MLE of the prior variance (Eq. 5.5,
// Σ† = Σ + (μ† − μ)², Eq. 5.12 for μ† = 0), (μ − μ†)²/Σ† = 1 − σ²/Σ†, so the identification rule's
// tolerance α on σ²/Σ† for passive variables is the same tolerance on (μ − μ†)²/Σ†. The interval is a
// bootstrap over the passive latents of all the variant's models.

// %%
if (figures.checks) await display(figures.checks);
result.tables.checks

// %%
/** A statistic of (model, latent) units: the bootstrap interval of their mean, or the single value of one unit. */
function overUnits(values: number[]) {
  if (values.length === 0) return null;
  return values.length === 1 ? pl.studies.singleEstimate(values[0]) : pl.studies.bootstrapEstimate(values, avg);
}
const passiveOf = (variant: string) => variables.filter((r) => r.variant === variant && r.type === "passive" && fromLearned(r));
for (const [variant, id, place, statement] of [
  ["fixed", "ivae.fixed.passive-mean-zero", "Proposition 5.2.2, §5.2.2; Fig. 5.1a", "with μ† = 0, a passive variable has μ² ≈ 0"],
  ["learned", "ivae.learned.passive-mean-at-prior", "§5.3.2, Eqs. 5.4 and 5.6; Fig. 5.3", "with μ† learned, the prior and posterior mean of a passive variable are very close (μ† = μ)"],
] as const) {
  if (!config.variants.includes(variant)) continue;
  const rows = passiveOf(variant);
  claims.check({
    id, paper: PAPER, place, statement,
    quantity: "E[(μ − μ†)²] / E[Σ†] over passive latents",
    estimate: overUnits(rows.map((r) => r.meanGapVsPrior)),
    threshold: { comparison: "<", value: ALPHA, source: { kind: "paper", quote: `${ALPHA_QUOTE}; by Eq. 5.5 (5.12 for μ† = 0) (μ − μ†)²/Σ† = 1 − σ²/Σ†` } },
    learned: learned(variant),
    untestable: `no passive variable in any learned ${variant} model at this scale`,
    evidence: rows.length
      ? rows.map((r) => `seed ${r.seed} z${r.dim}: ${fmt(r.meanGapVsPrior)} (E[μ²] ${fmt(r.meanMuSquared)}, E[Σ†] ${fmt(r.meanPriorVariance)})`).join("; ") + `; ${rows.length === 1 ? "one latent: no interval" : "bootstrap over latents"}`
      : "",
  });
}

// %% [markdown]
// ## The prior variance of active variables (Proposition 5.2.1, μ† = 0)
//
// **Proposition 5.2.1**: for an active variable "Σ†ᵢᵢ ≈ μ²ᵢᵢ" (from Eq. 5.12, Σ† ≈ Σ + μ², with Σ ≪ 1);
// §5.3.1: "the empirical distribution of Σ†ᵢᵢ closely matches what would be obtained by computing the
// histogram of μ²ᵢᵢ". Σ† is a function of the segment u, so the match is checked segment by segment:
// the mismatch Σᵤ |Σ†(u) − E[μ² | u]| / Σᵤ Σ†(u). Its noise floor is the same statistic with the
// segments of μ² shuffled (a prior that does not follow μ²): the claim holds when the mismatch is
// below the 5 % quantile of 200 shuffles. Not checked on the learned-mean variant (derived for μ† = 0).

// %%
const segments = result.tables.segments;
/** Σ_u |Σ†(u) − E[μ² | u]| / Σ_u Σ†(u) for one latent, with μ²'s segments in the order `order`. */
function mismatch(rows: { priorVariance: number; muSquared: number }[], order: number[]): number {
  return rows.reduce((a, r, i) => a + Math.abs(r.priorVariance - rows[order[i]].muSquared), 0) / rows.reduce((a, r) => a + r.priorVariance, 0);
}
/** A seeded random order of 0 … n − 1 (Fisher–Yates). */
function shuffled(n: number, rng: { int(n: number): number }): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
const activeFixed = variables.filter((r) => r.variant === "fixed" && r.type === "active" && fromLearned(r));
const activeSegments = activeFixed.map((v) => segments.filter((s) => s.variant === "fixed" && s.seed === v.seed && s.dim === v.dim));
const identity = (n: number) => Array.from({ length: n }, (_, i) => i);
const observedMismatch = activeSegments.map((rows) => mismatch(rows, identity(rows.length)));
const mismatchFloor = activeSegments.length
  ? pl.studies.nullLevel((draw) => {
      const rng = new pl.Rng(draw);
      return avg(activeSegments.map((rows) => mismatch(rows, shuffled(rows.length, rng))));
    }, { repeats: 200, q: 0.05 })
  : 0;
if (config.variants.includes("fixed")) {
  claims.check({
    id: "ivae.fixed.active-prior-variance-mu2", paper: PAPER, place: "Proposition 5.2.1, Eq. 5.12; §5.3.1, Fig. 5.2",
    statement: "with μ† = 0, an active variable's prior variance matches its squared posterior mean: Σ† ≈ μ²",
    quantity: "Σᵤ |Σ†(u) − E[μ² | u]| / Σᵤ Σ†(u) over active latents",
    estimate: overUnits(observedMismatch),
    threshold: { comparison: "<", value: mismatchFloor, source: { kind: "null", how: "5 % quantile of the same mismatch with the segments of μ² shuffled (200 shuffles, averaged over the same active latents)" } },
    learned: learned("fixed"),
    untestable: "no active variable in any learned fixed-mean model at this scale",
    evidence: activeFixed.length
      ? activeFixed.map((v, i) => `seed ${v.seed} z${v.dim}: mismatch ${fmt(observedMismatch[i])}, E[Σ†] ${fmt(v.meanPriorVariance)}, E[μ²] ${fmt(v.meanMuSquared)}, E[σ²] ${fmt(v.meanVariance)}`).join("; ") + `; shuffled-segment floor ${fmt(mismatchFloor)}`
      : "",
  });
}

// %% [markdown]
// ## Identifiability of the active latents (§4.4.2, §5.1)
//
// The point of an iVAE is identifiability (Khemakhem et al., 2020, Thms. 2–3, cited in §4.4.2 and
// §5.2: learning the prior's variance, with or without its mean, makes the model identifiable): its
// active latents should recover the true sources up to permutation and scaling. MCC (mean correlation
// coefficient after Hungarian matching) measures it. The thesis reports no MCC level for its models, so
// the threshold is the noise floor: the 95 % quantile of the same MCC with the sources' rows permuted
// (20 permutations). Checked on every model (MCC − floor of the worst model > 0). An MCC over fewer
// active latents than sources only says how well the recovered ones match.

// %%
const mccRows = result.tables.mcc;
for (const variant of config.variants) {
  const rows = mccRows.filter((m) => m.variant === variant && fromLearned(m));
  const measured = rows.filter((m) => m.mcc !== null && m.mccNull !== null);
  const active = countsOf(variant);
  claims.check({
    id: `ivae.${variant}.identifiable`, paper: "Bonheme (thesis), after Khemakhem et al. (2020)", place: "§4.4.2, §5.1–5.2 (Khemakhem et al. 2020, Thms. 2–3)",
    statement: `iVAEs (prior mean ${variant}) give identifiable representations: the active latents recover the sources`,
    quantity: "MCC(active μ, sources) − its permuted-rows floor, in the worst model",
    estimate: measured.length === rows.length && rows.length ? pl.studies.singleEstimate(Math.min(...measured.map((m) => (m.mcc as number) - (m.mccNull as number)))) : null,
    threshold: { comparison: ">", value: 0, source: { kind: "null", how: "95 % quantile of the MCC of the same active latents with the sources' rows permuted (20 permutations), per model" } },
    learned: learned(variant),
    untestable: rows.filter((m) => m.mcc === null).map((m) => `seed ${m.seed}: ${m.note}`).join("; ") || "no model of this variant",
    evidence: rows.map((m) => `seed ${m.seed}: MCC ${fmt(m.mcc)} (floor ${fmt(m.mccNull)}) over ${active.find((a) => a.seed === m.seed)?.active ?? 0} active latent(s) for ${k} sources`).join("; "),
  });
}
mccRows

// %% [markdown]
// ## Summary

// %%
console.log(claims.summary());
claims.claims.map((c) => ({ id: c.id, verdict: c.verdict, estimate: c.estimate ? pl.studies.formatEstimate(c.estimate) : "n/a", threshold: `${c.threshold.comparison} ${fmt(c.threshold.value)} (${c.threshold.source.kind})`, reason: c.reason }))
