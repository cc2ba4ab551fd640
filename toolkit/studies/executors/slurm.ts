// The Slurm executor: one `sbatch --array` job whose task i runs `polarlab train` on the i-th unfinished spec
// (a shared filesystem holds the run directory), with per-task logs in DIR/logs; the submitted job ids are kept in
// DIR/runs/slurm-jobs.json so that a later run waits for a job still in the queue instead of submitting it again.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { POLARLAB_BIN } from "../../runtime/bin";
import { writeFileAtomic } from "../../runtime/files";
import type { Task } from "./tasks";

export interface SlurmOptions {
  partition?: string;
  /** Wall-clock limit per task (sbatch --time, e.g. "02:00:00"). */
  time?: string;
  /** Memory per task (sbatch --mem, e.g. "8G"). */
  mem?: string;
  /** Generic resources per task (sbatch --gres, e.g. "gpu:1"). */
  gres?: string;
  cpusPerTask?: number;
  /** At most this many tasks at once (the array's %N). */
  maxConcurrent?: number;
  /** Further sbatch arguments, passed as given. */
  extra?: string[];
}

/** `value` quoted for bash (single quotes). */
function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The batch script of one array job over `tasks`. */
export function batchScript(name: string, tasks: Task[], out: string, options: SlurmOptions): string {
  const array = `0-${tasks.length - 1}${options.maxConcurrent ? `%${options.maxConcurrent}` : ""}`;
  const lines = [
    "#!/bin/bash",
    `#SBATCH --job-name=${quote(`polarlab-${name}`)}`,
    `#SBATCH --array=${array}`,
    `#SBATCH --output=${quote(path.join(out, "logs", "slurm-%A_%a.out"))}`,
    ...(options.partition ? [`#SBATCH --partition=${quote(options.partition)}`] : []),
    ...(options.time ? [`#SBATCH --time=${quote(options.time)}`] : []),
    ...(options.mem ? [`#SBATCH --mem=${quote(options.mem)}`] : []),
    ...(options.gres ? [`#SBATCH --gres=${quote(options.gres)}`] : []),
    ...(options.cpusPerTask ? [`#SBATCH --cpus-per-task=${options.cpusPerTask}`] : []),
    "set -euo pipefail",
    `specs=(${tasks.map((t) => quote(t.specFile)).join(" ")})`,
    `dirs=(${tasks.map((t) => quote(t.dir)).join(" ")})`,
    `logs=(${tasks.map((t) => quote(t.log)).join(" ")})`,
    "i=$SLURM_ARRAY_TASK_ID",
    `export OPENBLAS_NUM_THREADS=\${SLURM_CPUS_PER_TASK:-1} POLARLAB_QUIET=1`,
    `echo "task $i on $(hostname), job \${SLURM_ARRAY_JOB_ID}_$i" >> "\${logs[$i]}"`,
    `exec ${quote(process.execPath)} ${quote(POLARLAB_BIN)} train "\${specs[$i]}" --out "\${dirs[$i]}" >> "\${logs[$i]}" 2>&1`,
    "",
  ];
  return lines.join("\n");
}

function jobsFile(out: string): string {
  return path.join(out, "runs", "slurm-jobs.json");
}

/** Submits one array job over `tasks`; returns its job id. The extra sbatch arguments come before the script. */
export function submit(name: string, tasks: Task[], out: string, options: SlurmOptions): string {
  const script = path.join(out, "runs", `submit-${Date.now()}.sh`);
  writeFileAtomic(script, batchScript(name, tasks, out, options));
  const stdout = execFileSync("sbatch", ["--parsable", ...(options.extra ?? []), script], { encoding: "utf8" });
  const jobId = stdout.trim().split(";")[0];
  if (!/^\d+$/.test(jobId)) throw new Error(`sbatch printed ${JSON.stringify(stdout)}; expected a job id`);
  const jobs = submittedJobs(out);
  writeFileAtomic(jobsFile(out), JSON.stringify([...jobs, { jobId, script, tasks: tasks.map((t) => t.hash) }], null, 1) + "\n");
  return jobId;
}

/** The Slurm jobs submitted for the run directory `out`, oldest first. */
export function submittedJobs(out: string): { jobId: string; tasks: string[] }[] {
  const file = jobsFile(out);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as { jobId: string; tasks: string[] }[]) : [];
}

/** Array tasks of `jobIds` still in the queue, by state (PENDING, RUNNING, …). */
export function queued(jobIds: string[]): Record<string, number> {
  if (jobIds.length === 0) return {};
  let stdout: string;
  try {
    stdout = execFileSync("squeue", ["-h", "-r", "-j", jobIds.join(","), "-o", "%T"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch {
    return {}; // squeue refuses ids that have left the queue entirely
  }
  const counts: Record<string, number> = {};
  for (const state of stdout.split("\n").map((l) => l.trim()).filter(Boolean)) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}

/** The jobs of this run directory that still have tasks in the queue. */
export function activeJobs(out: string): string[] {
  return submittedJobs(out).map((j) => j.jobId).filter((id) => Object.keys(queued([id])).length > 0);
}

/** Waits until none of `jobIds` has a task in the queue, reporting the queue's states whenever they change. */
export async function waitForJobs(jobIds: string[], report: (states: Record<string, number>) => void, signal?: AbortSignal, pollMs = 1000): Promise<void> {
  let last = "";
  for (;;) {
    signal?.throwIfAborted();
    const states = queued(jobIds);
    const text = JSON.stringify(states);
    if (text !== last) report(states);
    last = text;
    if (Object.keys(states).length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
