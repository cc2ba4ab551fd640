// What every study runner shares: options (scale preset, overrides, run directory, AbortSignal,
// progress), the context handed to its steps (cache, signal, progress over units of work) and the
// result envelope (config, tidy tables, timings, cache use; each table also as a DataFrame).
import * as os from "node:os";
import * as path from "node:path";
import { ensureBackend } from "../compute/backend";
import { nextTurn } from "../compute/turn";
import { progress as progressBar, type Progress } from "../display";
import { currentSignal } from "../runtime/cancellation";
import { RunCache, type CacheStats } from "./cache";
import { resolveConfig, type Presets, type Scale } from "./scale";
import { toDataFrame, type DataFrame } from "../dataframe";
import type { Tables } from "./tables";
import type { RunSpec } from "./runSpec";
import { runLocal } from "./executors/local";
import { describeFailures, planTasks } from "./executors/tasks";

export interface StudyOptions {
  /** Preset (default "quick"). */
  scale?: Scale;
  /** Overrides of the preset's parameters (command line: --param key=value). */
  params?: Record<string, unknown>;
  /** Run directory: trained models and results are cached there and reused by later runs. */
  cacheDir?: string;
  signal?: AbortSignal;
  /** Show a progress bar over the runner's units of work (default true). */
  progress?: boolean;
  /**
   * Train the study's independent runs first in this many `polarlab train` processes at once (the local executor,
   * with a live display of the sweep), then run the study here on what they trained; needs cacheDir. Default: with
   * a cacheDir, one process per core (one OpenBLAS thread each: on a 2-core machine two such processes finish
   * sooner than one process with two threads, docs/decisions.md), except at smoke scale (seconds of training,
   * less than a process's start); otherwise 1, every run training in this process.
   */
  jobs?: number;
  /** OpenBLAS threads of each of those processes (default ⌊cores / jobs⌋). */
  threads?: number;
}

export interface StudyResult<C, T extends Tables = Tables> {
  study: string;
  scale: Scale;
  config: C;
  tables: T;
  seconds: number;
  /** Cache hits and misses of this run; `trainings` counts the models actually trained. */
  cache: CacheStats & { trainings: number };
  /**
   * One of the tables as a danfo.js DataFrame (danfojs loads on the first call). `table` may be left out when
   * the study has a single table. Not enumerable: the result still serialises as plain data.
   */
  toDataFrame(table?: keyof T & string): DataFrame;
}

/** Gives `result` its toDataFrame(table) method (non-enumerable). */
export function withDataFrames<C, T extends Tables>(result: Omit<StudyResult<C, T>, "toDataFrame">): StudyResult<C, T> {
  const toDataFrameOf = (table?: keyof T & string): DataFrame => {
    const names = Object.keys(result.tables);
    const name = table ?? (names.length === 1 ? names[0] : undefined);
    if (name === undefined || !Object.hasOwn(result.tables, name)) {
      const what = table === undefined ? `the study has ${names.length} tables, so name one` : `no table ${JSON.stringify(table)}`;
      throw new RangeError(`${result.study} result.toDataFrame(table): ${what}; expected one of ${names.join(", ")}`);
    }
    return toDataFrame(result.tables[name]);
  };
  return Object.defineProperty(result, "toDataFrame", { value: toDataFrameOf, enumerable: false }) as StudyResult<C, T>;
}

export interface StudyContext {
  cache: RunCache;
  signal?: AbortSignal;
  /** Counts models trained in this run (a fully cached re-run trains none). */
  trainings: number;
  /** Whether progress is shown (the study's bar and each training's own). */
  readonly progress: boolean;
  /** Marks one unit of work done (the runner announces the total with `plan`). */
  tick(): void;
  plan(total: number, label: string): void;
  /** Throws AbortError when aborted; yields to the event loop so an interrupt can arrive. */
  checkpoint(): Promise<void>;
  /**
   * Trains `specs` into the run directory on the local executor, `jobs` processes at once (runs already finished
   * there are skipped). Present only when the study's runs train on the executor (StudyOptions.jobs > 1): without
   * it, the study trains each run itself when it first needs it.
   */
  train?: (specs: RunSpec[]) => Promise<void>;
}

