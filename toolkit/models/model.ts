// The model interface every polarlab model implements (β-VAE, AE and the zoo), and its configuration.
// A model is a config plus a network (the Pythae pattern); one trainer (toolkit/train) runs them all.
// Representations follow thesis §6.3: mean μ, log-variance log σ², variance σ², sampled z = μ + σ ⊙ ε.
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../compute/rng";

/** One batch: `x` images NHWC in [0, 1] or vectors [B, D]; `u` auxiliary input (iVAE); `factors` int32 indices.
 *  Structurally identical to `Batch` of datasets/index.ts, declared here so models do not depend on datasets. */
export interface Batch {
  x: tf.Tensor;
  u?: tf.Tensor2D;
  factors?: tf.Tensor2D;
}

/** The per-example representations of a batch (rows = examples). iVAE adds priorMean, priorVariance. */
export interface Representations {
  mean: tf.Tensor2D;
  logvar: tf.Tensor2D;
  variance: tf.Tensor2D;
  sampled: tf.Tensor2D;
  [extra: string]: tf.Tensor2D;
}

/**
 * The streams one seed gives a run, so that none shares numbers with another: the initial weights draw from
 * new Rng(seed) itself (extra networks from new Rng(seed + k)), the Trainer's noise stream is
 * new Rng(seed).fork(SEED_STREAMS.training), and a model's own sampling stream new Rng(seed).fork(SEED_STREAMS.sampling).
 */
export const SEED_STREAMS = { training: 1, sampling: 2 } as const;

/** What a model's loss may depend on besides the batch (annealing schedules, dataset-size weighted estimators). */
export interface StepContext {
  step: number;
  datasetSize: number;
  /** The run's noise stream (reparameterisation ε, permutations, prior samples): owned by the Trainer, seeded from
   *  the run's seed and saved in its checkpoints, so a resumed run draws what the uninterrupted one drew. */
  rng: Rng;
}

/** The loss to minimise (mean over the batch, in nats), its named terms (logged by name) and the KL per latent. */
export interface LossOutput {
  loss: tf.Scalar;
  terms: Record<string, tf.Scalar>;
  klPerDim?: tf.Tensor1D;
}

export type ArchitectureName = "conv" | "fc" | "mnistConv" | "mnistMlp" | "linear";
export type LikelihoodName = "bernoulli" | "gaussian";

export interface ModelConfig {
  kind: string;
  architecture: ArchitectureName;
  /** Per-example input shape: images NHWC without batch, e.g. [64, 64, 1]; vectors [D]. */
  inputShape: number[];
  latent: number;
  seed?: number;
  likelihood?: LikelihoodName;
  [hyper: string]: unknown;
}

export interface Model {
  readonly kind: string;
  readonly config: ModelConfig;
  readonly latent: number;
  /** The model's own sampling stream, used by encode, activations and reconstruct when no `rng` is given: seeded
   *  from config.seed, so a model built from a config (freshly trained or loaded) draws the same noise. Training
   *  never draws from it (the loss uses StepContext.rng). */
  readonly rng: Rng;
  trainableVariables(): tf.Variable[];
  /** Called inside the optimiser's gradient computation; terms are logged by name. */
  lossTerms(batch: Batch, ctx: StepContext): LossOutput;
  /** Extra updates after the main step (FactorVAE discriminator); returns extra logged terms. */
  afterStep?(batch: Batch, ctx: StepContext): Record<string, number>;
  /** Variables and optimisers outside trainableVariables() that a checkpoint must save. */
  extraState?(): { variables: tf.Variable[]; optimizers: tf.Optimizer[] };
  /** Representations of x; "sampled" draws its noise from `rng` (default: the model's own stream). */
  encode(x: tf.Tensor, u?: tf.Tensor, rng?: Rng): Representations;
  decode(z: tf.Tensor): tf.Tensor;
  reconstruct(x: tf.Tensor, u?: tf.Tensor): tf.Tensor;
  /** Named layer activations, flattened per example ([B, features]), encoder then decoder order. */
  activations(x: tf.Tensor, layers?: string[], u?: tf.Tensor, rng?: Rng): Record<string, tf.Tensor2D>;
  layerNames(): string[];
  dispose(): void;
}
