// Trained models for the study runners, keyed by their RunSpec: with a run directory each model is
// trained once into its own directory (cache/model-<hash>: checkpoint and run.json, the layout that
// `polarlab train` and the executors write too) and loaded from it afterwards; without one, a model is
// trained, used and freed (the runners cache what they measure on it, so they never need it twice).
import * as path from "node:path";
import type * as tf from "@tensorflow/tfjs";
import { type Model } from "../models";
import { loadModel, type HistoryRow, type Snapshot } from "../train";
import { runInDirectory, runSpecHash, trainRun, type RunSpec } from "./runSpec";
import type { StudyContext } from "./runner";

export { trainTestData } from "./runSpec";

interface TrainedEntry {
  steps: number;
  history: HistoryRow[];
  seconds: number;
}

/** The run directory of `spec` under a study's cache directory. */
export function runDirectory(cacheDir: string, spec: RunSpec): string {
  return path.join(cacheDir, `model-${runSpecHash(spec)}`);
}

/**
 * Runs `use` on the model `spec` describes, training it first unless the run directory already
 * holds it, then disposes the model.
 */
export async function withModel<T>(
  spec: RunSpec,
  ctx: StudyContext,
  use: (model: Model, info: TrainedEntry & { fromCache: boolean }) => Promise<T>,
): Promise<T> {
  await ctx.checkpoint();
  let model: Model;
  let entry: TrainedEntry;
  let fromCache: boolean;
  if (ctx.cache.dir) {
    const dir = runDirectory(ctx.cache.dir, spec);
    const done = await runInDirectory(spec, dir, { signal: ctx.signal, progress: ctx.progress });
    fromCache = done.model === undefined;
    if (!fromCache) ctx.trainings += 1;
    model = done.model ?? (await loadModel(dir));
    entry = { steps: done.record.steps, history: done.record.history, seconds: done.record.seconds };
  } else {
    const trained = await trainRun(spec, { signal: ctx.signal, progress: ctx.progress });
    ctx.trainings += 1;
    ({ model } = trained);
    entry = { steps: trained.run.steps, history: trained.run.history, seconds: trained.run.seconds };
    fromCache = false;
  }
  try {
    return await use(model, { ...entry, fromCache });
  } finally {
    model.dispose();
  }
}

/**
 * Trains the model `spec` describes afresh (no checkpoint: the snapshots are only recorded while
 * training) with the trainer's snapshots of the representation layers over `probe` every `every`
 * steps (the representation layers μ, log σ², σ², z), runs `use`, then disposes the model. Callers cache what `use` derives from the snapshots.
 */
export async function withSnapshots<T>(
  spec: RunSpec,
  ctx: StudyContext,
  snapshots: { every: number; probe: tf.Tensor },
  use: (model: Model, result: { snapshots: Snapshot[]; history: HistoryRow[] }) => Promise<T>,
): Promise<T> {
  await ctx.checkpoint();
  const { model, run } = await trainRun(spec, { signal: ctx.signal, progress: ctx.progress, snapshots });
  ctx.trainings += 1;
  try {
    return await use(model, { snapshots: run.snapshots, history: run.history });
  } finally {
    model.dispose();
  }
}

/**
 * Trains the model `spec` describes afresh in stages — up to each of `stops` (ascending, the last
 * being the spec's steps) — and calls `atStop` after each, e.g. to record activations at chosen
 * steps. Disposes the model at the end.
 */
export async function withStops(
  spec: RunSpec,
  ctx: StudyContext,
  stops: number[],
  atStop: (model: Model, step: number) => Promise<void>,
): Promise<void> {
  await ctx.checkpoint();
  const { model } = await trainRun(spec, { signal: ctx.signal, progress: ctx.progress, stops, atStop });
  ctx.trainings += 1;
  model.dispose();
}
