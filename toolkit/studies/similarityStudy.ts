// Representational similarity (thesis ch. 7): linear CKA and Procrustes similarity (Eqs. 7.5–7.8)
// between every pair of layers of pairs of models — the same objective across seeds, different
// objectives or regularisation strengths (averaged over all seed pairs, Eq. 7.9), and a model against
// its earlier training snapshots — plus the synthetic experiment of Fig. 7.1 (./featureOverlap.ts).
// The CKA of every seed pair is kept too (`seedPairs`), so that a claim can average over the seeds
// whose models learned.
// Each model's activations at the recorded steps are snapshots of its training run (kept in its run directory,
// so executors can train the runs and an interrupted study resumes without retraining). Each final model's variable
// types (from its variance layer, Definition 6.3.1) and its reconstruction loss beside the mean-image
// predictor's (./meanImageBaseline.ts), both on the probe, are reported so that claims can check it learned.
// Quick preset, measured: across seeds the encoder layers are the most similar (CKA 0.85–0.96), then the
// decoder, with log σ² and the sampled layer lowest; the mean layer is more similar across seeds at β = 8
// (0.95) than at β = 1 (0.76); similarity to the final model rises with training (step 100 → 500).
import { symmetricEigen } from "../metrics/linalg";
import { meanImageReconstruction, procrustesSimilarity, variableTypes } from "../metrics";
import { centred, crossProduct, type Matrix as MetricMatrix } from "../metrics/matrix";
import type { LikelihoodName, ModelConfig } from "../models";
import type { DatasetSpec } from "./data";
import { meanDefined } from "./claims";
import { featureOverlapExperiment, type FeatureOverlapRow } from "./featureOverlap";
import { asMatrix, imageRows, layerActivations, probeSet, reconstructionLoss, type Mat } from "./probe";
import { runStudy, type StudyContext, type StudyOptions, type StudyResult } from "./runner";
import type { Presets } from "./scale";
import type { Tables } from "./tables";
import { trainTestData, withModel } from "./training";
import type { RunSpec } from "./runSpec";

export interface SimilarityVariant {
  label: string;
  kind: string;
  /** Hyperparameters of this variant (e.g. {beta: 8}). */
  hyper?: Record<string, unknown>;
  /**
   * "collapsed": a variant trained to collapse (no active variable), the collapsed model of §7.4.1 Fact 2. It is
   * compared with the first variant only (the well-behaved model), not across seeds or training steps: the
   * findings about learned encoders are not about it.
   */
  role?: "collapsed";
}

export interface SimilarityStudyConfig {
  dataset: DatasetSpec;
  variants: SimilarityVariant[];
  /** Shared model configuration (architecture, likelihood, latent). */
  model: Partial<ModelConfig>;
  seeds: number[];
  steps: number;
  batchSize: number;
  learningRate: number;
  /** Earlier training steps compared with the final model ("epochs" comparison); must divide into steps. */
  snapshotSteps: number[];
  /** Examples the activations are recorded on. */
  probeExamples: number;
  /** Layer pairs scored with Procrustes: "all", "diagonal" (each layer with itself; O(p³) each) or "none". */
  procrustes: "all" | "diagonal" | "none";
  /** Sizes and repetitions of the Fig. 7.1 synthetic experiment. */
  syntheticSizes: number[];
  syntheticRepeats: number;
}

