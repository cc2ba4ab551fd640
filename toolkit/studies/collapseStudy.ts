// The posterior-collapse study of Clapham & Grzes (VGON paper, §III–IV): VGON and VAE over a β grid
// × seeds; per model and β the KL (Fig. 3), counts of active / mixed / passive variables (Figs. 4–5,
// α = 0.1 rule of thesis §6.4.1), samples of each latent's μ and σ² for histograms (Figs. 6–9), linear
// CKA between the two models' mean and variance representations for every β pair (Figs. 10–11),
// and each model's self-similarity across β (Figs. 12–14). Every model is measured on one fixed probe.
// Quick preset, measured: the β-VAE collapses as in the paper (active 8 → 4 → 2 → 0 → 0 and KL 16 → 0.02
// nats for β = 0.5 … 30); the VGON is fully collapsed from β = 5 on, but at β ≤ 1 its 700 steps leave it
// unconverged (KL ≈ 250), so the paper's VGON ≈ VAE similarity (CKA of mean representations) does not show.
import { klPerDimension, linearCKA, variableTypes } from "../metrics";
import { columnMeans } from "../metrics/matrix";
import type { ModelConfig } from "../models";
import { meanDefined } from "./claims";
import { studyDataset, type DatasetSpec } from "./data";
import { asMatrix, probeSet, representations, type Mat } from "./probe";
import { runStudy, type StudyContext, type StudyOptions, type StudyResult } from "./runner";
import type { Presets } from "./scale";
import type { Tables } from "./tables";
import { withModel, type TrainingSpec } from "./training";

export interface CollapseStudyConfig {
  dataset: DatasetSpec;
  /** Model kinds compared (the VGON and the β-VAE of the registry). */
  models: string[];
  /** Shared configuration of both models (architecture, likelihood, latent). */
  model: Partial<ModelConfig>;
  betas: number[];
  seeds: number[];
  steps: number;
  batchSize: number;
  learningRate: number;
  /** Examples of the fixed probe the representations are measured on. */
  probeExamples: number;
  /** Examples per latent kept for the μ / σ² histograms. */
  histogramExamples: number;
}

export const COLLAPSE_STUDY_PRESETS: Presets<CollapseStudyConfig> = {
  smoke: {
    dataset: { name: "dsprites", n: 2000, size: 16, seed: 0 },
    models: ["vgon", "betaVAE"],
    model: { architecture: "mnistMlp", likelihood: "bernoulli", latent: 6 },
    betas: [1, 20],
    seeds: [0],
    steps: 60,
    batchSize: 64,
    learningRate: 1e-3,
    probeExamples: 300,
    histogramExamples: 100,
  },
  quick: {
    dataset: { name: "dsprites", n: 20000, size: 32, seed: 0 },
    models: ["vgon", "betaVAE"],
    model: { architecture: "mnistMlp", likelihood: "bernoulli", latent: 10 },
    betas: [0.5, 1, 5, 20, 30],
    seeds: [0],
    steps: 700,
    batchSize: 64,
    learningRate: 1e-3,
    probeExamples: 1000,
    histogramExamples: 300,
  },
  paper: {
    dataset: { name: "dsprites", size: 64 },
    models: ["vgon", "betaVAE"],
    model: { architecture: "conv", likelihood: "bernoulli", latent: 10 },
    betas: [0.5, 1, 5, 10, 20, 25, 30],
    seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    // 200 epochs of dSprites at batch 64 (VGON paper §III).
    steps: 2304000,
    batchSize: 64,
    learningRate: 1e-4,
    probeExamples: 10000,
    histogramExamples: 1000,
  },
};

export interface CollapseSummaryRow {
  model: string; beta: number; seed: number; kl: number;
  /** The last logged reconstruction loss of training (nats per example); null if the model logs none. */
  reconstruction: number | null;
  active: number; mixed: number; passive: number;
}
export interface CollapseLatentRow { model: string; beta: number; seed: number; dim: number; type: string; kl: number; meanOfMu: number; meanOfVariance: number }
export interface CollapseSampleRow { model: string; beta: number; dim: number; type: string; representation: "mean" | "variance"; value: number }
export interface CollapseSimilarityRow { modelA: string; modelB: string; betaA: number; betaB: number; representation: "mean" | "variance"; cka: number | null; seeds: number }

export interface CollapseStudyTables extends Tables {
  summary: CollapseSummaryRow[];
  latents: CollapseLatentRow[];
  /** μ and σ² samples per latent (first seed only), for the histograms. */
  samples: CollapseSampleRow[];
  /** Between the two models for every β pair, averaged over seeds (same seed paired). */
  cka: CollapseSimilarityRow[];
  /** Each model against itself across β, averaged over seeds. */
  selfSimilarity: CollapseSimilarityRow[];
}

interface Measured {
  summary: CollapseSummaryRow;
  latents: CollapseLatentRow[];
  mean: number[];
  variance: number[];
  shape: [number, number];
}

