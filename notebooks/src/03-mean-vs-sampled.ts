// %% [markdown]
// # Mean vs sampled representations
//
// **Question** (thesis ch. 6; Bonheme & Grzes, *Be More Active!*, the poster): Locatello et al. (2019)
// observed that the mean representation μ of a VAE scores worse on unsupervised disentanglement
// metrics (total correlation, averaged mutual information) than the sampled representation z. Why?
// The thesis' answer: *passive* variables. For active variables z ≈ μ, so any discrepancy must come
// from passive ones, which are uninformative noise in z but correlated near-constants in μ.
//
// **Setup**: VAE-family models (β-VAE, β-TC VAE at quick scale; the six disentanglement_lib models at
// paper scale) over a grid of regularisation strengths and seeds on dSprites. For each: the variable
// types, Gaussian TC, averaged MI and effective rank of μ and z on the full representation, without
// passive variables and on active variables only; logistic-regression probes of the ground-truth
// factors for every combination of variable types; and the correlation of each variable with the
// others over training snapshots.

// %% tags=["parameters"]
// Scale of the run: "smoke" (seconds, for CI), "quick" (minutes on a laptop), "paper" (a GPU).
let scale = "quick";

// %%
const claims = new pl.studies.ClaimLog();
const verdicts = claims.verdicts;
const check = (claim: string, held: boolean | null, evidence: string, whyNot = "") => claims.check(claim, held, evidence, whyNot);
const fmt = (x: number | null | undefined, digits = 3) => pl.studies.formatNumber(x, digits);
const avg = pl.studies.mean;
const avgDefined = pl.studies.meanDefined;

// %% [markdown]
// ## The setup at this scale

// %%
const S = pl.studies.checkScale(scale);
const overrides: Record<string, unknown> = {};
const config = pl.studies.resolveConfig("meanVsSampledStudy", pl.studies.MEAN_VS_SAMPLED_PRESETS, S, overrides);
config

// %% [markdown]
// ## Running the study

// %%
const result = await pl.studies.meanVsSampledStudy({ scale: S, params: overrides, cacheDir: ".polarlab-runs/mean-vs-sampled" });
console.log(`${result.study} at ${result.scale} scale: ${result.seconds.toFixed(0)} s, ${result.cache.trainings} models trained, ${result.cache.hits} cached`);
const figures = pl.studies.meanVsSampledFigures(result);
const { types: typeRows, scores, probes, correlation } = result.tables;
typeRows

// %% [markdown]
// ## Identifying variable types (thesis §6.4.1, Fig. 6.5)
//
// A variable is active when its variance representation σ²ⱼ stays near 0 over the data, passive when it
// stays near 1, mixed otherwise (α = 0.1). Stronger regularisation switches more variables off.

// %%
figures.types

// %%
for (const model of [...new Set(typeRows.map((r) => r.model))]) {
  const rows = typeRows.filter((r) => r.model === model);
  const values = [...new Set(rows.map((r) => r.value))].sort((a, b) => a - b);
  const passiveAt = (v: number) => avg(rows.filter((r) => r.value === v).map((r) => r.passive));
  const [lo, hi] = [values[0], values[values.length - 1]];
  check(
    `${model}: stronger regularisation gives at least as many passive variables (Fig. 6.5)`,
    values.length > 1 ? passiveAt(hi) >= passiveAt(lo) : null,
    `passive variables ${fmt(passiveAt(lo), 1)} at ${rows[0].param} = ${lo}, ${fmt(passiveAt(hi), 1)} at ${hi}`,
    values.length > 1 ? "fewer passive variables at the strongest regularisation" : "a single regularisation strength at this scale",
  );
}

// %% [markdown]
// ## The logistic-regression sanity check (thesis §6.4.1)
//
// If the types are right, a probe trained on passive variables alone should predict the factors no
// better than a random classifier, while active variables should beat it.

// %%
if (figures.probes) await display(figures.probes);

