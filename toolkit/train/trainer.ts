// The trainer (Kingma & Ba 2015 for Adam): Adam (β₁ 0.9, β₂ 0.999, ε 1e-8, learning rate 1e-4; thesis Tables A.1,
// C.1, D.1; optionally decayed at fixed steps), batch 64, seeded and reproducible step for step on one backend, a history table, live progress and an
// in-place training curve through toolkit/display, snapshots over a probe set, checkpoints that resume bitwise,
// AbortSignal stops within one step, NaN/Infinity detection naming step and term, and no tensor leaks.
// `steps` and `epochs` are totals: a Trainer trained again (or resuming a checkpoint) continues up to them. A Trainer
// owns a run's state (optimiser, position, noise stream, history); train() is a one-shot Trainer. The model draws its
// training noise from the run's own Rng, handed to it in each step's StepContext; nothing is shared between runs.
import * as tf from "@tensorflow/tfjs";
import { backendReport, ensureBackend } from "../compute/backend";
import { Rng } from "../compute/random";
import { display, DISPLAY, DisplayHandle, getSink, progress as progressBar, Progress, TerminalSink } from "../display";
import { currentSignal } from "../runtime/cancellation";
import { nextTurn } from "../compute/turn";
import { Batch, Model, SEED_STREAMS, StepContext } from "../models";
import { hasCheckpoint, HistoryRow, readCheckpointState, readSnapshots, restoreCheckpoint, saveCheckpoint, Snapshot, SnapshotEntry, TrainerState, writeSnapshot } from "./checkpoint";
import { historyRow, trainingCurveSpec } from "./history";

/** The dataset interface of datasets/index.ts, as far as the trainer uses it. */
export interface BatchSource {
  readonly length: number;
  batches(batchSize: number, options?: { shuffle?: boolean; seed?: number; epochs?: number; signal?: AbortSignal }): AsyncIterable<Batch>;
}

export interface TrainOptions {
  /** Train until this many steps in total (default: as many as `epochs` gives). */
  steps?: number;
  /** Train until this many passes over a Dataset in total. */
  epochs?: number;
  /** Default 64. */
  batchSize?: number;
  /** Adam's learning rate, default 1e-4. */
  learningRate?: number;
  /** Step decay of the learning rate (default none): multiplied by `factor` at each step in `at`. */
  learningRateSchedule?: LearningRateSchedule;
  /** Seeds the run's noise stream (new Rng(seed).fork(SEED_STREAMS.training)) and the shuffling (default:
   *  model.config.seed, else 0). */
  seed?: number;
  /** A history row every `logEvery` steps (default 10) and at the last step. */
  logEvery?: number;
  signal?: AbortSignal;
  /** Where checkpoints go; one is written every `checkpointEvery` steps, at the end and when stopped. */
  checkpointDir?: string;
  checkpointEvery?: number;
  /** Continue from the checkpoint in checkpointDir (weights, optimiser, step, RNG, history, data position) when
   *  there is one; without one, training starts afresh (so a notebook cell can be re-run after an interrupt). */
  resume?: boolean;
  /** A snapshot every `snapshotEvery` steps (and at step 0 of a fresh run). */
  snapshotEvery?: number;
  /** A snapshot at each of these steps (positive integers; with or without snapshotEvery). */
  snapshotSteps?: number[];
  /** Probe inputs whose activations are recorded in each snapshot (encoded in chunks of 256 examples). */
  probe?: tf.Tensor;
  /** The auxiliary input u of the probe, for models that take one (iVAE). */
  probeU?: tf.Tensor;
  /** Layers recorded over the probe (default: the representation layers that the model has among mean, logvar, variance, sampled). */
  snapshotLayers?: string[];
  /** Record every trainable weight in snapshots (default: true when no probe is given). */
  snapshotWeights?: boolean;
  /** Progress bar through toolkit/display (default true). */
  progress?: boolean;
  /** Training curve updated in place (default: where a rich front end shows output, i.e. not the terminal sink). */
  curve?: boolean;
  /** Dataset size for StepContext (default: the Dataset's length, else 0). */
  datasetSize?: number;
  label?: string;
}


export interface TrainResult {
  /** Rows {step, loss, <every term>, kl_0…kl_{d−1}}, from the first step this model was trained. */
  history: HistoryRow[];
  /** Every snapshot of this model's training so far (restored from the checkpoint when resuming). */
  snapshots: Snapshot[];
  /** Steps trained in total. */
  steps: number;
  backend: string;
  /** The checkpoint manifest written last, if any. */
  checkpoint?: string;
}