async function measure(config: CollapseStudyConfig, kind: string, beta: number, seed: number, ctx: StudyContext): Promise<Measured> {
  const spec: TrainingSpec = {
    dataset: config.dataset,
    model: { ...config.model, kind, beta, latent: config.model.latent ?? 10 },
    steps: config.steps,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    seed,
  };
  return ctx.cache.cached("collapse-unit", { spec, probe: config.probeExamples }, () =>
    withModel(spec, ctx, async (model, info) => {
      // The same probe (seed 0) for every model, so that representations are comparable by CKA.
      const probe = probeSet(studyDataset(config.dataset), config.probeExamples, 0);
      try {
        const reps = await representations(model, probe, { signal: ctx.signal });
        const kl = klPerDimension(reps.mean, reps.logvar);
        const types = variableTypes(reps.variance);
        const typeOf = (j: number) => (types.active.includes(j) ? "active" : types.passive.includes(j) ? "passive" : "mixed");
        const last = info.history[info.history.length - 1] ?? {};
        const meanOfMu = columnMeans(asMatrix(reps.mean));
        return {
          summary: {
            model: kind, beta, seed, kl: kl.reduce((a, b) => a + b, 0), reconstruction: Number.isFinite(last.reconstruction) ? last.reconstruction : null,
            active: types.active.length, mixed: types.mixed.length, passive: types.passive.length,
          },
          latents: kl.map((k, dim) => ({ model: kind, beta, seed, dim, type: typeOf(dim), kl: k, meanOfMu: meanOfMu[dim], meanOfVariance: types.meanVariance[dim] })),
          mean: Array.from(reps.mean.data),
          variance: Array.from(reps.variance.data),
          shape: reps.mean.shape,
        };
      } finally {
        probe.dispose();
      }
    }),
  );
}

function asMat(values: number[], shape: [number, number]): Mat {
  return { data: Float32Array.from(values), shape };
}

/** Linear CKA, or null when it is undefined (a representation constant over the probe: total collapse). */
function safeCka(a: Mat, b: Mat): number | null {
  try {
    return linearCKA(a, b);
  } catch {
    return null;
  }
}

function samples(m: Measured, count: number): CollapseSampleRow[] {
  const rows: CollapseSampleRow[] = [];
  const [n, d] = m.shape;
  const { model, beta } = m.summary;
  for (let dim = 0; dim < d; dim++) {
    const type = m.latents[dim].type;
    for (let i = 0; i < Math.min(n, count); i++) {
      rows.push({ model, beta, dim, type, representation: "mean", value: m.mean[i * d + dim] });
      rows.push({ model, beta, dim, type, representation: "variance", value: m.variance[i * d + dim] });
    }
  }
  return rows;
}

function similarity(
  units: Map<string, Measured>,
  config: CollapseStudyConfig,
  pairs: [string, string][],
): CollapseSimilarityRow[] {
  const rows: CollapseSimilarityRow[] = [];
  for (const [modelA, modelB] of pairs) {
    for (const betaA of config.betas) {
      for (const betaB of config.betas) {
        for (const representation of ["mean", "variance"] as const) {
          const values = config.seeds
            .map((seed) => {
              const a = units.get(`${modelA}|${betaA}|${seed}`)!;
              const b = units.get(`${modelB}|${betaB}|${seed}`)!;
              return safeCka(asMat(a[representation], a.shape), asMat(b[representation], b.shape));
            })
            .filter((v): v is number => v !== null);
          rows.push({ modelA, modelB, betaA, betaB, representation, cka: meanDefined(values), seeds: values.length });
        }
      }
    }
  }
  return rows;
}

/**
 * Runs the collapse study: `summary`, `latents`, `samples`, `cka` and `selfSimilarity` tables.
 * Presets: smoke (dSprites 16×16 subsample, MLPs, 2 β), quick (dSprites 32×32 subsample, MLPs,
 * 5 β × 1 seed), paper (dSprites 64×64, the conv architecture, 7 β × 10 seeds, 200 epochs).
 */
export function collapseStudy(options: StudyOptions = {}): Promise<StudyResult<CollapseStudyConfig, CollapseStudyTables>> {
  return runStudy("collapseStudy", COLLAPSE_STUDY_PRESETS, options, async (config, ctx) => {
    if (config.models.length !== 2) {
      throw new RangeError(`collapseStudy: models must name two kinds (VGON, VAE), got ${JSON.stringify(config.models)}`);
    }
    ctx.plan(config.models.length * config.betas.length * config.seeds.length, "collapse study");
    const units = new Map<string, Measured>();
    for (const seed of config.seeds) {
      for (const kind of config.models) {
        for (const beta of config.betas) {
          units.set(`${kind}|${beta}|${seed}`, await measure(config, kind, beta, seed, ctx));
          ctx.tick();
        }
      }
    }
    const all = [...units.values()];
    const [a, b] = config.models;
    return {
      summary: all.map((u) => u.summary),
      latents: all.flatMap((u) => u.latents),
      samples: all.filter((u) => u.summary.seed === config.seeds[0]).flatMap((u) => samples(u, config.histogramExamples)),
      cka: similarity(units, config, [[a, b]]),
      selfSimilarity: similarity(units, config, [[a, a], [b, b]]),
    };
  });
}
