// %% [markdown]
// # Representational similarity of VAEs
//
// **Question** (thesis ch. 7): VAEs with different objectives end up with different numbers of active
// and passive variables (ch. 6). Are their representations similar anyway, layer by layer? Before
// answering, can we trust the similarity metrics on VAEs at all?
//
// **Setup**: linear CKA (Kornblith et al., 2019) and Procrustes similarity (Ding et al., 2021) between
// every pair of layers (encoder, mean, variance, sampled, decoder) of pairs of models: the same
// objective over seeds, different objectives or regularisation strengths, and a model at an earlier
// training step against its final self, averaged over seed pairs (thesis Eq. 7.9). First the synthetic
// experiment of Fig. 7.1, then the three "known facts" of §7.4.1, then Theorems 7.4.1–7.4.2.

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
const config = pl.studies.resolveConfig("similarityStudy", pl.studies.SIMILARITY_STUDY_PRESETS, S, overrides);
config

// %% [markdown]
// ## Running the study

// %%
const result = await pl.studies.similarityStudy({ scale: S, params: overrides, cacheDir: ".polarlab-runs/similarity" });
console.log(`${result.study} at ${result.scale} scale: ${result.seconds.toFixed(0)} s, ${result.cache.trainings} models trained, ${result.cache.hits} cached`);
const figures = pl.studies.similarityFigures(result);
const layers = result.tables.layers;
const synthetic = result.tables.synthetic;

// %% [markdown]
// ## CKA vs Procrustes on synthetic matrices (thesis §7.2.2, Fig. 7.1)
//
// A has 50 features; B keeps 80 % of them, C 50 %, D none. "Both metrics agree for sim(A, B) and
// sim(A, C), giving scores that are close to the fraction of common features … Procrustes highly
// overestimates sim(A, D) while CKA scores rapidly drop" as the number of examples n grows.

// %%
figures.synthetic

// %%
const largest = Math.max(...synthetic.map((r) => r.n));
const at = (shared: number, metric: string) => avg(synthetic.filter((r) => r.n === largest && r.shared === shared && r.metric === metric).map((r) => r.similarity));
for (const shared of [0.8, 0.5]) {
  const [c, p] = [at(shared, "cka"), at(shared, "procrustes")];
  check(
    `CKA and Procrustes agree when ${shared * 100} % of the features are shared (Fig. 7.1a–b)`,
    Math.abs(c - p) <= 0.15,
    `n = ${largest}: CKA ${fmt(c)}, Procrustes ${fmt(p)}`,
  );
}
// "Overestimates": Procrustes above CKA for D at every n of the grid; "rapidly drop": CKA for D at the
// largest n is under half its value at the smallest n.
const sizes = [...new Set(synthetic.map((r) => r.n))].sort((a, b) => a - b);
const atN = (n: number, metric: string) => avg(synthetic.filter((r) => r.n === n && r.shared === 0 && r.metric === metric).map((r) => r.similarity));
const above = sizes.filter((n) => atN(n, "procrustes") > atN(n, "cka")).length;
const [cSmall, cLarge] = [atN(sizes[0], "cka"), atN(largest, "cka")];
check(
  "with no shared features, CKA drops while Procrustes overestimates the similarity (Fig. 7.1c)",
  above === sizes.length && cLarge < cSmall / 2,
  `Procrustes > CKA at ${above} of ${sizes.length} sizes; CKA ${fmt(cSmall)} at n = ${sizes[0]} → ${fmt(cLarge)} at n = ${largest}; Procrustes ${fmt(atN(sizes[0], "procrustes"))} → ${fmt(atN(largest, "procrustes"))}`,
  largest < 200 ? `the largest n of this scale (${largest}) is too small for CKA to drop` : "",
);

// %% [markdown]
// ## Layer × layer similarity
//
// Each heatmap compares every layer of model A (rows) with every layer of model B (columns); the
// encoder comes first (top-left quadrant), then the mean, variance and sampled representations, then
// the decoder (bottom-right quadrant).