export const SIMILARITY_STUDY_PRESETS: Presets<SimilarityStudyConfig> = {
  smoke: {
    dataset: { name: "dsprites", n: 2000, size: 16, seed: 0 },
    variants: [
      { label: "β-VAE β=1", kind: "betaVAE", hyper: { beta: 1 } },
      { label: "β-VAE β=8", kind: "betaVAE", hyper: { beta: 8 } },
    ],
    model: { architecture: "mnistMlp", likelihood: "bernoulli", latent: 6 },
    seeds: [0, 1],
    steps: 60,
    batchSize: 64,
    learningRate: 1e-3,
    snapshotSteps: [20],
    probeExamples: 200,
    procrustes: "diagonal",
    syntheticSizes: [10, 50, 250],
    syntheticRepeats: 1,
  },
  quick: {
    dataset: { name: "dsprites", n: 20000, size: 32, seed: 0 },
    variants: [
      { label: "β-VAE β=1", kind: "betaVAE", hyper: { beta: 1 } },
      { label: "β-VAE β=8", kind: "betaVAE", hyper: { beta: 8 } },
      { label: "DIP-VAE-II λ=1", kind: "dipVAE", hyper: { dipType: "ii", lambdaOffDiagonal: 1 } },
    ],
    model: { architecture: "mnistMlp", likelihood: "bernoulli", latent: 10 },
    seeds: [0, 1],
    steps: 1000,
    batchSize: 64,
    learningRate: 1e-3,
    snapshotSteps: [100, 500],
    probeExamples: 300,
    procrustes: "diagonal",
    syntheticSizes: [10, 25, 50, 100, 250, 500, 1000, 2500],
    syntheticRepeats: 3,
  },
  // Three seeds (averaged CKA over seed pairs, Eq. 7.9) and a probe of 1,000 examples, where Fig. 7.1
  // shows Procrustes no longer overestimates unrelated representations; the thesis's conv architecture
  // (Table C.3) on 32×32 dSprites, 2,000 steps: 3 variants × 3 seeds. Measured (version 0.2.0, 1,907 s on a
  // shared machine): 3 of the 6 conv β-VAEs (β = 1 seed 0, β = 8 seeds 0 and 1) were still at the mean image after
  // 2,000 steps (135.0 vs 133.9 nats), the DIP-VAEs learned, so 7 of the 14 claims were not testable: the conv
  // β-VAE needs more steps here (the thesis trains 300,000) before this preset shows Theorems 7.4.1–7.4.2.
  // Version 0.2.0 (888 s, lightly loaded): every β = 1 model learned, every β = 8 one stayed at the mean image, and
  // still did after 6,000 steps (seed 0: KL 0.000 at every logged step, 132.6 nats at the end), so β = 8 warms up:
  // its KL weight rises linearly to 8 over the first 1,000 steps (models/vae.ts, Sønderby et al. 2016) and the last
  // 1,000 steps train the β-VAE's own objective. Seed 0 then left the mean image at step 400 (KL weight 3.2) and
  // ended at 43.0 nats with 3 active latents, unchanged from step 1,000 on (41.8–45.5 nats). The whole notebook at
  // version 0.3.0: 818 s, every model learned (β = 8: 2 active latents in each seed); 11 claims held, 2 did not, and
  // Fact 2 (a collapsed model's sampled layer) was not testable, as no variant collapsed any more; β = 8 without the
  // warm-up is now the collapsed model Fact 2 needs (3 more models, compared with β = 1 only).
  reference: {
    dataset: { name: "dsprites", n: 20000, size: 32, seed: 0 },
    variants: [
      { label: "β-VAE β=1", kind: "betaVAE", hyper: { beta: 1 } },
      { label: "β-VAE β=8", kind: "betaVAE", hyper: { beta: 8, betaWarmup: 1000 } },
      { label: "DIP-VAE-II λ=1", kind: "dipVAE", hyper: { dipType: "ii", lambdaOffDiagonal: 1 } },
      // Without the warm-up every seed of β = 8 stays at the mean image (0 active variables, measured at version
      // 0.2.0): the collapsed model Fact 2 compares with β = 1.
      { label: "β-VAE β=8 no warm-up", kind: "betaVAE", hyper: { beta: 8 }, role: "collapsed" },
    ],
    model: { architecture: "conv", likelihood: "bernoulli", latent: 10 },
    seeds: [0, 1, 2],
    steps: 2000,
    batchSize: 64,
    learningRate: 1e-3,
    snapshotSteps: [100, 500],
    probeExamples: 1000,
    procrustes: "diagonal",
    syntheticSizes: [10, 25, 50, 100, 250, 500, 1000, 2500],
    syntheticRepeats: 5,
  },
  paper: {
    dataset: { name: "dsprites", size: 64 },
    variants: [
      { label: "β-VAE β=1", kind: "betaVAE", hyper: { beta: 1 } },
      { label: "β-VAE β=2", kind: "betaVAE", hyper: { beta: 2 } },
      { label: "β-VAE β=4", kind: "betaVAE", hyper: { beta: 4 } },
      { label: "β-VAE β=8", kind: "betaVAE", hyper: { beta: 8 } },
      { label: "DIP-VAE-II λ=1", kind: "dipVAE", hyper: { dipType: "ii", lambdaOffDiagonal: 1 } },
      { label: "β-TC VAE β=2", kind: "betaTCVAE", hyper: { beta: 2 } },
    ],
    model: { architecture: "fc", likelihood: "bernoulli", latent: 10 },
    seeds: [0, 1, 2, 3, 4],
    steps: 300000,
    batchSize: 64,
    learningRate: 1e-4,
    snapshotSteps: [1000, 10000, 100000],
    probeExamples: 5000,
    procrustes: "all",
    syntheticSizes: [10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
    syntheticRepeats: 5,
  },
};

export interface LayerSimilarityRow {
  comparison: "seeds" | "models" | "training";
  modelA: string;
  modelB: string;
  /** Training step of each side ("training" compares an earlier step of A with A's final model). */
  stepA: number;
  stepB: number;
  layerA: string;
  layerB: string;
  metric: "cka" | "procrustes";
  /** Mean over the seed pairs where the score is defined; null when it never is (constant layer). */
  similarity: number | null;
  pairs: number;
}

/** The CKA of one layer pair for one pair of seeds: the units that `layers` averages (Eq. 7.9). */
export interface SeedPairSimilarityRow {
  comparison: LayerSimilarityRow["comparison"];
  modelA: string;
  modelB: string;
  /** The seed of each side ("training" compares a seed's earlier step with the same seed's final model). */
  seedA: number;
  seedB: number;
  stepA: number;
  stepB: number;
  layerA: string;
  layerB: string;
  /** null for a constant layer. */
  similarity: number | null;
}

/** One trained model (variant, seed) at its final step, measured on the probe. */
export interface SimilarityModelRow {
  model: string;
  seed: number;
  active: number;
  mixed: number;
  passive: number;
  /** Reconstruction loss (nats per example) of the model and of the probe's mean image, on the probe. */
  reconstruction: number;
  meanImageRecon: number;
}

export interface SimilarityStudyTables extends Tables {
  layers: LayerSimilarityRow[];
  /** CKA per seed pair for every comparison and layer pair (`layers`' CKA rows before averaging). */
  seedPairs: SeedPairSimilarityRow[];
  models: SimilarityModelRow[];
  /** Fig. 7.1: CKA and Procrustes of A with B (80 % shared), C (50 %), D (0 %) against n. */
  synthetic: FeatureOverlapRow[];
}

/** Activations of every layer at each recorded step, for one (variant, seed). */
type Recorded = Map<number, Record<string, Mat>>;
/** The final model's reconstruction loss and the mean image's, on the probe (nats per example). */
interface Fit { reconstruction: number; meanImageRecon: number }

/** The training run of one (variant, seed): every layer's activations over the probe at each snapshot step and the last. */
function similarityRunSpec(config: SimilarityStudyConfig, variant: SimilarityVariant, seed: number): RunSpec {
  return {
    dataset: config.dataset,
    model: { ...config.model, ...variant.hyper, kind: variant.kind, latent: config.model.latent ?? 10 },
    trainer: { steps: config.steps, batchSize: config.batchSize, learningRate: config.learningRate },
    seed,
    snapshots: { examples: config.probeExamples, steps: [...config.snapshotSteps, config.steps], layers: "all" },
  };
}

/** Every training run of the study (variants × seeds): independent, so executors can train them first. */
export function similarityRuns(config: SimilarityStudyConfig): RunSpec[] {
  return config.variants.flatMap((variant) => config.seeds.map((seed) => similarityRunSpec(config, variant, seed)));
}

async function record(config: SimilarityStudyConfig, variant: SimilarityVariant, seed: number, ctx: StudyContext): Promise<{ recorded: Recorded; fit: Fit }> {
  const spec = similarityRunSpec(config, variant, seed);
  const train = trainTestData(spec).train;
  const probe = probeSet(train, config.probeExamples, 0);
  try {
    const likelihood = (spec.model.likelihood ?? "bernoulli") as LikelihoodName;
    const logGamma = Math.log(typeof spec.model.gamma === "number" ? spec.model.gamma : 1);
    const meanImageRecon = meanImageReconstruction(imageRows(probe.x), { likelihood, gamma: Math.exp(logGamma) });
    return await withModel(spec, ctx, async (model, { snapshots }) => {
      const recorded: Recorded = new Map(snapshots.map((snap) => [snap.step, snap.activations!]));
      const reconstruction = await reconstructionLoss(model, probe, { datasetSize: train.length, seed });
      return { recorded, fit: { reconstruction, meanImageRecon } };
    });
  } finally {
    probe.dispose();
  }
}

/** The centred kernel (Gram matrix of the examples) K̃ = HXXᵀH (n×n, float64) of a layer: (X − X̄)(X − X̄)ᵀ via the metrics' cross-product. */
export function centredKernel(m: Mat): Float64Array {
  const t = transposed(centred(asMatrix(m)));
  return crossProduct(t, t); // the same object twice: the symmetric (dsyrk / upper-triangle) path
}

/** Xᵀ as a row-major matrix, so that crossProduct(Xᵀ, Xᵀ) = XXᵀ. */
function transposed(m: MetricMatrix): MetricMatrix {
  const data = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) data[j * m.rows + i] = m.data[i * m.cols + j];
  return { rows: m.cols, cols: m.rows, data };
}

