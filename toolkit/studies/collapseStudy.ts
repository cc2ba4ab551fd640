// The posterior-collapse study of Clapham & Grzes (VGON paper, §III–IV): VGON and VAE over a β grid
// × seeds; per model and β the KL (Fig. 3), counts of active / mixed / passive variables (Figs. 4–5,
// α = 0.1 rule of thesis §6.4.1), samples of each latent's μ and σ² for histograms (Figs. 6–9), linear
// CKA between the two models' mean and variance representations for every β pair (Figs. 10–11),
// and each model's self-similarity across β (Figs. 12–14). Every model is measured on one fixed probe.
// The paper runs it on dSprites, MNIST and smallNORB; COLLAPSE_STUDY_PRESETS run it on dSprites,
// COLLAPSE_STUDY_MNIST_PRESETS on MNIST (its training split, the digit as the one factor).
// Each summary row also says whether the run learned to encode (`learned`): its probe reconstruction against the
// mean image's and against its own model's fully collapsed run's (LEARNED_MARGIN).
// Quick preset, measured: the β-VAE collapses as in the paper (active 8 → 4 → 2 → 0 → 0 and KL 16 → 0.02
// nats for β = 0.5 … 30); the VGON's KL falls 19.7 → 13.2 → 3.1 → 0.25 → 0.01, it learns at β ≤ 5 (probe
// reconstruction 52 / 56 / 93 nats, mean image 136.5, collapsed run 137.4), and the CKA of the VGON's and the
// VAE's mean representations at equal β is 0.58 / 0.66 / 0.68 / 0.52 / 0.42; in 700 steps the VGON's σ² do not
// tighten below α, so its informative latents count as mixed, not active.
import { klPerDimension, linearCKA, meanImageReconstruction, variableTypes } from "../metrics";
import { columnMeans, columnVariances } from "../metrics/matrix";
import { Rng } from "../compute/rng";
import type { ModelConfig } from "../models";
import { beatsBaseline, meanDefined, nullLevel } from "./claims";
import { studyDataset, type DatasetSpec } from "./data";
import { asMatrix, imageRows, permutedRows, probeSet, reconstructionLoss, representations, type Mat, type Probe } from "./probe";
import { runStudy, type StudyContext, type StudyOptions, type StudyResult } from "./runner";
import type { Presets } from "./scale";
import type { Tables } from "./tables";
import { withModel } from "./training";
import type { RunSpec } from "./runSpec";

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
    // Without β = 20, as the reference preset (below): its KL lies between β = 5's and β = 30's.
    betas: [0.5, 1, 5, 30],
    // Three seeds, so that the claims have an interval over seeds (the paper uses ten).
    seeds: [0, 1, 2],
    steps: 700,
    batchSize: 64,
    learningRate: 1e-3,
    probeExamples: 1000,
    histogramExamples: 300,
  },
  // The paper's β grid less β = 20 and 25, 3 of its 10 seeds, and 1,000 steps of the MLP on 32×32 dSprites
  // instead of 200 epochs of the conv net on 64×64. The study runs on MNIST too (COLLAPSE_STUDY_MNIST_PRESETS)
  // within the same 30 minutes on 2 cores, so the dSprites-only reference (6 β × 2,000 steps, 36 runs, 32 min)
  // is shrunk: its steps halved, as the quick preset's 700 steps already learn at β ≤ 1 (probe reconstruction
  // 52 / 56 nats against 137 for the collapsed run); β = 20 dropped, as there its KL lay between β = 10's and
  // β = 30's (VGON 2.2 / 0.5 / 0.1 nats, VAE 3.7 / 1.8 / 0.5) and the steepest fall of Fig. 3 is at β 1 → 5.
  // 2 × 5 × 3 = 30 runs of 1,000 steps.
  reference: {
    dataset: { name: "dsprites", n: 20000, size: 32, seed: 0 },
    models: ["vgon", "betaVAE"],
    model: { architecture: "mnistMlp", likelihood: "bernoulli", latent: 10 },
    betas: [0.5, 1, 5, 10, 30],
    seeds: [0, 1, 2],
    steps: 1000,
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

/**
 * The same study on MNIST (the VGON paper's second dataset, §III): a 20,000-image subsample of the training
 * split at 28×28 for the CPU presets. Its grids are smaller than dSprites' so that both datasets fit one
 * reference budget: β ∈ {0.5, 1, 5, 30} keeps the two learning β (Figs. 10–11 compare there), one
 * intermediate value and the total collapse (§IV.B, Figs. 4b–5b: on MNIST the VGON keeps far fewer passive
 * variables than the VAE "until very large values of β where the models reach total collapse").
 */
export const COLLAPSE_STUDY_MNIST_PRESETS: Presets<CollapseStudyConfig> = {
  smoke: { ...COLLAPSE_STUDY_PRESETS.smoke, dataset: { name: "mnist", n: 2000, seed: 0 } },
  // One seed (the tutorial): the claims that need an interval over seeds are not testable at this scale.
  quick: { ...COLLAPSE_STUDY_PRESETS.quick, dataset: { name: "mnist", n: 20000, seed: 0 }, betas: [0.5, 5, 30], seeds: [0] },
  // 2 × 4 × 3 = 24 runs of 1,000 steps; with dSprites' 30, 54,000 steps: ≈ 24 min on 2 idle cores at the
  // dSprites-only reference's cost (1,939 s for 72,000 steps, measurements included). Measured on seed 0 at
  // β = 0.5 and 30 (4 runs, 86 s of CPU time): the VGON learns at β = 0.5 (probe reconstruction 172.4 nats,
  // mean image 206.1, collapsed run 207.1) but slowly (KL 9.5 nats, all 10 latents mixed; the VAE: 98.1
  // nats, KL 20.7, 10 active); both collapse fully at β = 30; CKA of the mean representations at β = 0.5
  // 0.53 (permuted-rows null 0.005), of the variance representations 0.64.
  reference: { ...COLLAPSE_STUDY_PRESETS.reference, dataset: { name: "mnist", n: 20000, seed: 0 }, betas: [0.5, 1, 5, 30] },
  // The paper's grid, 10 seeds and 200 epochs of the 60,000 training images; mnistConv instead of the
  // paper's 4-layer conv net, whose four stride-2 layers do not map 28×28 back to 28×28.
  paper: {
    ...COLLAPSE_STUDY_PRESETS.paper,
    dataset: { name: "mnist" },
    model: { architecture: "mnistConv", likelihood: "bernoulli", latent: 10 },
    steps: 187500,
  },
};

export interface CollapseSummaryRow {
  model: string; beta: number; seed: number; kl: number;
  /** The last logged reconstruction loss of training (nats per example); null if the model logs none. */
  reconstruction: number | null;
  active: number; mixed: number; passive: number;
  /** The reconstruction term of the model's loss on the probe (nats per example, one sample of z). */
  probeReconstruction: number;
  /** The mean image's (best constant predictor's) reconstruction of the probe, same likelihood (nats per example). */
  meanImageRecon: number;
  /** The largest β at which the same model and seed is fully collapsed (every latent passive), null if none is. */
  collapsedBeta: number | null;
  /** That fully collapsed run's probeReconstruction; null if there is none. */
  collapsedRecon: number | null;
  /** probeReconstruction beats meanImageRecon and collapsedRecon (when there is one) by the learned margin (claims.ts, beatsBaseline). */
  learned: boolean;
}

type MeasuredSummary = Omit<CollapseSummaryRow, "meanImageRecon" | "collapsedBeta" | "collapsedRecon" | "learned">;
export interface CollapseLatentRow {
  model: string; beta: number; seed: number; dim: number; type: string; kl: number;
  /** E[μ] and Var(μ) (ddof 0) over the probe: where the mean representation sits and how much it moves. */
  meanOfMu: number; varianceOfMu: number;
  meanOfVariance: number;
}
export interface CollapseSampleRow { model: string; beta: number; dim: number; type: string; representation: "mean" | "variance"; value: number }
export interface CollapseSimilarityRow {
  modelA: string; modelB: string; betaA: number; betaB: number; representation: "mean" | "variance";
  /** Linear CKA averaged over the seeds where it is defined (same seed paired), and per seed. */
  cka: number | null; seeds: number; perSeed: (number | null)[];
  /**
   * At equal β only: the chance level of CKA for these two representations, the 95 % quantile over 20
   * permutations of the probe rows of the second one (first seed); null elsewhere.
   */
  ckaNull: number | null;
}

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
  summary: MeasuredSummary;
  latents: CollapseLatentRow[];
  mean: number[];
  variance: number[];
  shape: [number, number];
}