/** What persists between a Trainer's train() calls: the optimiser, the position, the noise stream and the history. */
interface Session {
  optimizer: tf.Optimizer;
  /** The run's noise stream, handed to the model in every StepContext; its state goes into each checkpoint. */
  rng: Rng;
  state: TrainerState;
  snapshots: Snapshot[];
  /** Snapshot files written under checkpointDir, listed in each checkpoint. */
  snapshotFiles: SnapshotEntry[];
}

function isDataset(data: unknown): data is BatchSource {
  return typeof (data as BatchSource)?.batches === "function" && typeof (data as BatchSource).length === "number";
}

function positiveInt(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
    throw new Error(`train: ${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
}

/** The learning rate times `factor` once for every step in `at` already reached: steps 1 … at[0] train at the
 *  base rate, the steps after at[0] at base · factor, and so on (as a scheduler stepped at fixed points; the
 *  iVAE reference code divides by 10 on loss plateaus, Khemakhem et al. 2020). */
export interface LearningRateSchedule {
  at: number[];
  factor: number;
}

/** The learning rate for the step after `done` steps under `schedule`. */
export function scheduledLearningRate(base: number, schedule: LearningRateSchedule | undefined, done: number): number {
  if (!schedule) return base;
  return base * schedule.factor ** schedule.at.filter((s) => done >= s).length;
}

/** Checks a schedule: `at` ascending positive integers, `factor` a finite number > 0. */
export function checkLearningRateSchedule(schedule: unknown, where: string): LearningRateSchedule {
  const s = schedule as LearningRateSchedule;
  if (s === null || typeof s !== "object" || Array.isArray(s)) throw new Error(`${where} must be { at: number[], factor: number }, got ${JSON.stringify(schedule)}`);
  for (const key of Object.keys(s)) {
    if (key !== "at" && key !== "factor") throw new Error(`${where}: unknown key ${JSON.stringify(key)}; expected at, factor`);
  }
  if (!Array.isArray(s.at) || s.at.length === 0 || s.at.some((v, i) => !Number.isInteger(v) || v <= 0 || (i > 0 && v <= s.at[i - 1]))) {
    throw new Error(`${where}.at must be a non-empty ascending list of positive integer steps, got ${JSON.stringify(s.at)}`);
  }
  if (typeof s.factor !== "number" || !Number.isFinite(s.factor) || s.factor <= 0) {
    throw new Error(`${where}.factor must be a finite number > 0, got ${JSON.stringify(s.factor)}`);
  }
  return s;
}

/** Sets Adam's learning rate for the next update (tfjs-core 4.22.0's AdamOptimizer reads this field each step). */
function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

/** Adam with the papers' settings (β₁ 0.9, β₂ 0.999, ε 1e-8); the native one when toolkit/compute/native is enabled. */
export function createOptimizer(learningRate = 1e-4): tf.Optimizer {
  if (backendReport()?.native?.enabled) {
    const native = require("../compute/native") as { createAdam(lr: number, b1: number, b2: number, eps: number): tf.Optimizer };
    return native.createAdam(learningRate, 0.9, 0.999, 1e-8);
  }
  return tf.train.adam(learningRate, 0.9, 0.999, 1e-8);
}

/** Mixes the seed and the epoch into one shuffling seed (distinct for every (seed, epoch) pair below 2^20 epochs). */
function epochSeed(seed: number, epoch: number): number {
  return (seed * 1048576 + epoch) % 2147483647;
}

interface Position {
  epoch: number;
  batchInEpoch: number;
}

async function* batchStream(data: BatchSource | AsyncIterable<Batch>, batchSize: number, seed: number, pos: Position, epochs: number | undefined, signal?: AbortSignal): AsyncGenerator<Batch> {
  if (!isDataset(data)) {
    for await (const batch of data) {
      pos.batchInEpoch += 1;
      yield batch;
    }
    return;
  }
  for (; epochs === undefined || pos.epoch < epochs; pos.epoch += 1, pos.batchInEpoch = 0) {
    let index = 0;
    for await (const batch of data.batches(batchSize, { shuffle: true, seed: epochSeed(seed, pos.epoch), epochs: 1, signal })) {
      index += 1;
      if (index <= pos.batchInEpoch) {
        disposeBatch(batch); // already trained on before the checkpoint
        continue;
      }
      pos.batchInEpoch = index;
      yield batch;
    }
    // A dataset that gives no batch would otherwise be asked for epoch after epoch without end.
    if (index === 0) throw new Error(`train: the dataset gave no batches in epoch ${pos.epoch} although its length is ${data.length}`);
  }
}

function disposeBatch(batch: Batch): void {
  tf.dispose([batch.x, batch.u, batch.factors].filter((t): t is tf.Tensor => t !== undefined));
}

interface StepValues {
  termNames: string[];
  values: Float32Array;
  klDims: number;
}

/** One optimiser step; returns the loss, its terms and the KL per dimension, or throws on a non-finite value
 *  before any weight changes. */
async function step(model: Model, optimizer: tf.Optimizer, batch: Batch, ctx: StepContext): Promise<StepValues> {
  let terms: Record<string, tf.Scalar> = {};
  let klPerDim: tf.Tensor1D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const out = model.lossTerms(batch, ctx);
    terms = out.terms;
    klPerDim = out.klPerDim;
    Object.values(terms).forEach((t) => tf.keep(t));
    if (klPerDim) tf.keep(klPerDim);
    return out.loss;
  }, model.trainableVariables());
  const termNames = Object.keys(terms);
  try {
    const packed = tf.tidy(() => tf.concat([tf.stack([value, ...termNames.map((n) => terms[n])]), ...(klPerDim ? [klPerDim] : [])]));
    const values = (await packed.data()) as Float32Array;
    packed.dispose();
    const bad = firstNonFinite(values, termNames, klPerDim ? klPerDim.shape[0] : 0);
    if (bad) throw new NonFiniteLossError(ctx.step + 1, bad.term, bad.value); // steps count from 1, as in the history
    optimizer.applyGradients(grads);
    return { termNames, values, klDims: klPerDim ? klPerDim.shape[0] : 0 };
  } finally {
    tf.dispose([value, ...Object.values(grads), ...Object.values(terms), ...(klPerDim ? [klPerDim] : [])]);
  }
}

/** Raised when a loss term is NaN or ±Infinity; the model keeps the weights of the previous step. */
export class NonFiniteLossError extends Error {
  constructor(readonly step: number, readonly term: string, readonly value: number, message?: string) {
    super(message ?? `train: loss term "${term}" is ${value} at step ${step}; the update was not applied`);
    this.name = "NonFiniteLossError";
  }
}

function firstNonFinite(values: Float32Array, termNames: string[], klDims: number): { term: string; value: number } | undefined {
  // values = [loss, ...terms, ...kl_j]; name a term or KL dimension before the total that they make up.
  const names = ["loss", ...termNames, ...Array.from({ length: klDims }, (_, j) => `kl_${j}`)];
  for (let i = 1; i < values.length; i++) if (!Number.isFinite(values[i])) return { term: names[i], value: values[i] };
  return Number.isFinite(values[0]) ? undefined : { term: "loss", value: values[0] };
}

function defaultSnapshotLayers(model: Model): string[] {
  return model.layerNames().filter((n) => ["mean", "logvar", "variance", "sampled"].includes(n));
}

/** Examples encoded at once for a snapshot: a whole 10,000-image probe at once exhausts wasm memory. */
const PROBE_CHUNK = 256;

/** The probe's activations of `layers`, encoded chunk by chunk ("sampled" draws from `rng`) and joined per layer. */
async function probeActivations(model: Model, probe: tf.Tensor, u: tf.Tensor | undefined, layers: string[], rng: Rng): Promise<NonNullable<Snapshot["activations"]>> {
  const n = probe.shape[0];
  const parts: Record<string, Float32Array[]> = {};
  const widths: Record<string, number> = {};
  for (let start = 0; start < n; start += PROBE_CHUNK) {
    const size = Math.min(PROBE_CHUNK, n - start);
    const acts = tf.tidy(() => model.activations(probe.slice(start, size), layers, u?.slice(start, size), rng));
    for (const [name, t] of Object.entries(acts)) {
      (parts[name] ??= []).push((await t.data()) as Float32Array);
      widths[name] = t.shape[1];
      t.dispose();
    }
  }
  const joined: NonNullable<Snapshot["activations"]> = {};
  for (const [name, chunks] of Object.entries(parts)) {
    const data = new Float32Array(n * widths[name]);
    let offset = 0;
    for (const c of chunks) {
      data.set(c, offset);
      offset += c.length;
    }
    joined[name] = { data, shape: [n, widths[name]] };
  }
  return joined;
}

/** Records probe activations and/or weights; "sampled" draws from a copy of the run's stream `rng`, which stays
 *  where it is, so snapshots do not change the training. */
async function takeSnapshot(model: Model, stepNo: number, options: TrainOptions, rng: Rng): Promise<Snapshot> {
  const snap: Snapshot = { step: stepNo };
  if (options.probe) {
    const layers = options.snapshotLayers ?? defaultSnapshotLayers(model);
    snap.activations = await probeActivations(model, options.probe, options.probeU, layers, Rng.fromState(rng.getState()));
  }
  if (options.snapshotWeights ?? !options.probe) {
    snap.weights = [];
    // Names without the per-process scope prefix ("betaVAE_3/conv1/kernel" → "conv1/kernel"), stable across runs.
    for (const v of model.trainableVariables()) {
      snap.weights.push({ name: v.name.slice(v.name.indexOf("/") + 1), shape: v.shape, data: (await v.data()) as Float32Array });
    }
  }
  return snap;
}

/** Whether output goes to a front end that renders charts (a notebook, live or headless), not the text terminal. */
function richOutput(): boolean {
  return !(getSink() instanceof TerminalSink);
}

/** Live output: a progress bar and (in the kernel) a training curve updated at most every 2 s. */
class LiveOutput {
  private bar: Progress | undefined;
  private curve: DisplayHandle | undefined;
  private lastCurve = 0;
  private shownRows = 0;

  constructor(private readonly options: TrainOptions, total: number | undefined, private readonly label: string) {
    if (options.progress ?? true) this.bar = progressBar({ total, label });
  }

  async update(stepNo: number, row: HistoryRow | undefined, history: HistoryRow[]): Promise<void> {
    if (this.bar && row) this.bar.update(stepNo, this.metrics(row));
    const wantCurve = this.options.curve ?? richOutput();
    if (!wantCurve || history.length === this.shownRows || Date.now() - this.lastCurve < 2000) return;
    await this.drawCurve(history);
  }

  private async drawCurve(history: HistoryRow[]): Promise<void> {
    const spec = trainingCurveSpec(history, this.label);
    if (this.curve) await this.curve.update(spec);
    else this.curve = await display(spec);
    this.lastCurve = Date.now();
    this.shownRows = history.length;
  }

  private metrics(row: HistoryRow): Record<string, number> {
    return Object.fromEntries(Object.entries(row).filter(([k]) => k !== "step" && !/^kl_\d+$/.test(k)));
  }

  /** Closes the bar; a run stopped early says so instead of filling the bar to its total. */
  async done(history: HistoryRow[], stoppedAt?: number, total?: number): Promise<void> {
    const last = history[history.length - 1];
    if (this.bar && stoppedAt === undefined) this.bar.done(last ? this.metrics(last) : undefined);
    if (this.bar && stoppedAt !== undefined) {
      const text = `${this.label}: stopped at step ${stoppedAt}${total ? ` of ${total}` : ""}`;
      await display({ [DISPLAY]: () => ({ "text/plain": text }) });
    }
    if ((this.options.curve ?? richOutput()) && history.length > this.shownRows) await this.drawCurve(history);
  }
}

function validate(options: TrainOptions, data: unknown): void {
  positiveInt("steps", options.steps);
  positiveInt("epochs", options.epochs);
  positiveInt("batchSize", options.batchSize);
  positiveInt("logEvery", options.logEvery);
  positiveInt("checkpointEvery", options.checkpointEvery);
  positiveInt("snapshotEvery", options.snapshotEvery);
  for (const s of options.snapshotSteps ?? []) positiveInt("snapshotSteps[]", s);
  if (options.learningRate !== undefined && !(Number.isFinite(options.learningRate) && options.learningRate > 0)) {
    throw new Error(`train: learningRate must be a finite number > 0, got ${JSON.stringify(options.learningRate)}`);
  }
  if (options.learningRateSchedule !== undefined) checkLearningRateSchedule(options.learningRateSchedule, "train: learningRateSchedule");
  if (options.seed !== undefined && !(Number.isInteger(options.seed) && options.seed >= 0)) {
    throw new Error(`train: seed must be a non-negative integer, got ${JSON.stringify(options.seed)}`);
  }
  if (!isDataset(data) && typeof (data as AsyncIterable<Batch>)?.[Symbol.asyncIterator] !== "function") {
    throw new Error("train: data must be a Dataset (with batches() and length) or an AsyncIterable of batches");
  }
  if (isDataset(data) && !(data.length > 0)) {
    throw new Error(`train: the dataset has no examples (length ${data.length}); give it at least one example`);
  }
  if (!isDataset(data) && options.epochs !== undefined) throw new Error("train: epochs needs a Dataset; for an AsyncIterable of batches give steps");
  if (isDataset(data) && options.steps === undefined && options.epochs === undefined) throw new Error("train: give steps or epochs");
  if (options.resume && !options.checkpointDir) throw new Error("train: resume needs checkpointDir");
}

/** Settings a continuing run takes from its session or checkpoint; giving a different learning rate or seed is an
 *  error, a different batchSize is adopted (the position within the current epoch stays counted in batches). */
function checkContinuing(options: TrainOptions, state: TrainerState, where: string): void {
  if (options.batchSize !== undefined) state.batchSize = options.batchSize;
  for (const key of ["learningRate", "seed"] as const) {
    if (options[key] !== undefined && options[key] !== state[key]) {
      throw new Error(`train: ${key} ${options[key]} differs from ${where} (${state[key]}); use a new Trainer (and drop resume) to start a new run`);
    }
  }
}

/**
 * Owns one model's training: the optimiser state, the position in the data, the noise stream, the history
 * and the snapshots, so nothing about a run is kept at module level. Successive train() calls continue the run;
 * dispose() frees the optimiser state (the model itself stays with its owner).
 */
export class Trainer {
  private session: Session | undefined;

  constructor(readonly model: Model) {}

  private async openSession(options: TrainOptions): Promise<{ session: Session; fresh: boolean }> {
    const model = this.model;
    if (options.resume && options.checkpointDir && hasCheckpoint(options.checkpointDir)) {
      const saved = readCheckpointState(options.checkpointDir);
      checkContinuing(options, saved, `the checkpoint in ${options.checkpointDir}`);
      this.dispose();
      const optimizer = createOptimizer(saved.learningRate);
      const extra = model.extraState?.().optimizers ?? [];
      const { state, snapshotFiles } = await restoreCheckpoint(options.checkpointDir, model, [optimizer, ...extra]);
      const snapshots = readSnapshots(options.checkpointDir, snapshotFiles);
      const session = { optimizer, rng: Rng.fromState(state.rng), state, snapshots, snapshotFiles };
      this.session = session;
      return { session, fresh: false };
    }
    const existing = this.session;
    if (existing) {
      checkContinuing(options, existing.state, "this Trainer's running training");
      return { session: existing, fresh: false };
    }
    const learningRate = options.learningRate ?? 1e-4;
    const seed = options.seed ?? (model.config.seed as number | undefined) ?? 0;
    const batchSize = options.batchSize ?? 64;
    const rng = new Rng(seed).fork(SEED_STREAMS.training);
    const state: TrainerState = { step: 0, epoch: 0, batchInEpoch: 0, seed, learningRate, batchSize, rng: rng.getState(), history: [] };
    const session: Session = { optimizer: createOptimizer(learningRate), rng, state, snapshots: [], snapshotFiles: [] };
    this.session = session;
    return { session, fresh: true };
  }

  /** Trains `this.model` on `data` (a Dataset, shuffled per epoch with the seed, or any AsyncIterable of batches);
   *  a later call continues the same run (optimiser, position, noise stream, history). */
  async train(data: BatchSource | AsyncIterable<Batch>, options: TrainOptions = {}): Promise<TrainResult> {
    const model = this.model;
    validate(options, data);
    const backend = await ensureBackend();
    const signal = options.signal ?? currentSignal();
    const { session, fresh } = await this.openSession(options);
    const { state, optimizer } = session;
    const batchSize = state.batchSize;
    const logEvery = options.logEvery ?? 10;
    const perEpoch = isDataset(data) ? Math.ceil(data.length / batchSize) : undefined;
    const target = options.steps ?? (perEpoch !== undefined && options.epochs !== undefined ? perEpoch * options.epochs : undefined);
    const datasetSize = options.datasetSize ?? (isDataset(data) ? data.length : 0);
    const optimizers = [optimizer, ...(model.extraState?.().optimizers ?? [])];
    const label = options.label ?? `${model.kind} (${model.config.architecture})`;
    const live = new LiveOutput(options, target, label);
    const pos: Position = { epoch: state.epoch, batchInEpoch: state.batchInEpoch };
    let lastCheckpoint: string | undefined;
    let stoppedEarly = false;

    const checkpoint = async () => {
      if (!options.checkpointDir) return;
      Object.assign(state, { epoch: pos.epoch, batchInEpoch: pos.batchInEpoch, rng: session.rng.getState() });
      lastCheckpoint = await saveCheckpoint(options.checkpointDir, model, optimizers, state, session.snapshotFiles);
    };
    const snapshot = async (stepNo: number) => {
      const snap = await takeSnapshot(model, stepNo, options, session.rng);
      session.snapshots.push(snap);
      if (options.checkpointDir) session.snapshotFiles.push(writeSnapshot(options.checkpointDir, snap));
    };

    if (fresh && options.snapshotEvery) await snapshot(0);
    const stream = batchStream(data, batchSize, state.seed, pos, isDataset(data) ? options.epochs : undefined, signal);
    try {
      while (target === undefined || state.step < target) {
        if (signal?.aborted) {
          stoppedEarly = true;
          break;
        }
        const next = await nextBatch(stream, signal);
        if (next === "aborted") {
          stoppedEarly = true;
          break;
        }
        if (next === undefined) break;
        if (signal?.aborted) {
          disposeBatch(next); // aborted while the batch was being made: stop before training on it
          stoppedEarly = true;
          break;
        }
        const ctx: StepContext = { step: state.step, datasetSize, rng: session.rng };
        if (options.learningRateSchedule) setLearningRate(optimizer, scheduledLearningRate(state.learningRate, options.learningRateSchedule, state.step));
        let values: StepValues;
        try {
          values = await step(model, optimizer, next, ctx);
        } catch (err) {
          disposeBatch(next);
          if (err instanceof NonFiniteLossError) throw nonFiniteWithCheckpoint(err, options.checkpointDir, lastCheckpoint);
          throw err;
        }
        const extra = model.afterStep?.(next, ctx) ?? {};
        disposeBatch(next);
        state.step += 1;
        const row = { ...historyRow(state.step, values.termNames, values.values, values.klDims), ...extra };
        const isLast = target !== undefined && state.step === target;
        if (state.step % logEvery === 0 || isLast) state.history.push(row);
        if ((options.snapshotEvery && state.step % options.snapshotEvery === 0) || options.snapshotSteps?.includes(state.step)) await snapshot(state.step);
        if (options.checkpointEvery && state.step % options.checkpointEvery === 0) await checkpoint();
        await live.update(state.step, row, state.history);
        await nextTurn(signal);
      }
      await checkpoint();
    } finally {
      state.epoch = pos.epoch;
      state.batchInEpoch = pos.batchInEpoch;
      state.rng = session.rng.getState();
      await stream.return(undefined);
      await live.done(state.history, stoppedEarly ? state.step : undefined, target);
    }
    // Stopped by the signal: the model, its history and the checkpoint just written stay, and the caller's
    // code after `await train(...)` does not run (the signal's reason, Interrupted in the kernel, is thrown).
    if (stoppedEarly) signal!.throwIfAborted();
    return { history: state.history, snapshots: session.snapshots, steps: state.step, backend, checkpoint: lastCheckpoint };
  }

  /** Frees the optimiser state; a later train() starts a new run from the model's current weights. */
  dispose(): void {
    this.session?.optimizer.dispose();
    this.session = undefined;
  }
}

/** Trains `model` once with a fresh Trainer and frees its optimiser state afterwards (see Trainer.train). To train
 *  in stages that continue one run, use a Trainer. */
export async function train(model: Model, data: BatchSource | AsyncIterable<Batch>, options: TrainOptions = {}): Promise<TrainResult> {
  const trainer = new Trainer(model);
  try {
    return await trainer.train(data, options);
  } finally {
    trainer.dispose();
  }
}

async function nextBatch(stream: AsyncGenerator<Batch>, signal?: AbortSignal): Promise<Batch | undefined | "aborted"> {
  try {
    const r = await stream.next();
    return r.done ? undefined : r.value;
  } catch (err) {
    if (signal?.aborted) return "aborted"; // the dataset stopped on the same signal
    throw err;
  }
}

function nonFiniteWithCheckpoint(err: NonFiniteLossError, dir: string | undefined, last: string | undefined): NonFiniteLossError {
  const where = dir
    ? last ? `; the last good checkpoint (${last}) is kept` : `; no checkpoint was written in this run, earlier ones in ${dir} are kept`
    : "";
  return new NonFiniteLossError(err.step, err.term, err.value, `train: loss term "${err.term}" is ${err.value} at step ${err.step}; the update was not applied and the model keeps its step-${err.step - 1} weights${where}`);
}
