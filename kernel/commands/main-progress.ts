// What `polarlab main` shows while it runs: before each notebook its expected time and the time left in all,
// while it runs a live line (rewritten in place on a terminal, one line a minute in a log), and at the end the
// table of wall times, which it also records for the next run's estimates (kernel/commands/timings.ts).
import * as path from "node:path";
import {
  formatDuration, formatLeft, progressLine, readTimings, recordTimings, recordedSeconds, secondsLeft, speedFactor,
  timingTable, TIMINGS_FILE, type ComputePath, type Timings,
} from "./timings";

/** The reference wall times shipped with the notebooks (fresh runs, no caches). */
export function referenceTimingsFile(notebookDir: string): string {
  return path.join(notebookDir, TIMINGS_FILE);
}

export interface MainProgressOptions {
  outDir: string;
  notebookDir: string;
  scale: string;
  compute: ComputePath;
  names: string[];
  /** Where lines go (stdout by default). */
  write?: (text: string) => void;
  /** Rewrite the live line in place (a terminal) rather than print one per `logEverySeconds`. */
  inPlace?: boolean;
  tickSeconds?: number;
  logEverySeconds?: number;
}

interface Finished { name: string; ok: boolean; seconds: number; recorded?: number; estimate?: number }

export class MainProgress {
  private readonly local: Timings;
  private readonly reference: Timings;
  private readonly finished: Finished[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly write: (text: string) => void;

  constructor(private readonly options: MainProgressOptions) {
    this.local = readTimings(path.join(options.outDir, TIMINGS_FILE));
    this.reference = readTimings(referenceTimingsFile(options.notebookDir));
    this.write = options.write ?? ((text) => process.stdout.write(text));
  }

  private recorded(name: string): number | undefined {
    return recordedSeconds(name, this.options.scale, this.options.compute, this.local, this.reference);
  }

  private pending(): string[] {
    return this.options.names.slice(this.finished.length);
  }

  /** The time left in all, as words, with the running notebook `elapsed` seconds in. */
  left(elapsed = 0): string {
    const pending = this.pending().map((n) => this.recorded(n));
    const left = secondsLeft(pending, speedFactor(this.finished), elapsed);
    return formatLeft(left, pending.filter((r) => r === undefined).length);
  }

  /** The expected seconds of a notebook on this machine (its record times the speed so far). */
  expected(name: string): number | undefined {
    const recorded = this.recorded(name);
    return recorded === undefined ? undefined : recorded * speedFactor(this.finished);
  }

  /** Announces the next notebook and starts its live line. */
  start(name: string): void {
    const expected = this.expected(name);
    const index = this.finished.length + 1;
    this.write(`\n▶ ${name} (${index} of ${this.options.names.length}; ${expected === undefined ? "no earlier time" : `~${formatDuration(expected)}`}; ${this.left()} in all)\n`);
    const started = performance.now();
    const tick = this.options.tickSeconds ?? (this.options.inPlace ? 5 : 60);
    const every = this.options.inPlace ? tick : (this.options.logEverySeconds ?? 60);
    this.timer = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      const line = progressLine(name, elapsed, expected, this.left(elapsed));
      this.write(this.options.inPlace ? `\r${line}\x1b[K` : `${line}\n`);
    }, every * 1000);
    this.timer.unref();
  }

  /** Stops the live line and counts the notebook as done. */
  finish(name: string, ok: boolean, seconds: number): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.options.inPlace) this.write("\r\x1b[K");
    this.finished.push({ name, ok, seconds, recorded: this.recorded(name), estimate: this.expected(name) });
  }

  /** The table of wall times; records the successful notebooks' times in DIR/timings.json for the next run. */
  close(): string {
    if (this.timer) clearInterval(this.timer);
    const ok = Object.fromEntries(this.finished.filter((f) => f.ok).map((f) => [f.name, Math.round(f.seconds * 10) / 10]));
    if (Object.keys(ok).length > 0) recordTimings(path.join(this.options.outDir, TIMINGS_FILE), this.options.scale, this.options.compute, ok);
    return timingTable(this.finished);
  }
}
