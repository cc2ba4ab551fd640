// %% [markdown]
// # Posterior collapse in Variational Gradient Origin Networks
//
// **Question** (Clapham & Grzes, *Posterior Collapse in Variational Gradient Origin Networks*, the
// "VGON paper"): a VGON has no encoder network; its latent code is the negative gradient of the loss
// at the origin z₀ = 0. Does it collapse like a VAE when the KL weight β grows, and does it learn the
// same representations?
//
// **Setup**: VGON and β-VAE trained over a grid of β (and seeds) on dSprites; for each model and β
// we measure, on one fixed probe of images, the KL divergence, the counts of active / mixed / passive
// variables (α = 0.1 rule of thesis §6.4.1), the distributions of μ and σ² per latent, and linear CKA
// between the two models' mean and variance representations for every pair of β (VGON paper §III–IV).

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
// The preset of the chosen scale (`pl.studies.COLLAPSE_STUDY_PRESETS`); the paper's own setting is
// 7 values of β, 10 seeds, 200 epochs of 64×64 dSprites, MNIST and smallNORB. CPU-sized presets use a
// pooled dSprites subsample and fewer steps.

// %%
const S = pl.studies.checkScale(scale);
const overrides: Record<string, unknown> = {};
const config = pl.studies.resolveConfig("collapseStudy", pl.studies.COLLAPSE_STUDY_PRESETS, S, overrides);
config

// %% [markdown]
// ## Running the study
//
// Trained models and their measurements are cached in `.polarlab-runs/`, so running this cell again
// skips finished work. An interrupt stops it within a training step.

// %%
const result = await pl.studies.collapseStudy({ scale: S, params: overrides, cacheDir: ".polarlab-runs/collapse" });
console.log(`${result.study} at ${result.scale} scale: ${result.seconds.toFixed(0)} s, ${result.cache.trainings} models trained, ${result.cache.hits} cached`);
const figures = pl.studies.collapseFigures(result);
const [VGON, VAE] = config.models;
result.tables.summary

// %% [markdown]
// ## KL divergence against β (VGON paper, Fig. 3)
//
// The paper: "VGONs are experiencing KL collapse as KLD diminishes with higher β … VAEs and VGONs come
// to very similar values of KL divergence" (§IV).

// %%
figures.kl

// %%
const summary = result.tables.summary;
const klAt = (model: string, beta: number) => avg(summary.filter((r) => r.model === model && r.beta === beta).map((r) => r.kl));
const betas = [...config.betas].sort((a, b) => a - b);
const [lowest, highest] = [betas[0], betas[betas.length - 1]];
for (const model of config.models) {
  check(
    `${model}: the KL divergence diminishes as β grows (Fig. 3)`,
    klAt(model, highest) < klAt(model, lowest),
    `KL ${fmt(klAt(model, lowest))} nats at β = ${lowest}, ${fmt(klAt(model, highest))} nats at β = ${highest}`,
  );
}
// "Very similar values": within a factor 2 (or 1 nat) of each other at each β, on average over β.
const klGaps = betas.map((b) => {
  const [a, v] = [klAt(VGON, b), klAt(VAE, b)];
  return Math.abs(a - v) <= Math.max(1, 0.5 * Math.max(a, v));
});
check(
  "VGONs and VAEs reach similar KL divergences at the same β (Fig. 3)",
  klGaps.filter(Boolean).length > betas.length / 2,
  `within a factor 2 (or 1 nat) at ${klGaps.filter(Boolean).length} of ${betas.length} values of β: ` + betas.map((b) => `β=${b}: ${fmt(klAt(VGON, b), 1)} vs ${fmt(klAt(VAE, b), 1)}`).join(", "),
  "the two models reach different KL at this scale",
);

// %% [markdown]
// ## Active, mixed and passive variables against β (VGON paper, Figs. 4–5)
//
// "Variables are transitioning from active variables at low values of β to passive variables at high
// values of β … The overall collapse of the models is the same" (§IV).

// %%
figures.types

// %%
const countAt = (model: string, beta: number, type: "active" | "mixed" | "passive") => avg(summary.filter((r) => r.model === model && r.beta === beta).map((r) => r[type]));
for (const model of config.models) {
  const [pLow, pHigh] = [countAt(model, lowest, "passive"), countAt(model, highest, "passive")];
  const [aLow, aHigh] = [countAt(model, lowest, "active") + countAt(model, lowest, "mixed"), countAt(model, highest, "active") + countAt(model, highest, "mixed")];
  check(
    `${model}: variables move from active to passive as β grows (Figs. 4–5)`,
    pHigh > pLow,
    `passive ${fmt(pLow, 1)} → ${fmt(pHigh, 1)}, active+mixed ${fmt(aLow, 1)} → ${fmt(aHigh, 1)} from β = ${lowest} to β = ${highest}`,
    pLow === pHigh ? "the count of passive variables is the same at both ends of the β grid at this scale" : "",
  );
}
const passiveGap = avg(betas.map((b) => Math.abs(countAt(VGON, b, "passive") - countAt(VAE, b, "passive"))));
check(
  "the overall collapse of VGONs and VAEs is the same: similar passive counts at each β (Figs. 4–5)",
  passiveGap <= 0.25 * (config.model.latent ?? 10),
  `mean |passive(VGON) − passive(VAE)| over β = ${fmt(passiveGap)} of ${config.model.latent} latents`,
  "the two models collapse at different values of β at this scale",
);