// %%
for (const name of Object.keys(figures).filter((n) => n.startsWith("cka-"))) await display(figures[name]);

// %%
const layerNames = [...new Set(layers.map((r) => r.layerA))];
const meanIndex = layerNames.indexOf("mean");
const encoderLayers = layerNames.filter((n, i) => i < meanIndex && n !== "input");
const decoderLayers = layerNames.filter((n) => n.startsWith("dec"));
console.log(`encoder layers: ${encoderLayers.join(", ")}; decoder layers: ${decoderLayers.join(", ")}`);
/** Mean CKA of each layer in `names` with itself, over the rows selected. */
const diagonal = (rows: typeof layers, names: string[]) => avgDefined(rows.filter((r) => r.metric === "cka" && r.layerA === r.layerB && names.includes(r.layerA)).map((r) => r.similarity));

// %% [markdown]
// ### Fact 1: the encoder is learned before the decoder (thesis §7.4.1, Fig. 7.2)
//
// Comparing a model early in training with its final self, the encoder's layers are already similar
// (bright top-left quadrant) while the decoder's are not yet (dark bottom-right quadrant).

// %%
const training = layers.filter((r) => r.comparison === "training");
const earliest = Math.min(...training.map((r) => r.stepA));
const early = training.filter((r) => r.stepA === earliest);
const [encEarly, decEarly] = [diagonal(early, encoderLayers), diagonal(early, decoderLayers)];
check(
  "the encoder is learned before the decoder: early-vs-final CKA is higher for encoder layers than decoder layers (Fig. 7.2)",
  encEarly === null || decEarly === null ? null : encEarly > decEarly,
  `step ${earliest} vs final (${config.steps}): encoder ${fmt(encEarly)}, decoder ${fmt(decEarly)} (mean diagonal CKA)`,
  encEarly === null || decEarly === null ? "no training comparison at this scale" : "",
);

// %% [markdown]
// ### Fact 2: posterior collapse seen through CKA (thesis §7.4.1, Fig. 7.3)
//
// Comparing a well-behaved model (A, small regularisation) with a strongly regularised one (B): "the
// sampled representations of the collapsed model have a very low similarity with the representations
// … of a well-behaved model, in opposition to the sampled representation of a well-behaved model".

// %%
const models = layers.filter((r) => r.comparison === "models" && r.metric === "cka");
const pairNames = [...new Set(models.map((r) => `${r.modelA}|${r.modelB}`))];
const [weak, strong] = [config.variants[0].label, config.variants[1].label];
const collapsePair = models.filter((r) => (r.modelA === weak && r.modelB === strong) || (r.modelA === strong && r.modelB === weak));
// Orient each row as (layer of the well-behaved model, layer of the regularised one), whichever side the table put them.
const oriented = collapsePair.map((r) => (r.modelA === weak ? { well: r.layerA, strong: r.layerB, cka: r.similarity } : { well: r.layerB, strong: r.layerA, cka: r.similarity }));
const sampledOf = (which: "well" | "strong") => {
  const other = which === "well" ? "strong" : "well";
  return avgDefined(oriented.filter((r) => r[which] === "sampled" && r[other] !== "sampled").map((r) => r.cka));
};
const [collapsedSampled, wellSampled] = [sampledOf("strong"), sampledOf("well")];
check(
  `the sampled representation of the more regularised model (${strong}) is less similar to the other model's layers than the reverse (Fig. 7.3)`,
  collapsedSampled === null || wellSampled === null ? null : collapsedSampled < wellSampled,
  `mean CKA of ${strong}'s sampled layer with ${weak}'s layers ${fmt(collapsedSampled)}; of ${weak}'s sampled layer with ${strong}'s layers ${fmt(wellSampled)}`,
  collapsedSampled === null ? "no comparison of these two models at this scale" : "the stronger regularisation has not collapsed the model at this scale",
);