/**
 * Linear CKA from centred Gram matrices: CKA = ⟨K̃, L̃⟩_F / (‖K̃‖_F ‖L̃‖_F), the same value as the
 * feature-space form (thesis Eq. 7.5) but O(n²) per pair once each layer's K̃ is known, which is what
 * makes every layer × layer pair affordable for wide layers. null for a constant layer.
 */
export function gramCKA(k: Float64Array, l: Float64Array): number | null {
  let kl = 0;
  let kk = 0;
  let ll = 0;
  for (let i = 0; i < k.length; i++) {
    kl += k[i] * l[i];
    kk += k[i] * k[i];
    ll += l[i] * l[i];
  }
  return kk > 0 && ll > 0 ? kl / Math.sqrt(kk * ll) : null;
}

/**
 * A matrix R (n × rank) with R Rᵀ = K̃ (from K̃'s eigen-decomposition). Procrustes similarity depends on
 * a representation only through its centred Gram matrix, so R scores exactly as the layer does while
 * a layer wider than n examples shrinks to at most n columns (O(n³) instead of O(p³) per pair).
 */
export function gramFactor(k: Float64Array, n: number): Mat {
  const { values, vectors } = symmetricEigen(k, n);
  const floor = 1e-10 * Math.max(...values);
  const keep = [...values.keys()].filter((j) => values[j] > floor);
  const rank = Math.max(1, keep.length);
  const data = new Float32Array(n * rank);
  keep.forEach((j, c) => {
    const scale = Math.sqrt(values[j]);
    for (let r = 0; r < n; r++) data[r * rank + c] = vectors[j * n + r] * scale;
  });
  return { data, shape: [n, rank] };
}