function makeContext(options: StudyOptions, signal: AbortSignal | undefined, train?: (specs: RunSpec[]) => Promise<number>): { ctx: StudyContext; finish(): void } {
  const show = options.progress ?? true;
  let bar: Progress | undefined;
  let done = 0;
  let total = 0;
  const ctx: StudyContext = {
    cache: new RunCache(options.cacheDir),
    signal,
    trainings: 0,
    progress: show,
    plan(units, label) {
      done = 0;
      total = units;
      bar = show ? progressBar({ total: units, label }) : undefined;
    },
    tick() {
      done += 1;
      bar?.update(done, { trained: ctx.trainings });
    },
    async checkpoint() {
      signal?.throwIfAborted();
      await nextTurn(signal);
      signal?.throwIfAborted();
    },
    ...(train ? { train: async (specs: RunSpec[]) => void (ctx.trainings += await train(specs)) } : {}),
  };
  const finish = () => {
    // The bar's done() draws it full: only when every unit ran (not on an abort or an error).
    if (done === total) bar?.done({ trained: ctx.trainings });
  };
  return { ctx, finish };
}

/** The training processes of the study's runs (see StudyOptions.jobs); 1 trains them in the study's own process. */
function jobsOf(study: string, options: StudyOptions): number {
  const jobs = options.jobs ?? (options.scale !== "smoke" && options.cacheDir ? os.availableParallelism() : 1);
  if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`${study}: jobs must be a positive integer, got ${JSON.stringify(options.jobs)}`);
  if (jobs > 1 && !options.cacheDir) throw new RangeError(`${study}: jobs ${jobs} needs cacheDir, the run directory the training processes write and the study reads`);
  return jobs;
}

/** Trains the runs of `specs` not yet finished in `dir` on the local executor, `jobs` at once; resolves to how many it trained. */
async function trainOnExecutor(study: string, label: string, specs: RunSpec[], dir: string, jobs: number, options: StudyOptions, signal: AbortSignal | undefined): Promise<number> {
  const { todo } = planTasks(specs, dir, dir);
  if (todo.length === 0) return 0;
  const failed = await runLocal(todo, { jobs, threads: options.threads, signal, progress: `${label} (${jobs} processes)` });
  signal?.throwIfAborted();
  if (failed.length > 0) {
    throw new Error(`${study}: ${failed.length} of ${todo.length} training runs failed; run the study again to retry only these:\n${describeFailures(failed)}`);
  }
  return todo.length;
}

/** Resolves the preset, runs `body` with a fresh context and wraps its tables with timings and cache use. */
export async function runStudy<C extends object, T extends Tables>(
  study: string,
  presets: Presets<C>,
  options: StudyOptions,
  body: (config: C, ctx: StudyContext) => Promise<T>,
): Promise<StudyResult<C, T>> {
  const scale = options.scale ?? "quick";
  const config = resolveConfig(study, presets, scale, options.params ?? {});
  const started = performance.now();
  await ensureBackend();
  const signal = options.signal ?? currentSignal();
  const jobs = jobsOf(study, options);
  // Loaded here, and only for the executor: the registry imports every study runner, and each of them imports this module.
  const definition = jobs > 1 ? (await import("./registry")).findStudy(study) : undefined;
  const dir = path.resolve(options.cacheDir ?? ".");
  const train = definition && ((specs: RunSpec[]) => trainOnExecutor(study, definition.name, specs, dir, jobs, options, signal));
  const { ctx, finish } = makeContext(options, signal, train);
  try {
    // The study's independent runs first, all at once on the executor.
    if (definition) await ctx.train!(await definition.runs(config, dir));
    const tables = await body(config, ctx);
    return withDataFrames({
      study,
      scale,
      config,
      tables,
      seconds: (performance.now() - started) / 1000,
      cache: { ...ctx.cache.stats, trainings: ctx.trainings },
    });
  } finally {
    finish();
  }
}
