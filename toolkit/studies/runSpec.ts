// A training run as a value: the dataset spec, the model config, the trainer config and the seed, as plain JSON.
// It is what one training takes (trainRun), the key under which the run directory stores the result (runSpecHash:
// a stable hash of the spec and polarlab's version) and the description of a job on another machine
// (`polarlab train SPEC.json --out DIR`, the local and Slurm executors).
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureBackend } from "../compute/backend";
import { createModel, type Model, type ModelConfig } from "../models";
import { parseJsonFile, writeFileAtomic } from "../runtime/files";
import { withDirectoryLock } from "../runtime/lock";
import { closest, showValue } from "../runtime/values";
import { polarlabVersion } from "../runtime/version";
import { checkLearningRateSchedule, hasCheckpoint, loadModel, Trainer, type BatchSource, type HistoryRow, type LearningRateSchedule, type Snapshot } from "../train";
import type { Dataset } from "../../datasets";
import { stableHash } from "./cache";
import { studyDataset, type DatasetSpec } from "./data";
import { probeSet } from "./probe";

/** How a model is trained: Adam's learning rate (and its step decay, if any), the batch size and the number of steps. */
export interface TrainerConfig {
  steps: number;
  batchSize: number;
  learningRate: number;
  learningRateSchedule?: LearningRateSchedule;
}

/** A model config without inputShape (it comes from the data) and without seed (the run's seed is used). */
export type ModelSpec = Partial<Omit<ModelConfig, "inputShape" | "seed">> & { kind: string };

export interface RunSpec {
  dataset: DatasetSpec;
  /** Fraction of the data held out for testing (split with seed 0); the model trains on the rest. */
  testFraction?: number;
  model: ModelSpec;
  trainer: TrainerConfig;
  /** Seeds the initial weights, the run's noise stream, the model's own sampling stream and the shuffling. */
  seed: number;
  /** Probe activations recorded while training, kept in the run directory beside the checkpoint. */
  snapshots?: SnapshotSpec;
}

/**
 * Activations recorded during training over a probe of `examples` examples of the training part (probeSet with seed
 * 0: the whole part when it is smaller): every `every` steps (and at step 0) and at each of `steps`. `layers`:
 * "representation" (μ, log σ², σ², z; the default) or "all" (every layer of the model).
 */
export interface SnapshotSpec {
  examples: number;
  every?: number;
  steps?: number[];
  layers?: "representation" | "all";
}

const RUN_KEYS = ["dataset", "testFraction", "model", "trainer", "seed", "snapshots"];
const TRAINER_KEYS = ["steps", "batchSize", "learningRate", "learningRateSchedule"];
const SNAPSHOT_KEYS = ["examples", "every", "steps", "layers"];

/** The key of a run: 16 hex digits of the SHA-256 of the spec's canonical JSON and polarlab's version. */
export function runSpecHash(spec: RunSpec): string {
  return stableHash({ polarlab: polarlabVersion(), run: spec });
}

function unknownKeys(where: string, value: Record<string, unknown>, valid: string[]): void {
  for (const key of Object.keys(value)) {
    if (!valid.includes(key)) {
      const near = closest(key, valid);
      throw new Error(`${where}: unknown key ${JSON.stringify(key)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}; expected ${valid.join(", ")}`);
    }
  }
}

function positive(where: string, value: unknown, integer: boolean): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`${where} must be a ${integer ? "positive integer" : "finite number > 0"}, got ${showValue(value)}`);
  }
}

