// FONDUE (thesis §8.3, Algorithms 1–8; defaults from vae_ld, docs/reference-implementations.md, "FONDUE"): find the
// number of latent dimensions n after which the mean and sampled representations diverge. Each n tried trains a fresh
// model for a few epochs (GET-MEM, Algorithm 2, memoised in memory and, with a cache, on disk) and scores it; the
// search (./search.ts) is Algorithm 1, or the binary searches IB / BS_FONDUE (Algs 7–8).
import * as tf from "@tensorflow/tfjs";
import type { Dataset } from "../../datasets";
import { ensureBackend } from "../compute/backend";
import { currentSignal } from "../runtime/cancellation";
import { mleIntrinsicDimension, variableTypes } from "../metrics";
import { type Model, type ModelConfig } from "../models";
import { RunCache } from "./cache";
import { studyDataset, type DatasetSpec } from "./data";
import { DEFAULT_THRESHOLDS, ibScores, ideScores, traceScores, type FondueScore } from "./fondueScores";
import { probeSet, reconstructionLoss, reconstructions, representations, type Mat, type Probe } from "./probe";
import { modelInDirectory, trainRun, type LocalRunSpec, type RunSpec } from "./runSpec";
import { runDirectory } from "./training";
import { binarySearch, fondueSearch, type Evaluation, type EvaluationMemo, type SearchResult, type SearchStep } from "./search";

export interface FondueOptions {
  /** The data: a Dataset, or a study dataset spec (hashable, so its evaluations can be cached on disk). */
  dataset: Dataset | DatasetSpec;
  /** t (default 1 for "trace" and "ide", −0.01 for "ib"). */
  threshold?: number;
  /** Epochs per trained model (default 1; the thesis needed 1–2, Table 8.1). Ignored when `steps` is set. */
  epochs?: number;
  /** Fixed number of optimiser steps per model instead of epochs (for small presets). */
  steps?: number;
  /** Initial n (default: the data's MLE intrinsic dimension with k = 20 on ≤ 10,000 unique examples, rounded). */
  init?: number;
  /** Model configuration without `latent` (default β-VAE, β = 1, architecture chosen from the data's shape). */
  model?: Partial<ModelConfig>;
  /** Seed of models, training order and subsamples (default 0; every n uses the same seed, as vae_ld). */
  seed?: number;
  /** Score compared between z and μ (default "trace"). */
  score?: FondueScore;
  /** "fondue" (Algorithm 1, default) or "binary" (Algorithms 7–8: IB with score "ib", BS_FONDUE otherwise). */
  search?: "fondue" | "binary";
  /** [l, u] of the binary search (default [1, 200], thesis App. D.3). */
  bounds?: [number, number];
  /** Largest n Algorithm 1 may try (default 1024). */
  maxN?: number;
  /** Batch size (default 64) and Adam learning rate (default 1e-4) of each training (Table D.1). */
  batchSize?: number;
  learningRate?: number;
  /** Unique examples the scores and the data's ID are computed on (default 10,000). */
  scoreExamples?: number;
  /** k of the MLE estimates (data ID and FONDUE_IDE; default 20). */
  k?: number;
  /** Run directory: finished evaluations are stored there and never recomputed. */
  cacheDir?: string;
  cache?: RunCache;
  signal?: AbortSignal;
  /** Show each training's progress bar (default false). */
  progress?: boolean;
  /**
   * With data given as a spec and a cache directory: trains the run of an n into its run directory before the search
   * reads it (e.g. on an executor, beside other searches' runs: executors/waves.ts). Default: the search trains it
   * in this process.
   */
  train?: (spec: RunSpec) => Promise<void>;
  onStep?: (step: FondueStep) => void;
}

/** One row of the trace: a search step plus what was measured on that n's model. */
export interface FondueStep extends SearchStep {
  active: number;
  mixed: number;
  passive: number;
  /** Reconstruction loss (nats per example) of the scoring examples at the end of training. */
  reconstruction: number;
}

export interface FondueResult {
  n: number;
  init: number;
  /** The data's ID estimate when init was not given. */
  dataId?: { mle: number; k: number; examples: number; removedDuplicates: number };
  score: FondueScore;
  threshold: number;
  search: "fondue" | "binary";
  trace: FondueStep[];
  /** Models trained during this call (0 when everything came from the cache). */
  trained: number;
  capped: boolean;
  seconds: number;
}

