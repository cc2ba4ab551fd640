// Live progress of a sweep of training runs on an executor: tasks pending, running, done and failed, and the
// estimated time left, read from the run directory (a finished run's run.json; the lock a training process holds on
// its run directory) and, for a Slurm sweep, from squeue's task states. Shown through toolkit/display: updated in
// place where the front end can (Jupyter), else printed as a line whenever the counts change (terminal, headless).
import * as fs from "node:fs";
import * as path from "node:path";
import { display, DISPLAY, getSink, type DisplayHandle, type MimeBundle } from "../../display";
import { escapeHtml } from "../../display/html";
import { formatDuration } from "../../display/progress";
import { LOCK_FILE } from "../../runtime/lock";
import { finishedRun, readRunSpec } from "../runSpec";
import { queued, submittedJobs } from "./slurm";
import { planTasks, type Task } from "./tasks";

export interface SweepCounts {
  total: number;
  pending: number;
  running: number;
  done: number;
  failed: number;
  /** Seconds left at the rate tasks have finished so far in this sweep; undefined before the first one finishes. */
  eta?: number;
}

/** What the executor knows beyond the run directory: the tasks it saw fail (local) or the queue's states (Slurm). */
export interface SweepSource {
  /** Hashes of tasks whose process exited without finishing (local executor). */
  failed?: ReadonlySet<string>;
  /** Array tasks in the queue by state (squeue: PENDING, RUNNING, …); given for a Slurm sweep. */
  queue?: Record<string, number>;
}

/**
 * Counts `tasks` now. done: a finished run in the task's run directory. Local: running = the run directory is locked
 * by a training process, failed = reported by the executor. Slurm: pending and running = the queue's PENDING and
 * other states; a task neither finished nor queued has failed (or was cancelled).
 */
export function sweepCounts(tasks: Task[], source: SweepSource = {}): Omit<SweepCounts, "eta"> {
  const open = tasks.filter((t) => !finishedRun(t.dir, t.spec));
  const done = tasks.length - open.length;
  if (source.queue) {
    const pending = Math.min(open.length, source.queue.PENDING ?? 0);
    const queued = Object.values(source.queue).reduce((a, b) => a + b, 0);
    const running = Math.min(open.length - pending, queued - (source.queue.PENDING ?? 0));
    return { total: tasks.length, pending, running, done, failed: open.length - pending - running };
  }
  const failed = open.filter((t) => source.failed?.has(t.hash)).length;
  const running = open.filter((t) => !source.failed?.has(t.hash) && fs.existsSync(path.join(t.dir, LOCK_FILE))).length;
  return { total: tasks.length, pending: open.length - failed - running, running, done, failed };
}

/** e.g. "similarity: 9 training runs: 4 pending, 2 running, 3 done, 0 failed; about 5m10s left". */
export function sweepText(label: string, c: SweepCounts): string {
  const left = c.pending + c.running === 0 ? "" : c.eta === undefined ? "; time left unknown until a run finishes" : `; about ${formatDuration(c.eta)} left`;
  return `${label}: ${c.total} training runs: ${c.pending} pending, ${c.running} running, ${c.done} done, ${c.failed} failed${left}`;
}

class SweepView {
  constructor(readonly text: string, readonly counts: SweepCounts) {}

  [DISPLAY](): MimeBundle {
    const c = this.counts;
    const bar = `<progress value="${c.total ? c.done / c.total : 1}" max="1" style="width:20em"></progress> `;
    return { "text/plain": this.text, "text/html": `<div class="polarlab-sweep">${bar}<code>${escapeHtml(this.text)}</code></div>` };
  }
}

/**
 * A sweep's progress display: `refresh(source)` re-reads the run directory (call it as often as convenient; a rich
 * front end is updated in place each time, a terminal gets a line only when the counts change).
 */
export class SweepProgress {
  private readonly started = performance.now();
  private readonly doneAtStart: number;
  private handle: DisplayHandle | undefined;
  private lastCounts = "";

  constructor(
    private readonly label: string,
    private readonly tasks: Task[],
  ) {
    this.doneAtStart = sweepCounts(tasks).done;
  }

  refresh(source: SweepSource = {}): SweepCounts {
    const counts: SweepCounts = sweepCounts(this.tasks, source);
    const finished = counts.done - this.doneAtStart;
    const seconds = (performance.now() - this.started) / 1000;
    if (finished > 0) counts.eta = ((counts.pending + counts.running) * seconds) / finished;
    const key = `${counts.pending}/${counts.running}/${counts.done}/${counts.failed}`;
    const changed = key !== this.lastCounts;
    if (!changed && !getSink().interactive) return counts;
    this.lastCounts = key;
    const view = new SweepView(sweepText(this.label, counts), counts);
    if (this.handle) void this.handle.update(view);
    else this.handle = display(view);
    return counts;
  }
}

/**
 * Watches a sweep that another process runs on `out` (e.g. `polarlab study NAME --out OUT --executor slurm
 * --no-wait`, or a local executor in a terminal) from a notebook cell: its tasks are the spec files in OUT/runs, its
 * Slurm jobs those recorded there. The display updates every `pollMs` until no task is pending or running in the
 * queue (Slurm), or no run directory has been locked by a training process for two polls running (local: a task
 * that is neither finished nor running is then shown as pending). `signal` stops it. Resolves to the last counts.
 */
export async function watchSweep(out: string, options: { cacheDir?: string; pollMs?: number; signal?: AbortSignal; label?: string } = {}): Promise<SweepCounts> {
  const runs = path.join(out, "runs");
  const files = fs.existsSync(runs) ? fs.readdirSync(runs).filter((f) => /^model-[0-9a-f]+\.json$/.test(f)).sort() : [];
  if (files.length === 0) throw new Error(`watchSweep: ${runs} holds no run specs (model-<hash>.json); start the sweep with polarlab study NAME --out ${out} --executor local|slurm`);
  const { all } = planTasks(files.map((f) => readRunSpec(path.join(runs, f))), out, options.cacheDir ?? path.join(out, "cache"));
  const jobs = submittedJobs(out).map((j) => j.jobId);
  const view = new SweepProgress(options.label ?? path.basename(out), all);
  let idle = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const counts = view.refresh(jobs.length > 0 ? { queue: queued(jobs) } : {});
    idle = counts.running === 0 ? idle + 1 : 0;
    if (counts.pending + counts.running === 0 || (jobs.length === 0 && idle >= 2)) return counts;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2000));
  }
}