/** The training run of one (model kind, β, seed) unit. */
function collapseRunSpec(config: CollapseStudyConfig, kind: string, beta: number, seed: number): RunSpec {
  return {
    dataset: config.dataset,
    model: { ...config.model, kind, beta, latent: config.model.latent ?? 10 },
    trainer: { steps: config.steps, batchSize: config.batchSize, learningRate: config.learningRate },
    seed,
  };
}

/** Every training run of the study, in the order the study measures them (what an executor farms out). */
export function collapseRuns(config: CollapseStudyConfig): RunSpec[] {
  return config.seeds.flatMap((seed) => config.models.flatMap((kind) => config.betas.map((beta) => collapseRunSpec(config, kind, beta, seed))));
}

async function measure(config: CollapseStudyConfig, kind: string, beta: number, seed: number, ctx: StudyContext): Promise<Measured> {
  const spec = collapseRunSpec(config, kind, beta, seed);
  return ctx.cache.cached("collapse-unit-2", { spec, probe: config.probeExamples }, () =>
    withModel(spec, ctx, async (model, info) => {
      const probe = collapseProbe(config);
      try {
        const reps = await representations(model, probe, { signal: ctx.signal });
        const probeReconstruction = await reconstructionLoss(model, probe, { datasetSize: studyDataset(config.dataset).length, seed });
        const kl = klPerDimension(reps.mean, reps.logvar);
        const types = variableTypes(reps.variance);
        const typeOf = (j: number) => (types.active.includes(j) ? "active" : types.passive.includes(j) ? "passive" : "mixed");
        const last = info.history[info.history.length - 1] ?? {};
        const meanOfMu = columnMeans(asMatrix(reps.mean));
        const varianceOfMu = columnVariances(asMatrix(reps.mean), 0);
        return {
          summary: {
            model: kind, beta, seed, kl: kl.reduce((a, b) => a + b, 0), reconstruction: Number.isFinite(last.reconstruction) ? last.reconstruction : null,
            active: types.active.length, mixed: types.mixed.length, passive: types.passive.length, probeReconstruction,
          },
          latents: kl.map((k, dim) => ({ model: kind, beta, seed, dim, type: typeOf(dim), kl: k, meanOfMu: meanOfMu[dim], varianceOfMu: varianceOfMu[dim], meanOfVariance: types.meanVariance[dim] })),
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

/** The same probe (seed 0) for every model, so that representations are comparable by CKA. The caller disposes it. */
function collapseProbe(config: CollapseStudyConfig): Probe {
  return probeSet(studyDataset(config.dataset), config.probeExamples, 0);
}

/** The mean image's reconstruction of the probe under the models' shared likelihood. */
function probeMeanImageRecon(config: CollapseStudyConfig): number {
  const probe = collapseProbe(config);
  try {
    const { likelihood = "bernoulli", gamma, learnGamma } = config.model;
    return meanImageReconstruction(imageRows(probe.x), { likelihood, gamma: gamma as number | undefined, learnGamma: learnGamma as boolean | undefined });
  } finally {
    probe.dispose();
  }
}

/** The learned-model gate of every run: against the mean image and against the same model's fully collapsed run. */
function gateLearning(units: Measured[], meanImageRecon: number): CollapseSummaryRow[] {
  return units.map(({ summary }) => {
    const collapsed = units
      .map((u) => u.summary)
      .filter((o) => o.model === summary.model && o.seed === summary.seed && o.active === 0 && o.mixed === 0)
      .sort((a, b) => b.beta - a.beta)[0];
    const collapsedRecon = collapsed ? collapsed.probeReconstruction : null;
    const below = (reference: number) => beatsBaseline(summary.probeReconstruction, reference);
    const learned = below(meanImageRecon) && (collapsedRecon === null || below(collapsedRecon));
    return { ...summary, meanImageRecon, collapsedBeta: collapsed ? collapsed.beta : null, collapsedRecon, learned };
  });
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

/** The 95 % quantile of CKA(a, b with permuted rows) over 20 permutations; null when CKA is undefined. */
function ckaChanceLevel(a: Mat, b: Mat): number | null {
  if (safeCka(a, b) === null) return null;
  return nullLevel((seed) => linearCKA(a, permutedRows(b, new Rng(seed))));
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
          const mats = (seed: number) => {
            const a = units.get(`${modelA}|${betaA}|${seed}`)!;
            const b = units.get(`${modelB}|${betaB}|${seed}`)!;
            return [asMat(a[representation], a.shape), asMat(b[representation], b.shape)] as const;
          };
          const perSeed = config.seeds.map((seed) => safeCka(...mats(seed)));
          const ckaNull = betaA === betaB && modelA !== modelB ? ckaChanceLevel(...mats(config.seeds[0])) : null;
          const cka = meanDefined(perSeed);
          rows.push({ modelA, modelB, betaA, betaB, representation, cka, seeds: perSeed.filter((v) => v !== null).length, perSeed, ckaNull });
        }
      }
    }
  }
  return rows;
}

/**
 * Runs the collapse study: `summary`, `latents`, `samples`, `cka` and `selfSimilarity` tables.
 * Presets (`presets`, default dSprites): smoke (dSprites 16×16 subsample, MLPs, 2 β), quick (dSprites 32×32
 * subsample, MLPs, 5 β × 3 seeds), reference (5 β × 3 seeds, 1,000 steps), paper (dSprites 64×64, the conv
 * architecture, 7 β × 10 seeds, 200 epochs); COLLAPSE_STUDY_MNIST_PRESETS runs it on MNIST.
 */
export function collapseStudy(
  options: StudyOptions = {},
  presets: Presets<CollapseStudyConfig> = COLLAPSE_STUDY_PRESETS,
): Promise<StudyResult<CollapseStudyConfig, CollapseStudyTables>> {
  return runStudy("collapseStudy", presets, options, async (config, ctx) => {
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
      summary: gateLearning(all, probeMeanImageRecon(config)),
      latents: all.flatMap((u) => u.latents),
      samples: all.filter((u) => u.summary.seed === config.seeds[0]).flatMap((u) => samples(u, config.histogramExamples)),
      cka: similarity(units, config, [[a, b]]),
      selfSimilarity: similarity(units, config, [[a, a], [b, b]]),
    };
  });
}