// %% [markdown]
// ### Fact 3: encoders are alike across seeds and objectives (thesis §7.1, §7.4.1, Figs. 7.4 and 7.10)
//
// "The representational similarity of all the layers of the encoder … except mean and variance is
// high (CKA ≥ 0.8)" between different learning objectives (Fig. 7.10), and encoders are "generic
// across seeds" (§7.1).

// %%
const seeds = layers.filter((r) => r.comparison === "seeds");
const encSeeds = diagonal(seeds, encoderLayers);
check(
  "encoder layers are similar across seeds (CKA ≥ 0.8)",
  encSeeds === null ? null : encSeeds >= 0.8,
  `mean diagonal CKA of encoder layers between seeds: ${fmt(encSeeds)}`,
  encSeeds === null ? "a single seed at this scale" : "",
);
for (const pair of pairNames) {
  const [a, b] = pair.split("|");
  const enc = diagonal(models.filter((r) => r.modelA === a && r.modelB === b), encoderLayers);
  check(
    `encoders of ${a} and ${b} are alike (CKA ≥ 0.8, Figs. 7.4, 7.10)`,
    enc === null ? null : enc >= 0.8,
    `mean diagonal CKA of encoder layers: ${fmt(enc)}`,
  );
}

// %% [markdown]
// ## Theorems 7.4.1–7.4.2: conservation of variables, illustrated
//
// If the variance representations Σ and Σ̄ of two VAEs in a polarised regime have CKA(Σ, Σ̄) = 1, then
// Σ̄ = ξRΣ (isotropic scaling and rotation) and both have the same numbers of active and passive
// variables. The thesis' counter-example (after Theorem 7.4.1): Σ̄ = TΣ with T = diag(0, 1) turns a
// passive variable active and gives CKA < 1. We illustrate both directions on polarised variance
// representations: 3 active latents (σ² ≈ 0) and 3 passive ones (σ² ≈ 1) over 500 examples.

// %%
let seedState = 7;
const uniform = () => ((seedState = (seedState * 1103515245 + 12345) % 2147483648) / 2147483648);
const polarisedVariance = (active: number, passive: number) =>
  Array.from({ length: 500 }, () => [
    ...Array.from({ length: active }, () => 0.01 * uniform()),
    ...Array.from({ length: passive }, () => 1 - 0.02 * uniform()),
  ]);
const sigma = polarisedVariance(3, 3);
// ξRΣ with R a permutation of the latents (an orthogonal map) and ξ = 1, so the prior stays N(0, I).
const permuted = sigma.map((row) => [row[4], row[0], row[5], row[1], row[3], row[2]]);
// The counter-example: T zeroes the last passive variable, which becomes active.
const truncated = sigma.map((row) => [...row.slice(0, 5), 0]);
const counts = (m: number[][]) => {
  const t = variableTypes(m);
  return `${t.active.length} active / ${t.passive.length} passive`;
};
const ckaSame = linearCKA(sigma, permuted);
const ckaChanged = linearCKA(sigma, truncated);
check(
  "Theorems 7.4.1–7.4.2: CKA(Σ, Σ̄) = 1 goes with the same numbers of active and passive variables",
  Math.abs(ckaSame - 1) < 1e-9 && counts(sigma) === counts(permuted),
  `Σ: ${counts(sigma)}; Σ̄ = RΣ: ${counts(permuted)}; CKA = ${ckaSame.toFixed(12)}`,
);
check(
  "a transformation that changes the numbers of active and passive variables gives CKA(Σ, Σ̄) < 1 (the counter-example after Theorem 7.4.1)",
  ckaChanged < 1 - 1e-6 && counts(sigma) !== counts(truncated),
  `Σ: ${counts(sigma)}; Σ̄ = TΣ: ${counts(truncated)}; CKA = ${ckaChanged.toFixed(6)}`,
);

// %% [markdown]
// ## Summary

// %%
console.log(claims.summary(S));
verdicts
