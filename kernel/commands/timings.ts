// Wall times of `polarlab main`'s notebooks: estimates of the time left before and during a run, a live line per
// notebook, and the table of wall times at the end. Estimates come from recorded wall times, per scale and compute
// path: this output folder's earlier runs first (they share its caches), else notebooks/timings.json (fresh runs
// on a reference machine), scaled by how fast this run has been against them so far (docs/decisions.md,
// "The main job").
import * as fs from "node:fs";
import { writeFileAtomic } from "../../toolkit/runtime/files";

/** The compute path a run takes, which sets its speed: native TensorFlow, the native kernels, or neither. */
export type ComputePath = "tensorflow" | "native" | "plain";

/** Seconds per notebook name, by scale, by compute path. */
export type Timings = Record<string, Partial<Record<ComputePath, Record<string, number>>>>;

export const TIMINGS_FILE = "timings.json";

function isSecondsTable(value: unknown): value is Record<string, number> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    Object.values(value).every((s) => typeof s === "number" && Number.isFinite(s) && s >= 0);
}

/** Reads a timings file; a missing file is empty, a malformed one is an error naming the file and the entry. */
export function readTimings(file: string): Timings {
  if (!fs.existsSync(file)) return {};
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message}); expected {scale: {computePath: {notebook: seconds}}}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new Error(`${file}: expected an object {scale: {computePath: {notebook: seconds}}}, got ${JSON.stringify(data)}`);
  }
  for (const [scale, paths] of Object.entries(data)) {
    for (const [compute, table] of Object.entries(paths as object)) {
      if (!isSecondsTable(table)) {
        throw new Error(`${file}: ${scale}.${compute} must map notebook names to seconds >= 0, got ${JSON.stringify(table)}`);
      }
    }
  }
  return data as Timings;
}

/** Adds this run's wall times to the file (other scales, paths and notebooks kept): temp file, fsync, rename. */
export function recordTimings(file: string, scale: string, compute: ComputePath, seconds: Record<string, number>): void {
  const timings = readTimings(file);
  const byPath = (timings[scale] ??= {});
  byPath[compute] = { ...(byPath[compute] ?? {}), ...seconds };
  writeFileAtomic(file, JSON.stringify(timings, null, 1) + "\n");
}

/** The recorded seconds of one notebook at a scale on a compute path: this folder's runs first, else the reference. */
export function recordedSeconds(name: string, scale: string, compute: ComputePath, local: Timings, reference: Timings): number | undefined {
  return local[scale]?.[compute]?.[name] ?? reference[scale]?.[compute]?.[name];
}

/**
 * How long this machine takes against the recorded times so far: the sum of the finished notebooks' wall times
 * over the sum of their recorded times (1 before any finished notebook had a record).
 */
export function speedFactor(done: { seconds: number; recorded?: number }[]): number {
  const timed = done.filter((d) => d.recorded !== undefined && d.recorded > 0);
  const recorded = timed.reduce((s, d) => s + d.recorded!, 0);
  return recorded > 0 ? timed.reduce((s, d) => s + d.seconds, 0) / recorded : 1;
}

/**
 * Seconds left: the recorded times of the notebooks not yet finished, times the speed factor, less the time the
 * running one has had (never below zero for it). Undefined when a notebook still to run has no record: then
 * no honest total exists; `known` is the part that has one.
 */
export function secondsLeft(pending: (number | undefined)[], factor: number, runningElapsed = 0): TimeLeft {
  let known = 0;
  let overdue = false;
  for (const [i, recorded] of pending.entries()) {
    if (recorded === undefined) continue;
    const expected = recorded * factor;
    if (i === 0 && runningElapsed > expected) overdue = true;
    known += i === 0 ? Math.max(0, expected - runningElapsed) : expected;
  }
  const left: TimeLeft = { total: pending.every((r) => r !== undefined) ? known : undefined, known };
  return overdue ? { ...left, overdue } : left;
}

/** Seconds left in all; `overdue` when the running notebook has already taken longer than expected. */
export interface TimeLeft {
  total?: number;
  known: number;
  overdue?: boolean;
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`formatDuration: seconds is ${seconds}; expected a finite number >= 0`);
  const s = Math.round(seconds);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return hh > 0 ? `${hh}:${String(mm).padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
}

/**
 * "~12:30 left"; where some notebook has no record, "≥ ~3:10 left (no earlier time for 2 notebooks)"; when the
 * running notebook is overdue, what is left after it ("~4:00 left after this notebook").
 */
export function formatLeft(left: TimeLeft, unrecorded: number): string {
  const after = left.overdue ? " after this notebook" : "";
  if (left.total !== undefined) return `~${formatDuration(left.total)} left${after}`;
  return `≥ ~${formatDuration(left.known)} left${after} (no earlier time for ${unrecorded} notebook${unrecorded === 1 ? "" : "s"})`;
}

/** The live line of the running notebook: elapsed, a bar against its expected time, and the time left in all. */
export function progressLine(name: string, elapsed: number, expected: number | undefined, left: string): string {
  if (expected === undefined || expected <= 0) return `  ${name}: ${formatDuration(elapsed)} elapsed (no earlier time to compare); ${left}`;
  const fraction = Math.min(1, elapsed / expected);
  const width = 20;
  const filled = Math.round(fraction * width);
  const over = elapsed > expected ? ", longer than expected" : "";
  return `  ${name}: [${"#".repeat(filled)}${".".repeat(width - filled)}] ${formatDuration(elapsed)} of ~${formatDuration(expected)}${over}; ${left}`;
}

/** The closing table: each notebook's wall time, its estimate before it started, and the total. */
export function timingTable(rows: { name: string; ok: boolean; seconds: number; estimate?: number }[]): string {
  const header = ["notebook", "wall time", "estimate", "status"];
  const body = rows.map((r) => [r.name, formatDuration(r.seconds), r.estimate === undefined ? "-" : `~${formatDuration(r.estimate)}`, r.ok ? "ok" : "FAILED"]);
  const total = rows.reduce((s, r) => s + r.seconds, 0);
  body.push(["total", formatDuration(total), "", ""]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.slice(0, -1).map(line), widths.map((w) => "-".repeat(w)).join("  "), line(body[body.length - 1])].join("\n");
}
