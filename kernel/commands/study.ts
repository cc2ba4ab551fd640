// polarlab study NAME [--scale smoke|quick|reference|paper] [--out DIR] [--cache DIR] [--param key=value ...]
//   [--executor inprocess|local|slurm] [--jobs N] [--threads T] [--partition P] [--time T] [--mem M] [--gres G]
//   [--cpus-per-task C] [--max-concurrent N] [--sbatch-arg ARG ...] [--no-wait]:
// runs a study runner headless (toolkit/studies) and writes its tables (CSV and JSON), its charts
// (SVG) and result.json (config, timings, cache use) into DIR. Trained models and results are cached
// in DIR/cache (or --cache), so re-running skips finished work; Ctrl-C or SIGTERM stops it cleanly
// between steps (exit 130 or 143). It runs supervised (./supervisor.ts): a step still busy 2 s after
// SIGTERM is killed, and finished work stays cached.
// With --executor local or slurm, the study's training runs (its RunSpecs) are first trained by
// `polarlab train` processes — N at once on this machine, or as one Slurm array job — and the study
// then aggregates them from the run directory; a re-run trains only what failed or is missing.
import { promises as fs, writeSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { SlurmOptions } from "../../toolkit/studies/executors";
import { EXIT_SIGINT, EXIT_SIGTERM, UsageError, type Command } from "./command";
import { announceSlowPath } from "./slow-path";

/**
 * toolkit/studies, loaded when the command runs: the CLI imports every command, and the toolkit (tfjs,
 * whose backend selection starts at import) must not load for `polarlab kernel`, `install` or `--help`.
 */
function studies(): typeof import("../../toolkit/studies") {
  require("../../toolkit/models"); // registers the model classes the study runners build
  return require("../../toolkit/studies");
}

const EXECUTORS = ["inprocess", "local", "slurm"] as const;

function positiveInt(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${flag} ${raw}: expected a positive integer`);
  return n;
}

function say(text: string): void {
  writeSync(2, `${text}\n`);
}

/**
 * Trains the study's runs on the local or Slurm executor; resolves to true when every run is finished
 * (the study can aggregate), false when runs failed (reported) or a Slurm job was left running (--no-wait).
 */
async function execute(
  lab: ReturnType<typeof studies>,
  definition: ReturnType<ReturnType<typeof studies>["findStudy"]>,
  config: object,
  executor: "local" | "slurm",
  out: string,
  cacheDir: string,
  values: Record<string, string | boolean | string[] | undefined>,
  local: { jobs: number; threads?: number },
  signal: AbortSignal,
): Promise<boolean> {
  const name = definition.name;
  const { activeJobs, describeFailures, planTasks, runLocal, submit, SweepProgress, unfinished, waitForJobs } = lab;
  if (executor === "slurm") {
    const active = activeJobs(out);
    if (active.length > 0) {
      if (values["no-wait"]) {
        say(`polarlab study ${name}: Slurm job ${active.join(", ")} of ${out} is still queued; run this again when it has finished`);
        return false;
      }
      say(`polarlab study ${name}: waiting for Slurm job ${active.join(", ")} submitted earlier`);
      await waitForJobs(active, (states) => say(`  queue: ${JSON.stringify(states)}`), signal);
    }
  }
  const { all, todo } = planTasks(await definition.runs(config, cacheDir), out, cacheDir);
  say(`polarlab study ${name}: ${todo.length} of ${all.length} training runs to do (${executor} executor)`);
  if (definition.inProcess && executor === "slurm") say(`polarlab study ${name}: trained afterwards in this process: ${definition.inProcess}`);
  if (todo.length > 0 && executor === "local") {
    await runLocal(todo, { ...local, signal, progress: `${name} (local executor, ${local.jobs} jobs)` });
  }
  if (todo.length > 0 && executor === "slurm") {
    const options: SlurmOptions = {
      partition: values.partition as string | undefined,
      time: values.time as string | undefined,
      mem: values.mem as string | undefined,
      gres: values.gres as string | undefined,
      cpusPerTask: positiveInt("cpus-per-task", values["cpus-per-task"] as string | undefined),
      maxConcurrent: positiveInt("max-concurrent", values["max-concurrent"] as string | undefined),
      extra: values["sbatch-arg"] as string[] | undefined,
    };
    const jobId = submit(name, todo, out, options);
    say(`polarlab study ${name}: submitted Slurm job ${jobId} with ${todo.length} array tasks; logs in ${path.join(out, "logs")}`);
    if (values["no-wait"]) {
      say(`polarlab study ${name}: not waiting; run the same command again to aggregate what finished and resubmit what failed`);
      return false;
    }
    const view = new SweepProgress(`${name} (Slurm job ${jobId})`, todo);
    await waitForJobs([jobId], (states) => view.refresh({ queue: states }), signal);
  }
  const missing = unfinished(all);
  if (missing.length > 0) {
    say(`polarlab study ${name}: ${missing.length} of ${all.length} training runs did not finish:\n${describeFailures(missing)}\nrun the same command again to retry only these`);
    return false;
  }
  return true;
}

export const study: Command = {
  name: "study",
  summary: "run a study runner headless and write its tables (CSV, JSON) and charts (SVG)",
  supervised: true,
  get usage() {
    return `polarlab study NAME [--scale smoke|quick|reference|paper] [--out DIR] [--cache DIR] [--param key=value ...]\n  [--executor inprocess|local|slurm] [--jobs N] [--threads T] [--partition P] [--time T] [--mem M] [--gres G] [--cpus-per-task C]\n  [--max-concurrent N] [--sbatch-arg ARG ...] [--no-wait]\n  NAME: ${Object.keys(studies().STUDIES).join(", ")}`;
  },
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        scale: { type: "string", short: "s" },
        out: { type: "string", short: "o" },
        cache: { type: "string" },
        param: { type: "string", multiple: true, short: "p" },
        executor: { type: "string" },
        jobs: { type: "string", short: "j" },
        threads: { type: "string" },
        partition: { type: "string" },
        time: { type: "string" },
        mem: { type: "string" },
        gres: { type: "string" },
        "cpus-per-task": { type: "string" },
        "max-concurrent": { type: "string" },
        "sbatch-arg": { type: "string", multiple: true },
        "no-wait": { type: "boolean" },
      },
    });
    if (positionals.length !== 1) throw new UsageError(`expected one study NAME, got ${positionals.length}`);
    const lab = studies();
    const executor = values.executor ?? "inprocess";
    if (!(EXECUTORS as readonly string[]).includes(executor)) throw new UsageError(`--executor ${executor}: expected one of ${EXECUTORS.join(", ")}`);
    // The local executor's processes: for the runs known in advance and for those the study asks for later.
    const local = executor === "local"
      ? { jobs: positiveInt("jobs", values.jobs as string | undefined) ?? 1, threads: positiveInt("threads", values.threads as string | undefined) }
      : { jobs: 1 };
    let definition;
    let scale;
    let params;
    let config;
    try {
      definition = lab.findStudy(positionals[0]);
      scale = lab.checkScale(values.scale ?? "quick");
      params = lab.parseParams(values.param ?? []);
      config = lab.resolveConfig(definition.name, definition.presets, scale, params);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    await announceSlowPath();
    const out = path.resolve(values.out ?? path.join("studies", `${definition.name}-${scale}`));
    const cacheDir = path.resolve(values.cache ?? path.join(out, "cache"));
    const controller = new AbortController();
    let stoppedBy: NodeJS.Signals | undefined;
    const stop = (signal: NodeJS.Signals) => {
      stoppedBy ??= signal;
      controller.abort();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    try {
      if (executor !== "inprocess" && !(await execute(lab, definition, config, executor as "local" | "slurm", out, cacheDir, values, local, controller.signal))) {
        return values["no-wait"] ? 0 : 1;
      }
      // The executors ran the runs known in advance above. The local one also trains what the study asks for later
      // (FONDUE's searches, in waves); --executor inprocess means this process only, at every scale.
      const result = await definition.run({ scale, params, cacheDir, signal: controller.signal, ...local });
      const written = await lab.writeTables(out, result.tables);
      const figures = definition.figures(result);
      for (const [name, chart] of Object.entries(figures)) written.push(await chart.save(path.join(out, `${name}.svg`)));
      const summary = { study: result.study, scale: result.scale, config: result.config, seconds: result.seconds, cache: result.cache, files: written.map((f) => path.relative(out, f)) };
      await fs.writeFile(path.join(out, "result.json"), JSON.stringify(summary, null, 1) + "\n");
      say(`polarlab study ${definition.name} (${scale}): ${result.seconds.toFixed(1)} s, ${result.cache.trainings} models trained; wrote ${written.length + 1} files to ${out}`);
      return 0;
    } catch (err) {
      if (controller.signal.aborted) {
        say(`polarlab study ${definition.name}: stopped by ${stoppedBy}; finished work is cached for the next run`);
        return stoppedBy === "SIGTERM" ? EXIT_SIGTERM : EXIT_SIGINT;
      }
      throw err;
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    }
  },
};
