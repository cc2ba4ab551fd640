// Progress bars for long loops: step/total, rate, ETA and the latest metrics, throttled to at most 10
// updates per second. Every emission after the first is an update of one display id: Jupyter redraws the bar
// in place, a headless run's notebook keeps the bar's last state (one output per bar, as nbclient stores
// update_display_data), and a terminal prints each update as a new line. Without a live front end (a
// terminal, a headless run) the bar emits at most once a second, plus the final state.
import type { MimeBundle } from "./protocol";
import { newDisplayId } from "./display";
import { escapeHtml } from "./html";
import { getSink } from "./sink";

export interface Progress {
  update(step: number, metrics?: Record<string, number>): void;
  done(metrics?: Record<string, number>): void;
}

export interface ProgressOptions {
  total?: number;
  label?: string;
}

const INTERACTIVE_INTERVAL_MS = 100; // 10 updates per second at most
const PLAIN_INTERVAL_MS = 1000;
const BAR_WIDTH = 30;

/** A progress bar over `total` steps (unknown total: counts steps without a bar or ETA). */
export function progress(options: ProgressOptions = {}): Progress {
  const { total, label = "" } = options;
  if (total !== undefined && !(Number.isFinite(total) && total >= 0)) {
    throw new RangeError(`progress({ total }): total is ${total}; expected a finite number >= 0 or undefined`);
  }
  return new ProgressBar(total, label);
}

class ProgressBar implements Progress {
  private readonly id = newDisplayId();
  private readonly start = performance.now();
  private lastEmit = -Infinity;
  private shown = false;
  private finished = false;
  private step = 0;
  private metrics: Record<string, number> = {};

  constructor(
    private readonly total: number | undefined,
    private readonly label: string,
  ) {}

  update(step: number, metrics?: Record<string, number>): void {
    if (!Number.isFinite(step)) throw new RangeError(`progress.update(step): step is ${step}; expected a finite number`);
    this.step = step;
    if (metrics) this.metrics = metrics;
    const now = performance.now();
    const interval = getSink().interactive ? INTERACTIVE_INTERVAL_MS : PLAIN_INTERVAL_MS;
    if (now - this.lastEmit >= interval) this.emit(now);
  }

  done(metrics?: Record<string, number>): void {
    if (this.finished) return;
    if (metrics) this.metrics = metrics;
    if (this.total !== undefined) this.step = Math.max(this.step, this.total);
    this.finished = true;
    this.emit(performance.now());
  }

  private emit(now: number): void {
    this.lastEmit = now;
    const sink = getSink();
    sink.display(this.bundle(now), { displayId: this.id, update: this.shown });
    this.shown = true;
  }

  private bundle(now: number): MimeBundle {
    const text = this.text(now);
    const fraction = this.total ? Math.min(1, this.step / this.total) : undefined;
    const bar = fraction === undefined ? "" : `<progress value="${fraction}" max="1" style="width:20em"></progress> `;
    return { "text/plain": text, "text/html": `<div class="polarlab-progress">${bar}<code>${escapeHtml(text)}</code></div>` };
  }

  /** e.g. "train [#########.....] 600/1000 60% 12.3 it/s ETA 32s loss=0.1234". */
  text(now: number): string {
    const seconds = (now - this.start) / 1000;
    const rate = seconds > 0 ? this.step / seconds : 0;
    const parts: string[] = [];
    if (this.label) parts.push(this.label);
    if (this.total !== undefined) {
      const fraction = this.total > 0 ? Math.min(1, this.step / this.total) : 1;
      const filled = Math.round(fraction * BAR_WIDTH);
      parts.push(`[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}]`, `${this.step}/${this.total}`, `${Math.round(fraction * 100)}%`);
    } else {
      parts.push(`step ${this.step}`);
    }
    parts.push(`${formatRate(rate)} it/s`);
    if (this.finished) parts.push(`in ${formatDuration(seconds)}`);
    else if (this.total !== undefined && rate > 0) parts.push(`ETA ${formatDuration(Math.max(0, this.total - this.step) / rate)}`);
    for (const [k, v] of Object.entries(this.metrics)) parts.push(`${k}=${formatMetric(v)}`);
    return parts.join(" ");
  }
}

function formatRate(r: number): string {
  return r >= 100 ? r.toFixed(0) : r.toFixed(1);
}

function formatMetric(v: number): string {
  return typeof v === "number" && Number.isFinite(v) && !Number.isInteger(v) ? v.toPrecision(4) : String(v);
}

/** 7.5 → "7.5s", 130 → "2m10s", 7260 → "2h1m": durations in progress lines. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${Math.round(seconds % 60)}s`;
  return `${Math.floor(m / 60)}h${m % 60}m`;
}