/**
 * The layer itself, or for a layer wider than its n examples its Gram factor (gramFactor). A layer's
 * activations take part in many pairs (seeds, snapshots, models) and the eigen-decomposition of its n×n
 * Gram matrix is the costliest step of the study's similarities, so factors are kept for reuse, the most
 * recently used first, up to FACTOR_BYTES (at the reference preset every factor of the study fits).
 */
type ProcrustesInput = (m: Mat, k: Float64Array) => Mat;

const FACTOR_BYTES = 1 << 30;

function procrustesInputs(): ProcrustesInput {
  const factors = new Map<Mat, Mat>();
  let bytes = 0;
  return (m, k) => {
    const n = m.shape[0];
    if (m.shape[1] <= n) return m;
    const kept = factors.get(m);
    if (kept) {
      factors.delete(m);
      factors.set(m, kept);
      return kept;
    }
    const factor = gramFactor(k, n);
    factors.set(m, factor);
    bytes += factor.data.byteLength;
    for (const [old, f] of factors) {
      if (bytes <= FACTOR_BYTES || old === m) break;
      factors.delete(old);
      bytes -= f.data.byteLength;
    }
    return factor;
  };
}

function procrustes(a: Mat, b: Mat, ka: Float64Array, kb: Float64Array, input: ProcrustesInput): number | null {
  try {
    return procrustesSimilarity(input(a, ka), input(b, kb));
  } catch {
    return null;
  }
}