interface Resolved {
  dataset: Dataset;
  datasetKey: unknown;
  /** The data as a spec, when given as one: its models are then RunSpecs, trained in the cache's run directories. */
  datasetSpec?: DatasetSpec;
  model: Partial<ModelConfig> & { kind: string };
  score: FondueScore;
  threshold: number;
  seed: number;
  batchSize: number;
  learningRate: number;
  epochs: number;
  steps?: number;
  scoreExamples: number;
  k: number;
}

/** Default architecture and likelihood for the data's shape: conv (64×64-like images), mnistConv, or an MLP. */
export function defaultModelFor(shape: number[]): Partial<ModelConfig> & { kind: string } {
  if (shape.length === 3) {
    const architecture = shape[0] % 16 === 0 && shape[1] % 16 === 0 && shape[0] >= 32 ? "conv" : "mnistConv";
    return { kind: "betaVAE", beta: 1, architecture, likelihood: "bernoulli" };
  }
  return { kind: "betaVAE", beta: 1, architecture: "mnistMlp", likelihood: "gaussian" };
}

function resolve(options: FondueOptions): Resolved {
  const spec = options.dataset as DatasetSpec;
  const isSpec = typeof (spec as { name?: unknown }).name === "string" && !("batches" in (options.dataset as object));
  const dataset = isSpec ? studyDataset(spec) : (options.dataset as Dataset);
  const score = options.score ?? "trace";
  if (!(score in DEFAULT_THRESHOLDS)) {
    throw new RangeError(`fondue: score must be "trace", "ide" or "ib", got ${JSON.stringify(score)}`);
  }
  const base = { ...defaultModelFor(dataset.shape), ...options.model, inputShape: dataset.shape };
  if ("latent" in (options.model ?? {})) {
    throw new RangeError("fondue: model.latent must be left out; FONDUE chooses the number of latent dimensions");
  }
  return {
    dataset,
    // A Dataset object is identified by name, size and shape; a spec by itself.
    datasetKey: isSpec ? spec : { name: dataset.name, length: dataset.length, shape: dataset.shape },
    ...(isSpec ? { datasetSpec: spec } : {}),
    model: base as Partial<ModelConfig> & { kind: string },
    score,
    threshold: options.threshold ?? DEFAULT_THRESHOLDS[score],
    seed: options.seed ?? 0,
    batchSize: options.batchSize ?? 64,
    learningRate: options.learningRate ?? 1e-4,
    epochs: options.epochs ?? 1,
    steps: options.steps,
    scoreExamples: options.scoreExamples ?? 10000,
    k: options.k ?? 20,
  };
}

/** ≤ `count` unique examples: a seeded subsample of twice that, deduplicated, subsampled again if needed. */
export function uniqueSubsample(dataset: Dataset, count: number, seed: number): { data: Dataset; removed: number } {
  const pool = dataset.length > 2 * count ? dataset.subsample(2 * count, seed) : dataset;
  const unique = pool.unique();
  const data = unique.length > count ? unique.subsample(count, seed) : unique;
  return { data, removed: unique.removed };
}

/** The data's MLE intrinsic dimension (k neighbours) on ≤ `examples` unique examples (thesis §8.5.1). */
export async function dataIntrinsicDimension(
  dataset: Dataset,
  options: { k?: number; examples?: number; seed?: number; signal?: AbortSignal } = {},
) {
  const k = options.k ?? 20;
  const { data, removed } = uniqueSubsample(dataset, options.examples ?? 10000, options.seed ?? 0);
  const x = data.toTensor();
  try {
    const id = await mleIntrinsicDimension(await flatten(x), { k, signal: options.signal });
    return { mle: id.dimension, k, examples: data.length, removedDuplicates: removed + id.removedDuplicates };
  } finally {
    x.dispose();
  }
}

/** A tensor [n, ...] as an n-row float32 matrix (one flattened example per row). */
function flatten(x: tf.Tensor): Promise<Mat> {
  return x.data().then((data) => ({ data: data as Float32Array, shape: [x.shape[0], x.size / x.shape[0]] as [number, number] }));
}

