// Every study runner at smoke scale: the tables have the documented columns and values in their
// mathematical ranges (counts add up to the latent size, similarities in [0, 1], a representation is
// identical to itself, accuracies in [0, 1]...), a second run on the same run directory trains nothing
// and returns the same tables, and each runner's figures build. The smoke models train for a few
// dozen steps only, so the papers' findings are not asserted here (see the quick presets).
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import "../../../toolkit/models";
import {
  collapseFigures, collapseStudy, figures, LEARNED_MARGIN, fondueFigures, fondueStudy, ivaeFigures, ivaeStudy,
  meanVsSampledFigures, meanVsSampledStudy, pcaDirectionsFigures, pcaDirectionsStudy, PCA_DIRECTIONS_PRESETS, similarityFigures, similarityStudy, SIMILARITY_STUDY_PRESETS,
  type StudyResult, type Tables,
} from "../../../toolkit/studies";
import { shareBelowUntilEnd } from "../../../toolkit/metrics";

let root: string;
before(() => {
  root = mkdtempSync(path.join(tmpdir(), "polarlab-studies-"));
});
after(() => rmSync(root, { recursive: true, force: true }));

function columnsOf(rows: readonly object[]): string[] {
  return [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
}

function hasColumns(rows: readonly object[], expected: string[], table: string): void {
  assert.ok(rows.length > 0, `${table} is empty`);
  for (const c of expected) assert.ok(columnsOf(rows).includes(c), `${table} lacks column ${c}`);
}

const inUnit = (v: number | null) => v === null || (v >= -1e-9 && v <= 1 + 1e-9);

/** Runs a study twice on one run directory: the second run must train nothing and agree. */
async function twice<C extends object, T extends Tables>(
  name: string,
  run: (o: object) => Promise<StudyResult<C, T>>,
  params: Record<string, unknown> = {},
): Promise<StudyResult<C, T>> {
  const options = { scale: "smoke", cacheDir: path.join(root, name), progress: false, params };
  const first = await run(options);
  assert.ok(first.cache.trainings > 0, `${name}: the first run trains`);
  const second = await run(options);
  assert.equal(second.cache.trainings, 0, `${name}: the second run reuses the cache`);
  assert.deepEqual(stable(second.tables), stable(first.tables));
  return first;
}

/** The tables without what legitimately changes between runs: wall times and "came from the cache" flags. */
function stable(tables: Tables): unknown {
  return JSON.parse(JSON.stringify(tables, (key, value) => (key === "seconds" || key === "cached" ? undefined : value)));
}

describe("study runners at smoke scale", () => {
  test("collapseStudy: VGON and VAE over β", async () => {
    const r = await twice("collapse", collapseStudy);
    const latent = (r.config.model.latent as number) ?? 10;
    hasColumns(r.tables.summary, ["model", "beta", "seed", "kl", "reconstruction", "active", "mixed", "passive"], "summary");
    for (const s of r.tables.summary) {
      assert.equal(s.active + s.mixed + s.passive, latent);
      assert.ok(s.kl >= 0 && Number.isFinite(s.reconstruction));
    }
    assert.deepEqual([...new Set(r.tables.summary.map((s) => s.model))].sort(), [...r.config.models].sort());
    // The learned-model gate: one mean-image reconstruction for the probe (its closed form is tested with the
    // metrics), each run's fully collapsed reference found among the same model's runs, and the rule applied.
    const meanImage = r.tables.summary[0].meanImageRecon;
    assert.ok(Number.isFinite(meanImage) && meanImage > 0 && r.tables.summary.every((s) => s.meanImageRecon === meanImage));
    for (const s of r.tables.summary) {
      assert.ok(Number.isFinite(s.probeReconstruction) && s.probeReconstruction > 0);
      const collapsed = r.tables.summary.filter((o) => o.model === s.model && o.seed === s.seed && o.passive === latent);
      const expectedBeta = collapsed.length ? Math.max(...collapsed.map((o) => o.beta)) : null;
      assert.equal(s.collapsedBeta, expectedBeta);
      assert.equal(s.collapsedRecon, collapsed.find((o) => o.beta === expectedBeta)?.probeReconstruction ?? null);
      const below = (ref: number) => s.probeReconstruction < (1 - LEARNED_MARGIN) * ref;
      assert.equal(s.learned, below(meanImage) && (s.collapsedRecon === null || below(s.collapsedRecon)));
      if (s.beta === s.collapsedBeta) assert.equal(s.learned, false, "the fully collapsed reference run has not learned");
    }
    hasColumns(r.tables.samples, ["model", "beta", "dim", "type", "representation", "value"], "samples");
    assert.ok(r.tables.samples.filter((s) => s.representation === "variance").every((s) => s.value > 0));
    hasColumns(r.tables.cka, ["modelA", "modelB", "betaA", "betaB", "representation", "cka"], "cka");
    assert.equal(r.tables.cka.length, r.config.betas.length ** 2 * 2);
    assert.ok([...r.tables.cka, ...r.tables.selfSimilarity].every((c) => inUnit(c.cka)));
    // A representation compared with itself (same model, same β, same seed) has CKA 1.
    for (const c of r.tables.selfSimilarity.filter((c) => c.betaA === c.betaB && c.cka !== null)) assert.ok(Math.abs(c.cka! - 1) < 1e-6);
    assert.ok(Object.keys(collapseFigures(r)).includes("kl"));
  });

  test("ivaeStudy: fixed and learned prior mean", async () => {
    const r = await twice("ivae", ivaeStudy);
    hasColumns(r.tables.variables, ["variant", "seed", "dim", "type", "meanMu", "meanVariance", "meanPriorMean", "meanPriorVariance", "meanGapVsPrior", "priorVsMuSquared"], "variables");
    for (const v of r.tables.variables) {
      assert.ok(v.meanVariance > 0 && v.meanPriorVariance > 0);
      // With the prior mean fixed, μ† is exactly 0 (thesis §5.2).
      if (v.variant === "fixed") assert.equal(v.meanPriorMean, 0);
    }
    hasColumns(r.tables.checks, ["variant", "proposition", "statement", "type", "variables", "value"], "checks");
    assert.ok(r.tables.checks.every((c) => (c.value === null) === (c.variables === 0)));
    // Per latent, the segments' example counts add up to the probe.
    hasColumns(r.tables.segments, ["variant", "seed", "dim", "type", "segment", "priorVariance", "muSquared", "variance", "examples"], "segments");
    const perLatent = r.tables.segments.filter((s) => s.variant === "fixed" && s.dim === 0).reduce((a, s) => a + s.examples, 0);
    assert.equal(perLatent, r.config.probeExamples);
    // Every model, with its reconstruction and its mean-image baseline, both finite.
    hasColumns(r.tables.models, ["variant", "seed", "reconstruction", "meanImageRecon", "active", "mixed", "passive"], "models");
    assert.equal(r.tables.models.length, r.config.variants.length * r.config.seeds.length);
    assert.ok(r.tables.models.every((m) => Number.isFinite(m.reconstruction) && Number.isFinite(m.meanImageRecon)));
    assert.deepEqual([...new Set(r.tables.mcc.map((m) => m.variant))].sort(), ["fixed", "learned"]);
    assert.ok(r.tables.mcc.every((m) => inUnit(m.mcc) && inUnit(m.mccNull) && (m.mcc === null) === (m.mccNull === null)));
    assert.ok(Object.keys(ivaeFigures(r)).length > 0);
  });

  test("meanVsSampledStudy: types, TC / MI / erank, probes, correlations", async () => {
    const r = await twice("mean-vs-sampled", meanVsSampledStudy);
    const latent = (r.config.model.latent as number) ?? 10;
    hasColumns(r.tables.types, ["model", "param", "value", "seed", "active", "mixed", "passive", "reconstruction", "meanImageRecon"], "types");
    r.tables.types.forEach((t) => assert.equal(t.active + t.mixed + t.passive, latent));
    r.tables.types.forEach((t) => assert.ok(t.reconstruction > 0 && t.meanImageRecon > 0, "reconstruction losses in nats are positive"));
    // One null probe per factor and draw for each model with passive variables, on that many noise columns.
    for (const t of r.tables.types) {
      const rows = r.tables.nullProbes.filter((p) => p.model === t.model && p.value === t.value && p.seed === t.seed);
      assert.equal(rows.length, t.passive > 0 ? r.config.nullProbeDraws * new Set(r.tables.probes.map((p) => p.factor)).size : 0);
      assert.ok(rows.every((p) => p.columns === t.passive && inUnit(p.accuracy)));
    }
    hasColumns(r.tables.scores, ["representation", "subset", "variables", "tc", "ami", "erank", "note"], "scores");
    for (const s of r.tables.scores) {
      if (s.ami !== null) assert.ok(s.ami >= 0);
      if (s.erank !== null) assert.ok(s.erank >= 1 - 1e-9 && s.erank <= s.variables + 1e-9);
      if (s.tc === null && s.variables >= 2) assert.ok(s.note.length > 0, "an undefined TC says why");
    }
    hasColumns(r.tables.probes, ["representation", "variables", "factor", "accuracy", "baseline"], "probes");
    assert.ok(r.tables.probes.every((p) => inUnit(p.accuracy) && p.baseline > 0 && p.baseline <= 1));
    const expectedSnapshots = r.config.steps / r.config.snapshotEvery + 1;
    assert.ok(r.tables.correlation.every((c) => c.snapshots === expectedSnapshots && c.aboveThreshold <= c.snapshots));
    const diagonal = r.tables.correlationMatrix.filter((c) => c.row === c.col);
    assert.ok(diagonal.every((c) => Math.abs(c.correlation - 1) < 1e-9));
    assert.ok(Object.keys(meanVsSampledFigures(r)).includes("types"));
  });

  test("similarityStudy: layers across seeds, models and training, and Fig. 7.1", async () => {
    const r = await twice("similarity", similarityStudy, { probeExamples: "120" });
    hasColumns(r.tables.layers, ["comparison", "modelA", "modelB", "stepA", "stepB", "layerA", "layerB", "metric", "similarity", "pairs"], "layers");
    assert.deepEqual([...new Set(r.tables.layers.map((l) => l.comparison))].sort(), ["models", "seeds", "training"]);
    assert.ok(r.tables.layers.every((l) => inUnit(l.similarity)));
    // Each averaged CKA is the mean of its seed pairs' (Eq. 7.9): seeds (a < b), every (a, b) of two models, each seed in training.
    hasColumns(r.tables.seedPairs, ["comparison", "modelA", "modelB", "seedA", "seedB", "stepA", "stepB", "layerA", "layerB", "similarity"], "seedPairs");
    const seeds = r.config.seeds.length;
    for (const l of r.tables.layers.filter((x) => x.metric === "cka")) {
      const units = r.tables.seedPairs.filter((p) => p.comparison === l.comparison && p.modelA === l.modelA && p.modelB === l.modelB && p.stepA === l.stepA && p.layerA === l.layerA && p.layerB === l.layerB);
      assert.equal(units.length, l.comparison === "seeds" ? (seeds * (seeds - 1)) / 2 : l.comparison === "models" ? seeds * seeds : seeds, `${l.comparison} ${l.layerA}×${l.layerB}`);
      assert.ok(units.every((p) => (l.comparison === "seeds" ? p.seedA < p.seedB : l.comparison === "training" ? p.seedA === p.seedB : true)));
      const defined = units.flatMap((p) => (p.similarity === null ? [] : [p.similarity]));
      assert.equal(l.pairs, defined.length);
      if (l.similarity !== null) assert.ok(Math.abs(l.similarity - defined.reduce((a, b) => a + b, 0) / defined.length) < 1e-12);
    }
    hasColumns(r.tables.models, ["model", "seed", "active", "mixed", "passive", "reconstruction", "meanImageRecon"], "models");
    assert.equal(r.tables.models.length, r.config.variants.length * r.config.seeds.length);
    const latent = (r.config.model.latent as number) ?? 10;
    assert.ok(r.tables.models.every((m) => m.active + m.mixed + m.passive === latent && m.reconstruction > 0 && m.meanImageRecon > 0));
    hasColumns(r.tables.synthetic, ["n", "pair", "shared", "metric", "similarity"], "synthetic");
    // Fig. 7.1 at the largest n: CKA tracks the shared fraction (0.8, 0.5) and drops for D (0 %).
    const largest = Math.max(...r.tables.synthetic.map((s) => s.n));
    const at = (shared: number, metric: string) => r.tables.synthetic.find((s) => s.n === largest && s.shared === shared && s.metric === metric)!.similarity;
    assert.ok(Math.abs(at(0.8, "cka") - 0.8) < 0.1 && Math.abs(at(0.5, "cka") - 0.5) < 0.15);
    assert.ok(at(0, "procrustes") > at(0, "cka"), "Procrustes overestimates sim(A, D)");
    assert.ok(Object.keys(similarityFigures(r)).includes("synthetic"));
  });

  test("similarityStudy: a collapsed variant is compared with the first variant only", async () => {
    const variants = [...SIMILARITY_STUDY_PRESETS.smoke.variants, { label: "collapsed", kind: "betaVAE", hyper: { beta: 50 }, role: "collapsed" }];
    const r = await similarityStudy({ scale: "smoke", params: { variants, probeExamples: 60, syntheticSizes: [10], syntheticRepeats: 1 }, progress: false });
    const withCollapsed = r.tables.layers.filter((l) => l.modelA === "collapsed" || l.modelB === "collapsed");
    assert.deepEqual([...new Set(withCollapsed.map((l) => `${l.comparison} ${l.modelA} × ${l.modelB}`))], [`models ${variants[0].label} × collapsed`]);
    assert.equal(r.tables.models.filter((m) => m.model === "collapsed").length, r.config.seeds.length, "its models are trained and measured");
    await assert.rejects(
      similarityStudy({ scale: "smoke", params: { variants: [variants[2], variants[0]] }, progress: false }),
      /similarityStudy: variants\[0\] is the well-behaved model the collapsed variants are compared with, so it must not have role "collapsed", got "collapsed"/,
    );
  });

  test("fondueStudy: IDs, FONDUE and BS_FONDUE, elbow curves", async () => {
    const r = await twice("fondue", fondueStudy);
    const k = 3; // the smoke data's informative dimensions
    hasColumns(r.tables.ids, ["data", "method", "k", "seed", "dimension", "examples", "removedDuplicates"], "ids");
    assert.ok(r.tables.ids.filter((i) => i.method === "mle").every((i) => Math.abs((i.dimension as number) - k) < 1));
    // The Levina–Bickel average at the largest k, once per seed, defined on this continuous data.
    const lb = r.tables.ids.filter((i) => i.method === "mleLevinaBickel");
    assert.equal(lb.length, r.config.idSeeds.length);
    assert.ok(lb.every((i) => i.k === Math.max(...r.config.idKs) && Math.abs((i.dimension as number) - k) < 1 && i.note === undefined));
    hasColumns(r.tables.runs, ["variant", "label", "seed", "n", "init", "models", "seconds", "meanImageRecon"], "runs");
    for (const run of r.tables.runs) assert.ok(Math.abs(run.n - k) <= 1, `${run.label} returned ${run.n}`);
    hasColumns(r.tables.traces, ["variant", "seed", "iteration", "n", "scoreSampled", "scoreMean", "difference", "decision"], "traces");
    hasColumns(r.tables.elbow, ["n", "seed", "reconstruction", "meanImageRecon", "downstream", "traceSampled", "traceMean", "active", "mixed", "passive"], "elbow");
    // The linear VAE at n = k reconstructs better than the mean image; the baseline is one per seed.
    const byNk = r.tables.elbow.find((e) => e.n === k)!;
    assert.ok(byNk.reconstruction < byNk.meanImageRecon);
    assert.equal(new Set(r.tables.elbow.map((e) => e.meanImageRecon)).size, r.config.seeds.length);
    const byN = new Map(r.tables.elbow.map((e) => [e.n, e]));
    // One latent cannot carry three sources: lower R² and higher reconstruction loss than n = k.
    assert.ok(byN.get(1)!.downstream < byN.get(k)!.downstream);
    assert.ok(byN.get(1)!.reconstruction > byN.get(k)!.reconstruction);
    assert.ok(Object.keys(fondueFigures(r)).includes("trace"));
    assert.deepEqual(Object.keys(figures(r)), Object.keys(fondueFigures(r)), "figures() dispatches on result.study");
  });

  test("pcaDirectionsStudy: DtO, score and ΔKL per run and length; Table 1's share; the linear case", async () => {
    // The smoke preset without its dSprites task (the dSprites code path is the notebook's smoke test).
    const tasks = PCA_DIRECTIONS_PRESETS.smoke.tasks.filter((t) => t.name !== "dsprites");
    const r = await twice("pca-directions", pcaDirectionsStudy, { tasks });
    const { measures, kl, polarised, linear } = r.tables;
    hasColumns(measures, ["task", "kind", "latent", "seed", "step", "fraction", "active", "dto", "dtoRandom", "disentanglement", "reconstruction", "meanImageRecon"], "measures");
    const runs = tasks.reduce((n, t) => n + t.seeds.length * (r.config.kinds.length + t.highLatents.length), 0);
    assert.equal(measures.length, runs * r.config.lengths.length, "one row per run and length");
    for (const m of measures) {
      assert.ok(inUnit(m.disentanglement));
      assert.equal(m.dto === null, m.active < 2, "DtO exactly where ≥ 2 latents are active");
      assert.equal(m.dtoRandom !== null, m.fraction === 1 && m.active >= 2, "the random decoder at the end of training");
      for (const v of [m.dto, m.dtoRandom]) assert.ok(v === null || (v >= 0 && v <= 2 * Math.sqrt(m.active)));
    }
    // ΔKL at klEvaluations evenly spaced steps of every β-VAE run, the last at the end; Table 1's share recomputed.
    for (const p of polarised) {
      const rows = kl.filter((k) => k.task === p.task && k.latent === p.latent && k.seed === p.seed);
      const steps = tasks.find((t) => t.name === p.task)!.steps;
      assert.equal(rows.length, r.config.klEvaluations);
      assert.equal(rows[rows.length - 1].step, steps);
      assert.equal(p.share, shareBelowUntilEnd(rows.map((k) => k.step), rows.map((k) => k.relativeError), 0.03, steps));
      for (const k of rows) assert.ok(k.kl >= 0 && (k.relativeError === null || k.relativeError >= 0));
    }
    assert.equal(polarised.length, tasks.reduce((n, t) => n + t.seeds.length * (1 + t.highLatents.length), 0));
    // The linear case: one row per linear model, alignments are mean |cos| in [0, 1].
    assert.equal(linear.length, r.config.kinds.length * tasks.find((t) => t.name === "linear")!.seeds.length);
    for (const l of linear) assert.ok(inUnit(l.alignment) && inUnit(l.alignmentNull) && l.activeClosedForm === 3);
    assert.ok(Object.keys(pcaDirectionsFigures(r)).includes("dto"));
    assert.deepEqual(Object.keys(figures(r)), Object.keys(pcaDirectionsFigures(r)), "figures() dispatches on result.study");
  });

  test("an AbortSignal stops a runner (before or during training) with an AbortError", async () => {
    await assert.rejects(ivaeStudy({ scale: "smoke", progress: false, signal: AbortSignal.abort() }), { name: "AbortError" });
    const controller = new AbortController();
    const running = ivaeStudy({ scale: "smoke", progress: false, signal: controller.signal, params: { steps: "100000" } });
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    await assert.rejects(running, { name: "AbortError" });
    assert.ok(Date.now() - started < 20000, "stops within a step, not at the end of 100,000 steps");
  });
});