/** Checks that `value` is a RunSpec (keys, types; the model config is checked by createModel when built). */
export function checkRunSpec(value: unknown, where = "run spec"): RunSpec {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error(`${where} must be an object, got ${showValue(value)}`);
  const spec = value as Record<string, unknown>;
  unknownKeys(where, spec, RUN_KEYS);
  for (const key of ["dataset", "model", "trainer"]) {
    if (spec[key] === null || typeof spec[key] !== "object") throw new Error(`${where}.${key} must be an object, got ${showValue(spec[key])}`);
  }
  if (typeof (spec.dataset as { name?: unknown }).name !== "string") throw new Error(`${where}.dataset.name must be a string, got ${showValue((spec.dataset as { name?: unknown }).name)}`);
  if (typeof (spec.model as { kind?: unknown }).kind !== "string") throw new Error(`${where}.model.kind must be a string, got ${showValue((spec.model as { kind?: unknown }).kind)}`);
  const trainer = spec.trainer as Record<string, unknown>;
  unknownKeys(`${where}.trainer`, trainer, TRAINER_KEYS);
  positive(`${where}.trainer.steps`, trainer.steps, true);
  positive(`${where}.trainer.batchSize`, trainer.batchSize, true);
  positive(`${where}.trainer.learningRate`, trainer.learningRate, false);
  if (trainer.learningRateSchedule !== undefined) checkLearningRateSchedule(trainer.learningRateSchedule, `${where}.trainer.learningRateSchedule`);
  if (typeof spec.seed !== "number" || !Number.isInteger(spec.seed) || spec.seed < 0) throw new Error(`${where}.seed must be a non-negative integer, got ${showValue(spec.seed)}`);
  if (spec.testFraction !== undefined && !(typeof spec.testFraction === "number" && spec.testFraction > 0 && spec.testFraction < 1)) {
    throw new Error(`${where}.testFraction must be a number between 0 and 1, got ${showValue(spec.testFraction)}`);
  }
  if (spec.snapshots !== undefined) checkSnapshotSpec(spec.snapshots, `${where}.snapshots`, trainer.steps as number);
  return value as RunSpec;
}

function checkSnapshotSpec(value: unknown, where: string, steps: number): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error(`${where} must be an object, got ${showValue(value)}`);
  const snapshots = value as Record<string, unknown>;
  unknownKeys(where, snapshots, SNAPSHOT_KEYS);
  positive(`${where}.examples`, snapshots.examples, true);
  if ((snapshots.examples as number) < 2) throw new Error(`${where}.examples must be at least 2, got ${showValue(snapshots.examples)}`);
  if (snapshots.every !== undefined) positive(`${where}.every`, snapshots.every, true);
  if (snapshots.steps !== undefined) {
    if (!Array.isArray(snapshots.steps)) throw new Error(`${where}.steps must be an array of steps, got ${showValue(snapshots.steps)}`);
    snapshots.steps.forEach((s, i) => positive(`${where}.steps[${i}]`, s, true));
    const late = snapshots.steps.find((s) => (s as number) > steps);
    if (late !== undefined) throw new Error(`${where}.steps: step ${late} is past the run's last step (${steps})`);
  }
  if (snapshots.every === undefined && snapshots.steps === undefined) throw new Error(`${where}: give every, steps or both`);
  if (snapshots.layers !== undefined && snapshots.layers !== "representation" && snapshots.layers !== "all") {
    throw new Error(`${where}.layers must be "representation" or "all", got ${showValue(snapshots.layers)}`);
  }
}

/** Reads and checks a RunSpec JSON file. */
export function readRunSpec(file: string): RunSpec {
  return checkRunSpec(parseJsonFile(file, fs.readFileSync(file, "utf8"), "Write the run spec as JSON (see README, \"RunSpec\")."), file);
}

/** The train and test parts of the spec's dataset (all of it for training when testFraction is unset). */
export function trainTestData(spec: Pick<RunSpec, "dataset" | "testFraction">): { train: Dataset; test?: Dataset } {
  const data = studyDataset(spec.dataset);
  if (!spec.testFraction) return { train: data };
  return data.split({ test: spec.testFraction, seed: 0 });
}

/** What training a run gave. */
export interface TrainedRun {
  steps: number;
  history: HistoryRow[];
  snapshots: Snapshot[];
  seconds: number;
}

export interface RunOptions {
  /** The data to train on (default: the training part of the spec's dataset). */
  data?: BatchSource;
  signal?: AbortSignal;
  progress?: boolean;
  /** Checkpoints (and the spec's snapshots) go here; an interrupted earlier run's checkpoint is continued. */
  checkpointDir?: string;
  /** Steps (besides the last) at which training pauses for `atStop` to measure the model as it is then (in this
   *  process only: the model is passed, not recorded; not combined with the spec's snapshots). */
  stops?: number[];
  atStop?: (model: Model, step: number) => Promise<void>;
}

/** A run whose data is a Dataset object (FONDUE on the user's data), given as RunOptions.data: it trains in this
 *  process only, since the data cannot be described in JSON. */
export type LocalRunSpec = Omit<RunSpec, "dataset"> & { dataset?: unknown };

/**
 * Trains the model a RunSpec describes — the one function every study training goes through — and returns the
 * model (the caller disposes it) and what training gave. Throws the signal's reason when
 * interrupted, after disposing the model.
 */