// %%
const probeGap = (variables: string, representation: string) => {
  const rows = probes.filter((p) => p.variables === variables && p.representation === representation);
  return rows.length ? avg(rows.map((p) => p.accuracy - p.baseline)) : null;
};
const passiveGap = probeGap("passive", "mean");
const activeGap = probeGap("active", "mean") ?? probeGap("active+mixed", "mean");
check(
  "probes on passive variables alone are no better than a random classifier",
  passiveGap === null ? null : passiveGap <= 0.05,
  `mean accuracy − random baseline on passive variables: ${fmt(passiveGap)}`,
  passiveGap === null ? "no model with passive variables at this scale" : "passive variables carry information about the factors at this scale",
);
check(
  "probes on active variables beat a random classifier",
  activeGap === null ? null : activeGap > 0.05,
  `mean accuracy − random baseline on active (or active+mixed) variables: ${fmt(activeGap)}`,
  activeGap === null ? "no model with active variables at this scale" : "the active variables have not learned the factors at this scale",
);

// %% [markdown]
// ## TC and averaged MI of mean vs sampled representations (thesis Figs. 6.6–6.7; the poster)
//
// On the full representation, TC and averaged MI are higher for μ than z (Locatello et al.'s
// observation). Without passive variables the gap should close: "active variables are as disentangled
// in mean as in sampled representations" (poster). Theorem 6.4.1: the TC of z is not modified by
// passive variables; Theorem 6.4.2: the averaged MI of z decreases with the number of passive variables.
// TC is undefined (reported as n/a) where a mean representation has a near-constant column.

// %%
for (const name of ["tc-all", "tc-noPassive", "ami-all", "ami-noPassive"]) if (figures[name]) await display(figures[name]);

// %%
// Only models with at least one passive variable can show the passive variables' effect.
const withPassive = new Set(typeRows.filter((r) => r.passive > 0).map((r) => `${r.model}|${r.value}|${r.seed}`));
const score = (representation: string, subset: string, field: "tc" | "ami" | "erank") =>
  avgDefined(scores.filter((s) => withPassive.has(`${s.model}|${s.value}|${s.seed}`) && s.representation === representation && s.subset === subset).map((s) => s[field]));
const none = withPassive.size === 0 ? "no model has passive variables at this scale" : "";
for (const field of ["tc", "ami"] as const) {
  const [mu, z] = [score("mean", "all", field), score("sampled", "all", field)];
  check(
    `${field.toUpperCase()} is higher in the mean than in the sampled representation on the full representation`,
    mu === null || z === null ? null : mu > z,
    `${field.toUpperCase()}(μ) = ${fmt(mu)}, ${field.toUpperCase()}(z) = ${fmt(z)} (nats, averaged over ${withPassive.size} models with passive variables)`,
    none || (mu === null ? "undefined on the mean representation (near-constant passive columns)" : ""),
  );
  const [muA, zA] = [score("mean", "noPassive", field), score("sampled", "noPassive", field)];
  const [gapAll, gapActive] = [mu !== null && z !== null ? Math.abs(mu - z) : null, muA !== null && zA !== null ? Math.abs(muA - zA) : null];
  check(
    `without passive variables, ${field.toUpperCase()} of mean and sampled representations are close (the gap shrinks)`,
    gapActive === null ? null : gapAll === null ? gapActive < 0.1 : gapActive < gapAll,
    `|${field.toUpperCase()}(μ) − ${field.toUpperCase()}(z)|: full ${fmt(gapAll)}, without passive ${fmt(gapActive)}`,
    none || (gapActive === null ? "fewer than 2 non-passive variables" : ""),
  );
}
const [tcZall, tcZnp] = [score("sampled", "all", "tc"), score("sampled", "noPassive", "tc")];
check(
  "Theorem 6.4.1: passive variables do not modify the TC of the sampled representation",
  tcZall === null || tcZnp === null ? null : Math.abs(tcZall - tcZnp) <= Math.max(0.05, 0.1 * Math.abs(tcZnp)),
  `TC(z) with passive ${fmt(tcZall)}, without ${fmt(tcZnp)} nats`,
  none || (tcZall === null || tcZnp === null ? "TC undefined or fewer than 2 non-passive variables" : "the finite-sample TC of the passive noise columns is not negligible at this probe size"),
);
const [amiZall, amiZnp] = [score("sampled", "all", "ami"), score("sampled", "noPassive", "ami")];
check(
  "Theorem 6.4.2: passive variables decrease the averaged MI of the sampled representation",
  amiZall === null || amiZnp === null ? null : amiZall < amiZnp,
  `MI_avg(z) with passive ${fmt(amiZall)}, without ${fmt(amiZnp)} nats`,
  none || (amiZall === null || amiZnp === null ? "fewer than 2 non-passive variables" : ""),
);

