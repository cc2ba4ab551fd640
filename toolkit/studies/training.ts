// Trained models for the study runners, keyed by their RunSpec: with a run directory each model is
// trained once into its own directory (cache/model-<hash>: checkpoint and run.json, the layout that
// `polarlab train` and the executors write too) and loaded from it afterwards; without one, a model is
// trained, used and freed (the runners cache what they measure on it, so they never need it twice).
import * as path from "node:path";
import { type Model } from "../models";
import { loadSnapshots, type HistoryRow, type Snapshot } from "../train";
import { modelInDirectory, runSpecHash, trainRun, type RunSpec } from "./runSpec";
import type { StudyContext } from "./runner";

export { trainTestData } from "./runSpec";

interface TrainedEntry {
  steps: number;
  history: HistoryRow[];
  seconds: number;
  /** The snapshots the spec asks for (empty without spec.snapshots). */
  snapshots: Snapshot[];
}

/** The run directory of `spec` under a study's cache directory. */
export function runDirectory(cacheDir: string, spec: RunSpec): string {
  return path.join(cacheDir, `model-${runSpecHash(spec)}`);
}

/**
 * Runs `use` on the model `spec` describes, training it first unless the run directory already
 * holds it, then disposes the model. `info.snapshots` holds the probe activations spec.snapshots asks for.
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
    const done = await modelInDirectory(spec, dir, { signal: ctx.signal, progress: ctx.progress });
    fromCache = !done.trained;
    if (done.trained) ctx.trainings += 1;
    model = done.model;
    // Read back from the run directory whether trained here or elsewhere: the same bytes either way.
    entry = { steps: done.record.steps, history: done.record.history, seconds: done.record.seconds, snapshots: spec.snapshots ? loadSnapshots(dir) : [] };
  } else {
    const trained = await trainRun(spec, { signal: ctx.signal, progress: ctx.progress });
    ctx.trainings += 1;
    ({ model } = trained);
    entry = { steps: trained.run.steps, history: trained.run.history, seconds: trained.run.seconds, snapshots: trained.run.snapshots };
    fromCache = false;
  }
  try {
    return await use(model, { ...entry, fromCache });
  } finally {
    model.dispose();
  }
}

/**
 * Trains the model `spec` describes in this process, pausing at each of `stops` (and at the end) for `atStop` to
 * measure the model as it is at that step, then disposes it (a study caches what it measures).
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