// %% [markdown]
// ## Typical active, passive and mixed variables (VGON paper, Figs. 6–9)
//
// Active: μ takes many values, σ² tight around 0. Passive: μ tight around 0, σ² tight around 1 (the
// prior). Mixed: anything else (§IV, after Bonheme & Grzes).

// %%
for (const model of config.models) {
  const chart = figures[`histograms-${model}`];
  if (chart) await display(chart);
}

// %%
const latents = result.tables.latents;
const ofType = (type: string) => latents.filter((r) => r.type === type);
const active = ofType("active");
const passive = ofType("passive");
// The share of passive variables whose μ centres on 0 and σ² on 1 (the α = 0.1 tolerance of §6.4.1).
const tight = passive.filter((r) => Math.abs(r.meanOfMu) < 0.1 && Math.abs(r.meanOfVariance - 1) <= 0.1).length / Math.max(1, passive.length);
check(
  "active variables: the variance representation is tight around 0 (Fig. 6)",
  active.length ? active.every((r) => r.meanOfVariance <= 0.1) : null,
  `${active.length} active variables, mean σ² ≤ ${fmt(Math.max(...active.map((r) => r.meanOfVariance), 0), 3)}`,
  active.length ? "" : "no active variable at this scale",
);
check(
  "passive variables: μ tight around 0 and σ² tight around 1, as the prior (Fig. 7)",
  passive.length ? tight >= 0.9 : null,
  `${passive.length} passive variables (over all β and seeds): ${fmt(100 * tight, 0)} % have |E μ| < 0.1 and |E σ² − 1| ≤ 0.1 (max |E μ| ${fmt(Math.max(...passive.map((r) => Math.abs(r.meanOfMu)), 0), 3)})`,
  passive.length ? "" : "no passive variable at this scale",
);

// %% [markdown]
// ## Representational similarity of VGON and VAE across β (VGON paper, Figs. 10–14)
//
// Linear CKA between the mean (resp. variance) representations of a VGON at β_A and a VAE at β_B, and
// each model against itself across β. The paper: mean representations are strongly similar, variance
// representations much less ("very little relationship between the two models' variance
// representations", Fig. 11); a collapsed model's mean representation "won't change much" (Fig. 13).

// %%
for (const name of ["cka-mean", "cka-variance"]) if (figures[name]) await display(figures[name]);

// %%
for (const name of Object.keys(figures).filter((n) => n.startsWith("self-"))) await display(figures[name]);

// %%
const cka = result.tables.cka;
const meanCka = avg(cka.filter((r) => r.representation === "mean" && r.cka !== null).map((r) => r.cka as number));
const varCka = avg(cka.filter((r) => r.representation === "variance" && r.cka !== null).map((r) => r.cka as number));
check(
  "VGON × VAE: mean representations are more similar than variance representations (Figs. 10–11)",
  meanCka > varCka,
  `average CKA over β pairs: mean ${fmt(meanCka, 3)}, variance ${fmt(varCka, 3)}`,
);

// %% [markdown]
// ## The point of total collapse (VGON paper, §IV, Figs. 12–14)
//
// "In the mean representation, we observe a gradual change up to a point where there is no more
// change": the point of total collapse, where the KL "changes steeply" and the passive count jumps. We
// locate it per model as the smallest β from which every latent is passive, and check that the KL has
// fallen below 1 nat there while it was larger before.

// %%
for (const model of config.models) {
  const latent = config.model.latent ?? 10;
  const collapsed = betas.filter((b) => countAt(model, b, "passive") >= latent);
  const point = betas.find((b, i) => betas.slice(i).every((c) => collapsed.includes(c)));
  const before = point === undefined ? [] : betas.filter((b) => b < point);
  check(
    `${model}: a point of total collapse exists on the β grid, with a steep fall of the KL there`,
    point === undefined || before.length === 0 ? null : klAt(model, point) < 1 && klAt(model, before[before.length - 1]) >= 1,
    point === undefined
      ? `no β of the grid has all ${latent} latents passive (largest passive count ${fmt(Math.max(...betas.map((b) => countAt(model, b, "passive"))), 1)})`
      : `total collapse from β = ${point}: KL ${before.length ? fmt(klAt(model, before[before.length - 1])) + " → " : ""}${fmt(klAt(model, point))} nats`,
    point === undefined
      ? `the β grid of this scale stops before total collapse (largest β ${highest})`
      : before.length === 0 ? `already collapsed at the smallest β of this grid (${lowest}), so the point is not resolved` : "the KL does not fall from ≥ 1 nat to < 1 nat there",
  );
}

// %% [markdown]
// ## Summary

// %%
console.log(claims.summary(S));
verdicts