const mean = (values: (number | null)[]) => ({ similarity: meanDefined(values), pairs: values.filter((v) => v !== null).length });

/** One pair of activation sets compared: the seed of each side and every layer's activations. */
interface ActivationPair {
  seedA: number;
  seedB: number;
  a: Record<string, Mat>;
  b: Record<string, Mat>;
}

/** Layer × layer similarity averaged over the given pairs of activation sets (Eq. 7.9), and the CKA of each pair. */
function averaged(
  head: Omit<LayerSimilarityRow, "layerA" | "layerB" | "metric" | "similarity" | "pairs">,
  pairs: ActivationPair[],
  procrustesPairs: SimilarityStudyConfig["procrustes"],
  input: ProcrustesInput,
): { rows: LayerSimilarityRow[]; seedPairs: SeedPairSimilarityRow[] } {
  const layers = Object.keys(pairs[0].a);
  const cka = layers.map(() => layers.map(() => [] as (number | null)[]));
  const proc = layers.map(() => layers.map(() => [] as (number | null)[]));
  const wanted = (i: number, j: number) => procrustesPairs === "all" || (procrustesPairs === "diagonal" && i === j);
  const seedPairs: SeedPairSimilarityRow[] = [];
  for (const { seedA, seedB, a, b } of pairs) {
    const ka = layers.map((l) => centredKernel(a[l]));
    const kb = layers.map((l) => centredKernel(b[l]));
    layers.forEach((la, i) =>
      layers.forEach((lb, j) => {
        const similarity = gramCKA(ka[i], kb[j]);
        cka[i][j].push(similarity);
        seedPairs.push({ ...head, seedA, seedB, layerA: la, layerB: lb, similarity });
        if (wanted(i, j)) proc[i][j].push(procrustes(a[la], b[lb], ka[i], kb[j], input));
      }),
    );
  }
  const rows: LayerSimilarityRow[] = [];
  layers.forEach((layerA, i) =>
    layers.forEach((layerB, j) => {
      rows.push({ ...head, layerA, layerB, metric: "cka", ...mean(cka[i][j]) });
      if (wanted(i, j)) rows.push({ ...head, layerA, layerB, metric: "procrustes", ...mean(proc[i][j]) });
    }),
  );
  return { rows, seedPairs };
}

/**
 * Runs the similarity study: `layers` (every comparison, layer pair and metric) and `synthetic`.
 * Presets: smoke (2 β-VAEs × 2 seeds, MLPs on dSprites 16×16), quick (β-VAE β ∈ {1, 8} and DIP-VAE-II,
 * 2 seeds, MLPs on dSprites 32×32), paper (six objectives × 5 seeds, the FC architecture of Table C.4).
 */
