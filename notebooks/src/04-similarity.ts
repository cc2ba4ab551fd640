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
//
// **Claims**: each finding is checked on this run's numbers as a value (estimate with its 95 %
// interval, threshold quoted from the thesis). Claims on trained models rest only on models that
// reconstruct better than the mean image of the probe (the best constant predictor): the seeds whose
// model did not learn are left out of the averages over seeds, and each claim names them.

// %% tags=["parameters"]
// Scale of the run: "smoke" (seconds, for CI), "quick" (minutes on a laptop), "reference" (≤ 30 min on
// 2 cores: several seeds, models that learn), "paper" (a GPU).
let scale = "quick";

// %%
const S = pl.studies.checkScale(scale);
const claims = new pl.studies.ClaimLog("04-similarity", S);
const { bootstrapEstimate, learnedSubset, singleEstimate, mean: avg, meanDefined: avgDefined } = pl.studies;
const fmt = (x: number | null | undefined, digits = 3) => pl.studies.formatNumber(x, digits);
const THESIS = "Bonheme (thesis)";
/** The thesis' words for "high" similarity (§7.4.3, Fig. 7.10) and for two metrics agreeing (§7.4.2). */
const HIGH = "the representational similarity of all the layers of the encoder (top-left quadrant) except mean and variance is high (CKA ≥ 0.8)";
const CONSISTENT = "the difference between the CKA and Procrustes similarity scores in Figure 7.7 remains very small (around 0.1) indicating consistent results between both metrics";
/** The mean of `values` with its bootstrap interval over them; null (with why) for fewer than 2. */
const overUnits = (values: number[], what: string) =>
  values.length >= 2
    ? { estimate: bootstrapEstimate(values, avg, { seed: 0 }), untestable: "" }
    : { estimate: null, untestable: `${values.length} ${what} at this scale; an interval needs at least 2` };

// %% [markdown]
// ## The setup at this scale

// %%
const overrides: Record<string, unknown> = {};
const config = pl.studies.resolveConfig("similarityStudy", pl.studies.SIMILARITY_STUDY_PRESETS, S, overrides);
config

// %% [markdown]
// ## Running the study

// %%
const result = await pl.studies.similarityStudy({ scale: S, params: overrides, cacheDir: ".polarlab-runs/similarity" });
console.log(`${result.study} at ${result.scale} scale: ${result.seconds.toFixed(0)} s, ${result.cache.trainings} models trained, ${result.cache.hits} cached`);
const figures = pl.studies.similarityFigures(result);
const { layers, seedPairs, models: modelRows, synthetic } = result.tables;
modelRows

// %% [markdown]
// ## Which models learned
//
// Each final model's reconstruction loss on the probe beside the mean image's (the best constant
// predictor under the same Bernoulli likelihood), and its variable types (α = 0.1). A claim averages
// the similarity over the seed pairs whose two models learned (`learnedSubset`), as Eq. 7.9 averages
// over all seed pairs; a pair with a model still at the mean image is left out, never replaced.

