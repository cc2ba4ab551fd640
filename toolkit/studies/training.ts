// Trained models for the study runners, keyed by their full training specification: with a run
// directory each model is trained once into a checkpoint (the trainer's format, resumable if
// interrupted) and loaded from it afterwards; without one, a model is trained, used and freed (the
// runners cache what they measure on it, so they never need it twice in one run).
import { setSeed } from "../compute/random";
import { createModel, type Model, type ModelConfig } from "../models";
import type * as tf from "@tensorflow/tfjs";
import { forgetTraining, hasCheckpoint, loadModel, train, type Snapshot } from "../train";
import type { Dataset } from "../../datasets";
import { studyDataset, type DatasetSpec } from "./data";
import type { StudyContext } from "./runner";

export interface TrainingSpec {
  dataset: DatasetSpec;
  /** Fraction of the data held out for testing (split with seed 0); the model trains on the rest. */
  testFraction?: number;
  /** Full model configuration (kind, architecture, latent, hyperparameters); inputShape comes from the data. */
  model: Partial<ModelConfig> & { kind: string; latent: number };
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export type HistoryRow = Record<string, number>;

interface TrainedEntry {
  steps: number;
  history: HistoryRow[];
  seconds: number;
}

/** The train and test parts of the spec's dataset (all of it for training when testFraction is unset). */
export function trainTestData(spec: Pick<TrainingSpec, "dataset" | "testFraction">): { train: Dataset; test?: Dataset } {
  const data = studyDataset(spec.dataset);
  if (!spec.testFraction) return { train: data };
  return data.split({ test: spec.testFraction, seed: 0 });
}

/** Disposes a model and the optimiser state the trainer keeps for it. */
export function disposeModel(model: Model): void {
  forgetTraining(model);
  model.dispose();
}

function fullConfig(spec: TrainingSpec): Partial<ModelConfig> & { kind: string } {
  const data = studyDataset(spec.dataset);
  return { ...spec.model, inputShape: data.shape, seed: spec.seed };
}

/** The trainer options every study training shares (no live curve: a study shows one progress bar). */
function trainOptions(spec: TrainingSpec, ctx: StudyContext) {
  return {
    steps: spec.steps,
    batchSize: spec.batchSize,
    learningRate: spec.learningRate,
    seed: spec.seed,
    signal: ctx.signal,
    progress: ctx.progress,
    curve: false,
  };
}

async function trainFresh(spec: TrainingSpec, ctx: StudyContext, checkpointDir?: string) {
  setSeed(spec.seed);
  const model = createModel(fullConfig(spec));
  const started = performance.now();
  try {
    const result = await train(model, trainTestData(spec).train, {
      ...trainOptions(spec, ctx),
      // An interrupted earlier run left a checkpoint: continue it rather than start again.
      ...(checkpointDir ? { checkpointDir, resume: hasCheckpoint(checkpointDir) } : {}),
    });
    forgetTraining(model);
    ctx.trainings += 1;
    const entry: TrainedEntry = { steps: result.steps, history: result.history, seconds: (performance.now() - started) / 1000 };
    return { model, entry };
  } catch (err) {
    disposeModel(model);
    throw err;
  }
}

/**
 * Runs `use` on the model `spec` describes, training it first unless the run directory already
 * holds it, then disposes the model.
 */
export async function withModel<T>(
  spec: TrainingSpec,
  ctx: StudyContext,
  use: (model: Model, info: TrainedEntry & { fromCache: boolean }) => Promise<T>,
): Promise<T> {
  await ctx.checkpoint();
  const key = ctx.cache.key("model", spec);
  const dir = await ctx.cache.entryDir(key);
  const stored = dir ? await ctx.cache.get<TrainedEntry>(key) : undefined;
  let model: Model;
  let entry: TrainedEntry;
  if (dir && stored && hasCheckpoint(dir)) {
    model = await loadModel(dir);
    entry = stored;
  } else {
    ({ model, entry } = await trainFresh(spec, ctx, dir));
    if (dir) await ctx.cache.set(key, entry);
  }
  try {
    return await use(model, { ...entry, fromCache: stored !== undefined });
  } finally {
    disposeModel(model);
  }
}

/**
 * Trains the model `spec` describes afresh (no checkpoint: the snapshots are only recorded while
 * training) with the trainer's snapshots of the representation layers over `probe` every `every`
 * steps (the representation layers μ, log σ², σ², z), runs `use`, then disposes the model. Callers cache what `use` derives from the snapshots.
 */
export async function withSnapshots<T>(
  spec: TrainingSpec,
  ctx: StudyContext,
  snapshots: { every: number; probe: tf.Tensor },
  use: (model: Model, result: { snapshots: Snapshot[]; history: HistoryRow[] }) => Promise<T>,
): Promise<T> {
  await ctx.checkpoint();
  setSeed(spec.seed);
  const model = createModel(fullConfig(spec));
  try {
    const result = await train(model, trainTestData(spec).train, {
      ...trainOptions(spec, ctx),
      snapshotEvery: snapshots.every,
      probe: snapshots.probe,
    });
    ctx.trainings += 1;
    return await use(model, { snapshots: result.snapshots, history: result.history });
  } finally {
    disposeModel(model);
  }
}

/**
 * Trains the model `spec` describes afresh in stages — up to each of `stops` (ascending, the last
 * being spec.steps; the trainer continues a model's training across calls) — and calls `atStop`
 * after each, e.g. to record activations at chosen steps. Disposes the model at the end.
 */
export async function withStops(
  spec: TrainingSpec,
  ctx: StudyContext,
  stops: number[],
  atStop: (model: Model, step: number) => Promise<void>,
): Promise<void> {
  const sorted = [...new Set([...stops, spec.steps])].sort((a, b) => a - b);
  if (sorted[0] <= 0 || sorted[sorted.length - 1] !== spec.steps) {
    throw new RangeError(`withStops: stops must be positive and at most steps (${spec.steps}), got ${JSON.stringify(stops)}`);
  }
  await ctx.checkpoint();
  setSeed(spec.seed);
  const model = createModel(fullConfig(spec));
  try {
    const data = trainTestData(spec).train;
    for (const step of sorted) {
      const result = await train(model, data, {
        ...trainOptions(spec, ctx),
        steps: step,
      });
      await atStop(model, step);
    }
    ctx.trainings += 1;
  } finally {
    disposeModel(model);
  }
}