export function similarityStudy(options: StudyOptions = {}): Promise<StudyResult<SimilarityStudyConfig, SimilarityStudyTables>> {
  return runStudy("similarityStudy", SIMILARITY_STUDY_PRESETS, options, async (config, ctx) => {
    config.snapshotSteps.forEach((s) => {
      if (!Number.isInteger(s) || s <= 0 || s >= config.steps) {
        throw new RangeError(`similarityStudy: snapshotSteps must be integers in (0, steps = ${config.steps}), got ${s}`);
      }
    });
    if (config.variants[0]?.role === "collapsed") {
      throw new RangeError(`similarityStudy: variants[0] is the well-behaved model the collapsed variants are compared with, so it must not have role "collapsed", got ${JSON.stringify(config.variants[0].label)}`);
    }
    const { layers, seedPairs, models } = await ctx.cache.cached("similarity-seed-pair-tables", { ...config, syntheticSizes: undefined, syntheticRepeats: undefined }, async () => {
      ctx.plan(config.variants.length * config.seeds.length, "similarity study");
      const recorded = new Map<string, Recorded>();
      const models: SimilarityModelRow[] = [];
      for (const variant of config.variants) {
        for (const seed of config.seeds) {
          const { recorded: steps, fit } = await record(config, variant, seed, ctx);
          recorded.set(`${variant.label}|${seed}`, steps);
          const types = variableTypes(steps.get(config.steps)!.variance);
          models.push({ model: variant.label, seed, active: types.active.length, mixed: types.mixed.length, passive: types.passive.length, ...fit });
          ctx.tick();
        }
      }
      const final = (label: string, seed: number) => recorded.get(`${label}|${seed}`)!.get(config.steps)!;
      const rows: LayerSimilarityRow[] = [];
      const perPair: SeedPairSimilarityRow[] = [];
      const add = (result: ReturnType<typeof averaged>) => {
        rows.push(...result.rows);
        perPair.push(...result.seedPairs);
      };
      const seedPairs = config.seeds.flatMap((a, i) => config.seeds.slice(i + 1).map((b) => [a, b] as const));
      const input = procrustesInputs();
      const learning = config.variants.filter((v) => v.role !== "collapsed");
      for (const v of learning) {
        if (seedPairs.length) {
          const head = { comparison: "seeds" as const, modelA: v.label, modelB: v.label, stepA: config.steps, stepB: config.steps };
          add(averaged(head, seedPairs.map(([seedA, seedB]) => ({ seedA, seedB, a: final(v.label, seedA), b: final(v.label, seedB) })), config.procrustes, input));
        }
        for (const step of config.snapshotSteps) {
          const head = { comparison: "training" as const, modelA: v.label, modelB: v.label, stepA: step, stepB: config.steps };
          add(averaged(head, config.seeds.map((s) => ({ seedA: s, seedB: s, a: recorded.get(`${v.label}|${s}`)!.get(step)!, b: final(v.label, s) })), config.procrustes, input));
        }
      }
      const modelPairs = [
        ...learning.flatMap((a, i) => learning.slice(i + 1).map((b) => [a, b] as const)),
        ...config.variants.filter((v) => v.role === "collapsed").map((c) => [config.variants[0], c] as const),
      ];
      for (const [a, b] of modelPairs) {
        const head = { comparison: "models" as const, modelA: a.label, modelB: b.label, stepA: config.steps, stepB: config.steps };
        const pairs = config.seeds.flatMap((seedA) => config.seeds.map((seedB) => ({ seedA, seedB, a: final(a.label, seedA), b: final(b.label, seedB) })));
        add(averaged(head, pairs, config.procrustes, input));
      }
      return { layers: rows, seedPairs: perPair, models };
    });
    const synthetic = featureOverlapExperiment({ sizes: config.syntheticSizes, repeats: config.syntheticRepeats, seed: 0 });
    return { layers, seedPairs, models, synthetic };
  });
}