// %%
/** The model (variant, seed) beside its mean image, as the learned-model checks read it. */
const learner = (model: string, seed: number) => {
  const m = modelRows.find((r) => r.model === model && r.seed === seed)!;
  return { label: `${m.model} seed ${m.seed}`, reconstruction: m.reconstruction, baseline: m.meanImageRecon, baselineName: "mean image" };
};
/** The variants trained to collapse (Fact 2's collapsed model): the claims about learned encoders leave them out. */
const collapsedVariants = new Set(config.variants.filter((v) => v.role === "collapsed").map((v) => v.label));
type SeedPairRow = (typeof seedPairs)[number];
/** The seed pairs of one comparison (its rows share comparison, models and step), each with its CKA rows. */
const pairsOf = (keep: (r: SeedPairRow) => boolean) => {
  const groups = new Map<string, SeedPairRow[]>();
  for (const r of seedPairs.filter(keep)) {
    const k = `${r.comparison}|${r.modelA}|${r.modelB}|${r.stepA}|${r.seedA}|${r.seedB}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()].map((rows) => ({ ...rows[0], rows }));
};
type SeedPair = ReturnType<typeof pairsOf>[number];
/** The seed pairs of `pairs` whose two models learned (at least `min` of them for the claim). */
const learnedPairs = (pairs: SeedPair[], min = 1) =>
  learnedSubset(pairs, (p) => [learner(p.modelA, p.seedA), learner(p.modelB, p.seedB)], { what: "seed pairs", min });
/** Rows shaped as `layers`' CKA rows: each layer pair's CKA averaged over the given seed pairs (Eq. 7.9). */
const averagedOver = (pairs: SeedPair[]) => {
  const byLayers = new Map<string, SeedPairRow[]>();
  for (const r of pairs.flatMap((p) => p.rows)) byLayers.set(`${r.layerA}|${r.layerB}`, [...(byLayers.get(`${r.layerA}|${r.layerB}`) ?? []), r]);
  return [...byLayers.values()].map((rows) => ({ ...rows[0], metric: "cka", similarity: avgDefined(rows.map((r) => r.similarity)) }));
};
console.log(modelRows.map((m) => `${m.model} seed ${m.seed}: ${m.active}/${m.mixed}/${m.passive} active/mixed/passive; reconstruction ${fmt(m.reconstruction, 1)} vs mean image ${fmt(m.meanImageRecon, 1)} nats`).join("\n"));

// %% [markdown]
// ## CKA vs Procrustes on synthetic matrices (thesis §7.2.2, Fig. 7.1)
//
// A has 50 features; B keeps 80 % of them, C 50 %, D none. "Both metrics agree for sim(A, B) and
// sim(A, C), giving scores that are close to the fraction of common features … However, we can see in
// Figure 7.1c that Procrustes highly overestimates sim(A, D) while CKA scores rapidly drop." The
// thesis calls a CKA–Procrustes difference "around 0.1" consistent (§7.4.2); that is the threshold for
// agreeing, and a larger difference for D is an overestimate. The units of the intervals are the
// repetitions of the experiment at the largest n.

// %%
figures.synthetic

// %%
const sizes = [...new Set(synthetic.map((r) => r.n))].sort((a, b) => a - b);
const largest = sizes[sizes.length - 1];
const repeats = [...new Set(synthetic.map((r) => r.repeat))];
const simAt = (n: number, shared: number, metric: string, repeat: number) =>
  synthetic.find((r) => r.n === n && r.shared === shared && r.metric === metric && r.repeat === repeat)!.similarity;
const perRepeat = (f: (repeat: number) => number) => {
  const values = repeats.map(f);
  return values.length >= 2 ? bootstrapEstimate(values, avg, { seed: 0 }) : singleEstimate(values[0]);
};
for (const [shared, letter] of [[0.8, "B"], [0.5, "C"]] as const) {
  claims.check({
    id: `sim.fig-7-1-agree-${shared * 100}`,
    paper: THESIS, place: "§7.2.2, Fig. 7.1a–b",
    statement: `CKA and Procrustes agree for sim(A, ${letter}) (${shared * 100} % shared features), close to the fraction of common features`,
    quantity: `|CKA − Procrustes| of (A, ${letter}) at n = ${largest}`,
    estimate: perRepeat((k) => Math.abs(simAt(largest, shared, "cka", k) - simAt(largest, shared, "procrustes", k))),
    threshold: { comparison: "<", value: 0.1, source: { kind: "paper", quote: CONSISTENT } },
    evidence: `n = ${largest}, ${repeats.length} repetition(s): CKA ${fmt(avg(repeats.map((k) => simAt(largest, shared, "cka", k))))}, Procrustes ${fmt(avg(repeats.map((k) => simAt(largest, shared, "procrustes", k))))}, shared fraction ${shared}`,
  });
}
claims.check({
  id: "sim.fig-7-1-procrustes-overestimates",
  paper: THESIS, place: "§7.2.2, Fig. 7.1c",
  statement: "with no shared features, Procrustes highly overestimates sim(A, D) compared with CKA",
  quantity: `Procrustes − CKA of (A, D) at n = ${largest}`,
  estimate: perRepeat((k) => simAt(largest, 0, "procrustes", k) - simAt(largest, 0, "cka", k)),
  threshold: { comparison: ">", value: 0.1, source: { kind: "paper", quote: `"Procrustes highly overestimates sim(A, D) while CKA scores rapidly drop"; a difference within ${CONSISTENT.slice(CONSISTENT.indexOf("(around"), CONSISTENT.indexOf(")") + 1)} counts as consistent (§7.4.2)` } },
  evidence: sizes.map((n) => `n = ${n}: CKA ${fmt(avg(repeats.map((k) => simAt(n, 0, "cka", k))))}, Procrustes ${fmt(avg(repeats.map((k) => simAt(n, 0, "procrustes", k))))}`).join("; "),
});
claims.check({
  id: "sim.fig-7-1-cka-drops",
  paper: THESIS, place: "§7.2.2, Fig. 7.1c",
  statement: "with no shared features, CKA scores rapidly drop as the number of examples grows",
  quantity: `CKA(A, D) at n = ${largest} − at n = ${sizes[0]}`,
  estimate: perRepeat((k) => simAt(largest, 0, "cka", k) - simAt(sizes[0], 0, "cka", k)),
  threshold: { comparison: "<", value: 0, source: { kind: "paper", quote: "Procrustes highly overestimates sim(A, D) while CKA scores rapidly drop" } },
  evidence: `CKA(A, D): ${sizes.map((n) => `${fmt(avg(repeats.map((k) => simAt(n, 0, "cka", k))))} at n = ${n}`).join(", ")}`,
});

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
/** CKA of each layer in `names` with itself over the rows selected, as [layer, value] pairs (defined ones). */
const diagonal = (rows: readonly { metric: string; layerA: string; layerB: string; similarity: number | null }[], names: string[]) =>
  names.map((n) => [n, rows.find((r) => r.metric === "cka" && r.layerA === n && r.layerB === n)?.similarity ?? null] as const)
    .filter((p): p is readonly [string, number] => p[1] !== null);

// %% [markdown]
// ### Fact 1: the encoder is learned before the decoder (thesis §7.4.1, Fig. 7.2; §7.4.3, Fig. 7.8)
//
// Comparing a model early in training with its final self: "the encoder is learned first, and the
// representations of its layers become similar to the input after a few epochs … The decoder then
// progressively learns representations". Measured per trained model (variant and seed; the units of
// the interval): the mean early-vs-final CKA of the encoder layers minus that of the decoder layers, at
// the earliest snapshot, over the models that learned.

// %%
{
  const training = seedPairs.filter((r) => r.comparison === "training");
  const earliest = Math.min(...training.map((r) => r.stepA));
  const per = pairsOf((r) => r.comparison === "training" && r.stepA === earliest).map((p) => {
    const rows = averagedOver([p]);
    const [enc, dec] = [diagonal(rows, encoderLayers).map((d) => d[1]), diagonal(rows, decoderLayers).map((d) => d[1])];
    return { ...p, enc: enc.length ? avg(enc) : null, dec: dec.length ? avg(dec) : null };
  }).filter((p) => p.enc !== null && p.dec !== null);
  const models = learnedSubset(per, (p) => [learner(p.modelA, p.seedA)], { what: "models", min: 2 });
  const { estimate, untestable } = overUnits(models.kept.map((p) => p.enc! - p.dec!), "model(s) with a training comparison");
  claims.check({
    id: "sim.encoder-learned-before-decoder",
    paper: THESIS, place: "§7.4.1 Fact 1, Fig. 7.2; §7.4.3, Fig. 7.8",
    statement: "the encoder is learned before the decoder: early in training its layers are already similar to the final ones, the decoder's not yet",
    quantity: `early (step ${earliest}) vs final (step ${config.steps}) CKA of each model: mean over encoder layers − mean over decoder layers`,
    estimate, untestable,
    threshold: { comparison: ">", value: 0, source: { kind: "paper", quote: "the encoder is learned first, and the representations of its layers become similar to the input after a few epochs … The decoder then progressively learns representations" } },
    learned: models,
    evidence: models.kept.map((p) => `${p.modelA} seed ${p.seedA}: encoder ${fmt(p.enc)}, decoder ${fmt(p.dec)}`).join("; "),
  });
}

// %% [markdown]
// ### Fact 2: posterior collapse seen through CKA (thesis §7.4.1, Fig. 7.3; §7.4.3, Fig. 7.9)
//
// "The sampled representations of the collapsed model … have a very low similarity with the
// representations learned by the encoder and decoder of a well-behaved model, in opposition to the
// sampled representation of a well-behaved model." The claim needs a collapsed model: the variant trained to
// collapse (role "collapsed"; else the second variant) must have no active variable in any seed; the
// well-behaved one (the first variant) must have learned,
// so the CKA is averaged over the seed pairs whose well-behaved model learned (a collapsed model stays
// at the mean image by definition). The units of the interval are the other layers L: CKA(well
// sampled, collapsed L) − CKA(well L, collapsed sampled).

// %%
{
  const weak = config.variants[0].label;
  const strong = (config.variants.find((v) => v.role === "collapsed") ?? config.variants[1]).label;
  const seedPairsOf = pairsOf((r) => r.comparison === "models" && ((r.modelA === weak && r.modelB === strong) || (r.modelA === strong && r.modelB === weak)));
  const wellLearned = learnedSubset(seedPairsOf, (p) => [p.modelA === weak ? learner(weak, p.seedA) : learner(weak, p.seedB)], { what: "seed pairs", min: 1 });
  const pair = averagedOver(wellLearned.kept);
  // Orient each row as (layer of the well-behaved model, layer of the regularised one).
  const oriented = pair.map((r) => (r.modelA === weak ? { well: r.layerA, strong: r.layerB, cka: r.similarity } : { well: r.layerB, strong: r.layerA, cka: r.similarity }));
  const cka = (well: string, str: string) => oriented.find((r) => r.well === well && r.strong === str)?.cka ?? null;
  const others = layerNames.filter((l) => l !== "sampled" && l !== "input" && cka("sampled", l) !== null && cka(l, "sampled") !== null);
  const diffs = others.map((l) => cka("sampled", l)! - cka(l, "sampled")!);
  const { estimate, untestable } = overUnits(diffs, "layer(s) compared");
  const strongRows = modelRows.filter((m) => m.model === strong);
  const collapsed = strongRows.length > 0 && strongRows.every((m) => m.active === 0);
  claims.check({
    id: "sim.collapsed-sampled-dissimilar",
    paper: THESIS, place: "§7.4.1 Fact 2, Fig. 7.3; §7.4.3, Fig. 7.9",
    statement: "the sampled representation of a collapsed model has a very low similarity with a well-behaved model's layers, in opposition to the sampled representation of the well-behaved model",
    quantity: `CKA of ${weak}'s sampled layer with ${strong}'s layers − CKA of ${strong}'s sampled layer with ${weak}'s layers, per layer`,
    estimate, untestable,
    threshold: { comparison: ">", value: 0, source: { kind: "paper", quote: "the sampled representations of the collapsed model (dark line at the “sampled” column of Figures 7.3a and 7.3b) have a very low similarity with the representations learned by the encoder and decoder of a well-behaved model, in opposition to the sampled representation of a well-behaved model" } },
    gates: [{ ok: collapsed, reason: `${strong} has not collapsed at this scale (active variables per seed: ${strongRows.map((m) => m.active).join(", ") || "none"}); the finding is about a collapsed model` }],
    learned: wellLearned,
    evidence: `mean CKA: ${weak}'s sampled with ${strong}'s layers ${fmt(avgDefined(others.map((l) => cka("sampled", l))))}, ${strong}'s sampled with ${weak}'s layers ${fmt(avgDefined(others.map((l) => cka(l, "sampled"))))} (${others.length} layers)`,
  });
}

// %% [markdown]
// ### Fact 3: encoders are alike across seeds and objectives (thesis §7.1, §7.4.1, Figs. 7.4 and 7.10)
//
// "The representational similarity of all the layers of the encoder (top-left quadrant) except mean and
// variance is high (CKA ≥ 0.8)" between learning objectives (Fig. 7.10), and encoders are "generic
// across seeds" (§7.1). The threshold is the thesis' 0.8; the units of the interval are the encoder
// layers (their CKA with the same layer of the other model, averaged over the seed pairs whose two
// models learned, Eq. 7.9).

// %%
{
  for (const v of [...new Set(seedPairs.filter((r) => r.comparison === "seeds").map((r) => r.modelA))]) {
    const pairs = learnedPairs(pairsOf((r) => r.comparison === "seeds" && r.modelA === v));
    const enc = diagonal(averagedOver(pairs.kept), encoderLayers);
    const { estimate, untestable } = overUnits(enc.map((p) => p[1]), "encoder layer(s)");
    claims.check({
      id: `sim.encoder-alike-across-seeds.${v.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`,
      paper: THESIS, place: "§7.1; §7.4.1 Fact 3",
      statement: `the encoder layers of ${v} are alike across seeds (CKA ≥ 0.8): encoders are generic across seeds`,
      quantity: "CKA of each encoder layer with itself between seeds (mean over seed pairs)",
      estimate, untestable,
      threshold: { comparison: ">", value: 0.8, source: { kind: "paper", quote: HIGH } },
      learned: pairs,
      evidence: enc.map(([l, c]) => `${l} ${fmt(c)}`).join(", "),
    });
  }
  const modelPairs = [...new Set(seedPairs.filter((r) => r.comparison === "models" && !collapsedVariants.has(r.modelB)).map((r) => `${r.modelA}|${r.modelB}`))];
  for (const pairName of modelPairs) {
    const [a, b] = pairName.split("|");
    const pairs = learnedPairs(pairsOf((r) => r.comparison === "models" && r.modelA === a && r.modelB === b));
    const enc = diagonal(averagedOver(pairs.kept), encoderLayers);
    const { estimate, untestable } = overUnits(enc.map((p) => p[1]), "encoder layer(s)");
    claims.check({
      id: `sim.encoders-alike.${`${a}-vs-${b}`.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`,
      paper: THESIS, place: "§7.4.1 Fact 3, Fig. 7.4; §7.4.3, Fig. 7.10",
      statement: `the encoders of ${a} and ${b} are highly similar (CKA ≥ 0.8)`,
      quantity: "CKA of each encoder layer with the same layer of the other model (mean over seed pairs)",
      estimate, untestable,
      threshold: { comparison: ">", value: 0.8, source: { kind: "paper", quote: HIGH } },
      learned: pairs,
      evidence: enc.map(([l, c]) => `${l} ${fmt(c)}`).join(", "),
    });
  }
}

// %% [markdown]
// ## High similarity and the numbers of active and passive variables (thesis §7.4.4, §7.5)
//
// "Mean representations of different models had the same number of active and passive variables as
// long as the similarity was high" (§7.5). Measured: among the comparisons (seeds of one variant, or
// two variants) whose mean layers have CKA ≥ 0.8, how many involve models with different numbers of
// active or passive variables. The thesis admits none. Each comparison's CKA is averaged over its seed
// pairs whose two models learned, and the numbers are those of the seeds in these pairs.

// %%
{
  const pairs = learnedPairs(pairsOf((r) => r.comparison !== "training" && !collapsedVariants.has(r.modelB) && r.layerA === "mean" && r.layerB === "mean"));
  const comparisons = new Map<string, SeedPair[]>();
  for (const p of pairs.kept) comparisons.set(`${p.comparison}|${p.modelA}|${p.modelB}`, [...(comparisons.get(`${p.comparison}|${p.modelA}|${p.modelB}`) ?? []), p]);
  const countsOf = (label: string, seeds: number[]) => new Set(modelRows.filter((m) => m.model === label && seeds.includes(m.seed)).map((m) => `${m.active}/${m.passive}`));
  const high = [...comparisons.values()].map((ps) => {
    const r = averagedOver(ps)[0];
    const seeds = [...new Set(ps.flatMap((p) => [p.seedA, p.seedB]))];
    return { ...r, countsA: countsOf(r.modelA, ps.map((p) => p.seedA)), countsB: countsOf(r.modelB, ps.map((p) => p.seedB)), seeds };
  }).filter((r) => r.similarity !== null && r.similarity >= 0.8);
  const differing = high.filter((r) => new Set([...r.countsA, ...r.countsB]).size > 1);
  claims.check({
    id: "sim.high-cka-same-counts",
    paper: THESIS, place: "§7.4.4; §7.5",
    statement: "models whose mean representations have a high CKA have the same numbers of active and passive variables",
    quantity: "comparisons with CKA(mean, mean) ≥ 0.8 whose models differ in their numbers of active or passive variables",
    estimate: high.length ? singleEstimate(differing.length) : null,
    untestable: "no comparison reaches CKA ≥ 0.8 on the mean layer at this scale",
    threshold: { comparison: "<", value: 1, source: { kind: "paper", quote: "mean representations of different models had the same number of active and passive variables as long as the similarity was high" } },
    learned: pairs,
    evidence: high.map((r) => `${r.comparison} ${r.modelA} × ${r.modelB} (seeds ${r.seeds.join(", ")}): CKA ${fmt(r.similarity)}, active/passive ${[...r.countsA].join(" ")} vs ${[...r.countsB].join(" ")}`).join("; ") || "none",
  });
}

// %% [markdown]
// ## Theorem 7.4.1: CKA(Σ, Σ̄) = 1 and the numbers of active and passive variables
//
// Theorem 7.4.1: "Given two linear VAEs learned in a polarised regime with variance representations Σ
// and Σ̄, if CKA(Σ, Σ̄) = 1, then Σ and Σ̄ have the same number of active and passive variables." The
// proof reads CKA = 1 as Σ̄ = ξRΣ (scaling and rotation). We test the statement itself on synthetic
// variance representations (500 examples; 3 active latents with σ² ∈ [0.01, 0.02], 3 passive with σ²
// ∈ [0.97, 0.98]), over every kind of Σ̄ with CKA(Σ, Σ̄) = 1:
//
// - a general orthogonal R (Haar-random, 200 draws) and the 45° rotation of one active and one
//   passive column: CKA stays 1, but the rotated columns mix σ² ≈ 0 and ≈ 1 (or turn negative), so Σ̄
//   has mixed variables and is no longer in a polarised regime — outside the theorem's hypotheses, not
//   a counter-example;
// - permutations of the columns: polarised, same numbers (the case the proof describes);
// - translations Σ̄ = Σ + 1bᵀ: CKA centres the columns, so moving a passive column's mean from ≈ 1 to
//   ≈ 0 keeps CKA = 1 exactly while both Σ and Σ̄ stay polarised — the theorem's hypotheses hold and
//   its conclusion does not.
//
// The claim counts the Σ̄ that satisfy the hypotheses (CKA = 1 to 1e−9, every variable active or
// passive, all σ² > 0) but have different numbers; the theorem admits none.

// %%
{
  const rng = new pl.Rng(7);
  const rows = 500;
  const sigma = Array.from({ length: rows }, () => [0, 1, 2].map(() => 0.01 + 0.01 * rng.uniform()).concat([0, 1, 2].map(() => 0.97 + 0.01 * rng.uniform())));
  const d = 6;
  const times = (m: number[][], r: number[][]) => m.map((row) => r[0].map((_, j) => row.reduce((s, x, k) => s + x * r[k][j], 0)));
  /** A Haar-random orthogonal d × d matrix: Gram–Schmidt on Gaussian columns. */
  const haar = () => {
    const q: number[][] = [];
    while (q.length < d) {
      let v = Array.from({ length: d }, () => rng.normal());
      for (const u of q) {
        const dot = v.reduce((s, x, i) => s + x * u[i], 0);
        v = v.map((x, i) => x - dot * u[i]);
      }
      const norm = Math.hypot(...v);
      q.push(v.map((x) => x / norm));
    }
    return Array.from({ length: d }, (_, i) => q.map((col) => col[i]));
  };
  const permutation = () => {
    const order = Array.from({ length: d }, (_, i) => i).sort(() => rng.uniform() - 0.5);
    return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (order[j] === i ? 1 : 0)));
  };
  const c = Math.SQRT1_2;
  // 45° rotation of column 0 (active) and column 3 (passive).
  const rot45 = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? (i === 0 || i === 3 ? c : 1) : i === 0 && j === 3 ? -c : i === 3 && j === 0 ? c : 0)));
  const typesOf = (m: number[][]) => {
    const t = variableTypes(m);
    return { active: t.active.length, mixed: t.mixed.length, passive: t.passive.length };
  };
  const base = typesOf(sigma);
  const countsText = (t: { active: number; mixed: number; passive: number }) => `${t.active}/${t.mixed}/${t.passive}`;
  const candidates: { kind: string; m: number[][] }[] = [
    { kind: "45° rotation of an active and a passive column", m: times(sigma, rot45) },
    ...Array.from({ length: 200 }, () => ({ kind: "Haar-random rotation", m: times(sigma, haar()) })),
    ...Array.from({ length: 20 }, () => ({ kind: "column permutation", m: times(sigma, permutation()) })),
    ...[3, 4, 5].map((j) => ({ kind: "translation of a passive column by −0.96", m: sigma.map((row) => row.map((x, k) => (k === j ? x - 0.96 : x))) })),
  ];
  const summary = new Map<string, { n: number; nonPositive: number; mixed: number; polarised: number; differing: number; cka: number; example: string }>();
  let counterexamples = 0;
  for (const { kind, m } of candidates) {
    const ckaValue = linearCKA(sigma, m);
    // A matrix with σ² ≤ 0 is no variance representation: outside the hypotheses, and not classified.
    const positive = m.every((row) => row.every((x) => x > 0));
    const t = positive ? typesOf(m) : null;
    const polarisedHere = t !== null && t.mixed === 0;
    const differs = t !== null && (t.active !== base.active || t.passive !== base.passive);
    const hypotheses = Math.abs(ckaValue - 1) < 1e-9 && polarisedHere;
    if (hypotheses && differs) counterexamples++;
    const s = summary.get(kind) ?? { n: 0, nonPositive: 0, mixed: 0, polarised: 0, differing: 0, cka: 1, example: t ? countsText(t) : "σ² ≤ 0 somewhere" };
    summary.set(kind, {
      n: s.n + 1, nonPositive: s.nonPositive + (t ? 0 : 1), mixed: s.mixed + (t && t.mixed > 0 ? 1 : 0), polarised: s.polarised + (polarisedHere ? 1 : 0),
      differing: s.differing + (polarisedHere && differs ? 1 : 0), cka: Math.min(s.cka, ckaValue), example: s.example,
    });
  }
  const lines = [...summary].map(([kind, s]) =>
    `${kind} (${s.n}): min CKA ${s.cka.toFixed(12)}; ${s.nonPositive} with σ² ≤ 0, ${s.mixed} with mixed variables, ${s.polarised} polarised of which ${s.differing} with different numbers (first: ${s.example} active/mixed/passive)`);
  console.log([`Σ: ${countsText(base)} active/mixed/passive`, ...lines].join("\n"));
  const evidence = `Σ: ${countsText(base)} active/mixed/passive; ${lines.join("; ")}`;
  claims.check({
    id: "sim.theorem-7-4-1-cka-one-same-counts",
    paper: THESIS, place: "§7.4.4, Theorem 7.4.1 (and Theorem 7.4.2)",
    statement: "if two variance representations learned in a polarised regime have CKA(Σ, Σ̄) = 1, they have the same numbers of active and passive variables",
    quantity: "Σ̄ with CKA(Σ, Σ̄) = 1, both polarised, and different numbers of active or passive variables",
    estimate: singleEstimate(counterexamples),
    threshold: { comparison: "<", value: 1, source: { kind: "paper", quote: "if CKA(Σ, Σ̄) = 1, then Σ and Σ̄ have the same number of active and passive variables" } },
    evidence: `${evidence}. CKA is computed on centred columns, so it cannot see the column means that make a variable active (σ² ≈ 0) or passive (σ² ≈ 1): the proof's step "CKA = 1 ⇒ Σ̄ = ξRΣ" misses the translation Σ̄ = ξΣR + 1bᵀ`,
  });
}

// %% [markdown]
// ## Summary

// %%
console.log(claims.summary());
claims.claims.map((c) => ({ id: c.id, verdict: c.verdict, estimate: c.estimate ? pl.studies.formatEstimate(c.estimate) : "not measured", threshold: `${c.threshold.comparison} ${fmt(c.threshold.value)} (${c.threshold.source.kind})`, reason: c.reason }))