/** The run FONDUE trains at n: a RunSpec when the data was given as a spec, else a run of the Dataset object. */
function runAt(r: Resolved, n: number): LocalRunSpec {
  const { inputShape: _shape, ...model } = r.model;
  // `epochs` passes over the data are the same steps as ceil(length / batchSize) per epoch.
  const steps = r.steps ?? Math.ceil(r.dataset.length / r.batchSize) * r.epochs;
  return { ...(r.datasetSpec ? { dataset: r.datasetSpec } : {}), model: { ...model, latent: n }, trainer: { steps, batchSize: r.batchSize, learningRate: r.learningRate }, seed: r.seed };
}

/**
 * The RunSpecs FONDUE trains at each n of `ns` for data given as a DatasetSpec: what an executor can train before
 * the search, which then finds them in the cache's run directories.
 */
export function fondueRunSpecs(options: FondueOptions, ns: readonly number[]): RunSpec[] {
  const r = resolve(options);
  if (!r.datasetSpec) throw new RangeError("fondueRunSpecs: the dataset must be a study dataset spec ({ name, ... }) to describe its runs");
  return ns.map((n) => runAt(r, n) as RunSpec);
}

/**
 * The first n a search evaluates, known before any training: the binary search's midpoint, or Algorithm 1's initial
 * n (options.init, else the data's rounded MLE ID, computed as fondue() does and stored in `cache`).
 */
export async function firstDimension(options: FondueOptions, cache: RunCache = new RunCache(options.cacheDir)): Promise<number> {
  if (options.search === "binary") {
    const [l, u] = options.bounds ?? [1, 200];
    return Math.floor((l + u) / 2);
  }
  if (options.init !== undefined) return options.init;
  const { dataId } = await dataIdOf(resolve(options), cache, options.signal);
  return dataId;
}

async function dataIdOf(r: Resolved, cache: RunCache, signal?: AbortSignal): Promise<{ id: NonNullable<FondueResult["dataId"]>; dataId: number }> {
  const id = await cache.cached(
    "data-id",
    { dataset: r.datasetKey, k: r.k, examples: r.scoreExamples, seed: r.seed },
    () => dataIntrinsicDimension(r.dataset, { k: r.k, examples: r.scoreExamples, seed: r.seed, signal }),
  );
  return { id, dataId: Math.max(1, Math.round(id.mle)) };
}

/**
 * Trains a fresh model with n latents and measures it on the probe: GET-MEM's body (Algorithm 2). With data given as
 * a spec and a cache directory, the model is trained in its run directory (or found there, trained earlier by an
 * executor or by another variant's search with the same seed and n); `trained` counts the models actually trained.
 */