// %% [markdown]
// ## Effective rank (thesis Fig. 6.8)
//
// Passive variables are noise in z (full rank) but near-constants in μ, so the effective rank of z
// exceeds that of μ when passive variables exist.

// %%
if (figures["erank-all"]) await display(figures["erank-all"]);

// %%
const [erMu, erZ] = [score("mean", "all", "erank"), score("sampled", "all", "erank")];
check(
  "the sampled representation has a higher effective rank than the mean representation when passive variables exist",
  erMu === null || erZ === null ? null : erZ > erMu,
  `effective rank μ ${fmt(erMu, 2)}, z ${fmt(erZ, 2)}`,
  none,
);

// %% [markdown]
// ## Correlation of passive variables during training (thesis Figs. 6.9–6.10; the poster)
//
// "Passive variables are more correlated in μ than z … [they] are highly correlated with various active
// variables" (poster). For each variable of μ we count the training snapshots where its strongest
// |correlation| with another variable exceeds 0.2.

// %%
for (const name of ["correlation", "correlation-matrix"]) if (figures[name]) await display(figures[name]);

// %%
const share = (type: string) => {
  const rows = correlation.filter((r) => r.type === type && r.snapshots > 0);
  return rows.length ? avg(rows.map((r) => r.aboveThreshold / r.snapshots)) : null;
};
const [passiveShare, activeShare] = [share("passive"), share("active")];
check(
  "passive variables of μ are correlated with other variables more often than active ones during training",
  passiveShare === null || activeShare === null ? null : passiveShare > activeShare,
  `share of snapshots with max |corr| > ${config.correlationThreshold}: passive ${fmt(passiveShare)}, active ${fmt(activeShare)}`,
  passiveShare === null ? "no passive variable at this scale" : activeShare === null ? "no active variable at this scale" : "",
);

// %% [markdown]
// ## The recommendation: drop passive variables before using μ downstream (the poster)
//
// Passive variables are uninformative (the sanity check above) and correlated (the TC and MI above).
// Dropping them should cost no downstream accuracy and remove the spurious entanglement of μ.

// %%
const pairs: { full: number; reduced: number }[] = [];
for (const key of withPassive) {
  const [model, value, seed] = key.split("|");
  const mine = probes.filter((p) => p.model === model && String(p.value) === value && String(p.seed) === seed && p.representation === "mean");
  const combos = [...new Set(mine.map((p) => p.variables))];
  const full = combos.filter((c) => c.includes("passive")).sort((a, b) => b.length - a.length)[0];
  const reduced = full?.replace(/\+?passive/, "");
  if (!full || !reduced || !combos.includes(reduced)) continue;
  const acc = (c: string) => avg(mine.filter((p) => p.variables === c).map((p) => p.accuracy));
  pairs.push({ full: acc(full), reduced: acc(reduced) });
}
const [accFull, accReduced] = [avg(pairs.map((p) => p.full)), avg(pairs.map((p) => p.reduced))];
check(
  "dropping passive variables from μ does not hurt downstream (probe) accuracy",
  pairs.length ? accReduced >= accFull - 0.01 : null,
  `probe accuracy on μ with passive variables ${fmt(accFull)}, without ${fmt(accReduced)} (${pairs.length} models)`,
  pairs.length ? "the passive variables carried some information at this scale" : "no model with both passive and other variables at this scale",
);
const [tcMuAll, tcMuNp] = [score("mean", "all", "tc"), score("mean", "noPassive", "tc")];
check(
  "dropping passive variables lowers the TC of μ (a less entangled representation)",
  tcMuNp === null ? null : tcMuAll === null ? true : tcMuNp < tcMuAll,
  `TC(μ) with passive ${tcMuAll === null ? "undefined (near-constant columns)" : fmt(tcMuAll)}, without ${fmt(tcMuNp)} nats`,
  none || (tcMuNp === null ? "fewer than 2 non-passive variables" : ""),
);

// %% [markdown]
// ## Summary

// %%
console.log(claims.summary(S));
verdicts