export async function trainRun(spec: RunSpec | LocalRunSpec, options: RunOptions = {}): Promise<{ model: Model; run: TrainedRun }> {
  const data = options.data ?? trainTestData(spec as RunSpec).train;
  const inputShape = (data as Dataset).shape ?? studyDataset((spec as RunSpec).dataset).shape;
  const { steps, batchSize, learningRate, learningRateSchedule } = spec.trainer;
  const stops = [...new Set([...(options.stops ?? []), steps])].sort((a, b) => a - b);
  if (stops[0] <= 0 || stops[stops.length - 1] !== steps) {
    throw new RangeError(`trainRun: stops must be positive and at most steps (${steps}), got ${JSON.stringify(options.stops)}`);
  }
  if (stops.length > 1 && spec.snapshots) throw new RangeError("trainRun: stops and the spec's snapshots cannot be combined; record what the stops measure as snapshots");
  await ensureBackend();
  const model = createModel({ ...spec.model, inputShape, seed: spec.seed });
  const probe = spec.snapshots ? probeSet(data as Dataset, spec.snapshots.examples, 0) : undefined;
  const started = performance.now();
  const trainer = new Trainer(model);
  try {
    let result: Awaited<ReturnType<Trainer["train"]>> | undefined;
    for (const stop of stops) {
      result = await trainer.train(data, {
        steps: stop, batchSize, learningRate, ...(learningRateSchedule ? { learningRateSchedule } : {}), seed: spec.seed, signal: options.signal, progress: options.progress ?? false, curve: false,
        ...(options.checkpointDir ? { checkpointDir: options.checkpointDir, resume: hasCheckpoint(options.checkpointDir) } : {}),
        ...(spec.snapshots && probe ? {
          snapshotEvery: spec.snapshots.every,
          snapshotSteps: spec.snapshots.steps,
          probe: probe.x,
          probeU: probe.u,
          snapshotLayers: spec.snapshots.layers === "all" ? model.layerNames() : undefined,
        } : {}),
      });
      if (options.atStop) await options.atStop(model, stop);
    }
    const run = { steps: result!.steps, history: result!.history, snapshots: result!.snapshots, seconds: (performance.now() - started) / 1000 };
    return { model, run };
  } catch (err) {
    model.dispose();
    throw err;
  } finally {
    trainer.dispose();
    probe?.dispose();
  }
}

/** The record of a finished run in its directory (run.json next to the checkpoint). */
export interface RunRecord {
  hash: string;
  spec: RunSpec;
  steps: number;
  history: HistoryRow[];
  seconds: number;
}

export const RUN_RECORD = "run.json";

/** The finished run stored in `dir` for `spec`, if there is one (its record and checkpoint both present). */
export function finishedRun(dir: string, spec: RunSpec): RunRecord | undefined {
  const file = path.join(dir, RUN_RECORD);
  if (!fs.existsSync(file) || !hasCheckpoint(dir)) return undefined;
  const record = parseJsonFile<RunRecord>(file, fs.readFileSync(file, "utf8"), "Delete it to train the run again.");
  return record.hash === runSpecHash(spec) ? record : undefined;
}

/**
 * Trains `spec` into `dir` unless `dir` already holds it: locked, so that two processes on the same directory never
 * train the same spec twice (the second waits and then finds the run finished). Continues an interrupted run from
 * its checkpoint. Returns the record, and the trained model when this call trained it (else the caller loads it).
 */
export async function runInDirectory(spec: RunSpec, dir: string, options: Omit<RunOptions, "checkpointDir" | "data"> & { onWait?: (message: string) => void } = {}): Promise<{ record: RunRecord; model?: Model }> {
  return withDirectoryLock(dir, async () => {
    const stored = finishedRun(dir, spec);
    if (stored) return { record: stored };
    const { model, run } = await trainRun(spec, { ...options, checkpointDir: dir });
    const record: RunRecord = { hash: runSpecHash(spec), spec, steps: run.steps, history: run.history, seconds: run.seconds };
    writeFileAtomic(path.join(dir, RUN_RECORD), JSON.stringify(record, null, 1) + "\n");
    return { record, model };
  }, { signal: options.signal, onWait: options.onWait });
}


/**
 * The model of `spec` in `dir`: trained there unless the directory already holds it (runInDirectory), else loaded.
 * `trained` says which; the caller disposes the model.
 */
export async function modelInDirectory(spec: RunSpec, dir: string, options: Parameters<typeof runInDirectory>[2] = {}): Promise<{ model: Model; record: RunRecord; trained: boolean }> {
  const done = await runInDirectory(spec, dir, options);
  return { model: done.model ?? (await loadModel(dir)), record: done.record, trained: done.model !== undefined };
}