async function trainAndScore(r: Resolved, probe: Probe, n: number, options: FondueOptions, cache: RunCache, trained: { count: number }): Promise<Evaluation> {
  const started = performance.now();
  const spec = runAt(r, n);
  let model: Model;
  if (r.datasetSpec && cache.dir) {
    await options.train?.(spec as RunSpec);
    const found = await modelInDirectory(spec as RunSpec, runDirectory(cache.dir, spec as RunSpec), { signal: options.signal, progress: options.progress ?? false });
    model = found.model;
    if (found.trained) trained.count += 1;
  } else {
    ({ model } = await trainRun(spec, { data: r.dataset, signal: options.signal, progress: options.progress ?? false }));
    trained.count += 1;
  }
  try {
    const reps = await representations(model, probe, { signal: options.signal });
    const types = variableTypes(reps.variance);
    const recon = await reconstructionLoss(model, probe, { datasetSize: r.dataset.length, seed: r.seed });
    let scores: { scoreSampled: number; scoreMean: number };
    if (r.score === "trace") scores = traceScores(reps.sampled, reps.mean);
    else if (r.score === "ide") scores = await ideScores(reps.sampled, reps.mean, { k: r.k, signal: options.signal });
    else {
      scores = ibScores(reps.sampled, await flatten(probe.x), await reconstructions(model, probe, { signal: options.signal }));
    }
    return {
      ...scores,
      active: types.active.length,
      mixed: types.mixed.length,
      passive: types.passive.length,
      reconstruction: recon,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}

/** One n scored outside a search (the curve of Fig. 8.1): both scores and what was measured. */
export interface DimensionScore {
  n: number;
  scoreSampled: number;
  scoreMean: number;
  difference: number;
  active: number;
  mixed: number;
  passive: number;
  reconstruction: number;
  seconds: number;
  cached: boolean;
}

interface Session {
  r: Resolved;
  cache: RunCache;
  memo: EvaluationMemo;
  /** Evaluations seen in this session (evaluated or read from the memo), with their measurements. */
  seen: Map<number, Evaluation>;
  /** Models trained in this session (the others came from run directories). */
  trained: { count: number };
  evaluate: (n: number) => Promise<Evaluation>;
  close(): void;
}

async function openSession(given: FondueOptions): Promise<Session> {
  // Inside the kernel an interrupt of the running cell stops the search.
  const options = { ...given, signal: given.signal ?? currentSignal() };
  await ensureBackend();
  const r = resolve(options);
  const cache = options.cache ?? new RunCache(options.cacheDir);
  const { data: scoring } = uniqueSubsample(r.dataset, r.scoreExamples, r.seed);
  const probe = probeSet(scoring, scoring.length, r.seed);
  const seen = new Map<number, Evaluation>();
  const trained = { count: 0 };
  const stored = cache.memo("fondue-eval", { ...r, dataset: r.datasetKey, datasetSpec: undefined, threshold: undefined });
  return {
    r,
    cache,
    seen,
    trained,
    memo: {
      get: async (n) => {
        const e = await stored.get(n);
        if (e) seen.set(n, e);
        return e;
      },
      set: (n, e) => stored.set(n, e),
    },
    evaluate: async (n) => {
      const e = await trainAndScore(r, probe, n, options, cache, trained);
      seen.set(n, e);
      return e;
    },
    close: () => probe.dispose(),
  };
}

/**
 * Trains and scores each n in `ns` (memoised like FONDUE's evaluations, so a later FONDUE run with
 * the same settings reuses them): the traces of the mean and sampled representations against n.
 */
export async function scoreDimensions(options: FondueOptions, ns: readonly number[]): Promise<DimensionScore[]> {
  const session = await openSession(options);
  try {
    const rows: DimensionScore[] = [];
    for (const n of ns) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`scoreDimensions: every n must be an integer ≥ 1, got ${n}`);
      options.signal?.throwIfAborted();
      let e = await session.memo.get(n);
      const cached = e !== undefined;
      if (!e) {
        e = await session.evaluate(n);
        await session.memo.set(n, e);
      }
      rows.push({ n, ...measurements(e), scoreSampled: e.scoreSampled, scoreMean: e.scoreMean, difference: e.scoreSampled - e.scoreMean, seconds: e.seconds ?? 0, cached });
    }
    return rows;
  } finally {
    session.close();
  }
}

function measurements(e: Evaluation) {
  return { active: Number(e.active), mixed: Number(e.mixed), passive: Number(e.passive), reconstruction: Number(e.reconstruction) };
}

/**
 * FONDUE: the number of latent dimensions n for which Tr Cov[z] − Tr Cov[μ] (or the chosen score's
 * difference) stays within t, with the whole search trace. Deterministic given the seed; resumable
 * through `cacheDir` (a finished n is never retrained); interrupted by `signal` between and within
 * trainings.
 */
export async function fondue(options: FondueOptions): Promise<FondueResult> {
  const started = performance.now();
  const session = await openSession(options);
  const { r, cache } = session;
  const signal = options.signal ?? currentSignal();
  try {
    let init = options.init;
    let dataId: FondueResult["dataId"];
    if (init === undefined) ({ id: dataId, dataId: init } = await dataIdOf(r, cache, signal));
    const steps: FondueStep[] = [];
    // Every n reaches the trace through evaluate() or the memo, both of which fill `seen` first.
    const onStep = (step: SearchStep) => {
      const row: FondueStep = { ...step, ...measurements(session.seen.get(step.n) as Evaluation) };
      steps.push(row);
      options.onStep?.(row);
    };
    const searchOptions = { threshold: r.threshold, memo: session.memo, signal, onStep };
    const mode = options.search ?? "fondue";
    let result: SearchResult;
    if (mode === "binary") {
      const [l, u] = options.bounds ?? [1, 200];
      result = await binarySearch(l, u, session.evaluate, searchOptions);
    } else if (mode === "fondue") {
      result = await fondueSearch(init, session.evaluate, { ...searchOptions, maxN: options.maxN });
    } else {
      throw new RangeError(`fondue: search must be "fondue" or "binary", got ${JSON.stringify(mode)}`);
    }
    return {
      n: result.n,
      init,
      dataId,
      score: r.score,
      threshold: r.threshold,
      search: mode,
      trace: steps,
      trained: session.trained.count,
      capped: result.capped,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    session.close();
  }
}
