// Training curves: the logged loss terms against the step (the trainer's history rows, toolkit/train),
// one panel per term, and a live version that redraws itself in place while training runs through an
// updatable display (toolkit/display display() / DisplayHandle.update).
import { Chart } from "./chart";
import { finiteAt, requireFields, toRows, type Row, type TableInput } from "./data";
import { display, type DisplayHandle } from "../display";
import { PANEL, themed, SERIES_COLORS, type TitleOptions } from "./theme";

export interface TrainingOptions extends TitleOptions {
  /** The step column (default "step"). */
  x?: string;
  /** Terms to draw (default: every numeric column but the step and the per-dimension kl_0, kl_1, …). */
  terms?: readonly string[];
  /** "facet": one panel per term with its own y scale (default); "overlay": one panel, one line per term. */
  layout?: "facet" | "overlay";
  /** y axis title (default "value (nats)": loss terms are negative log-likelihoods and KLs in nats). */
  yTitle?: string;
  /** Logarithmic y axis (only when every value is > 0). */
  logY?: boolean;
  /** Panels per row when faceted (default 3). */
  columns?: number;
}

const PER_DIMENSION_KL = /^kl_\d+$/;

/** The numeric columns of the first row other than x and the per-dimension KL columns. */
function defaultTerms(rows: Row[], x: string): string[] {
  return Object.keys(rows[0]).filter((k) => k !== x && !PER_DIMENSION_KL.test(k) && typeof rows[0][k] === "number");
}

/** Long rows {step, term, value}; non-finite values are an error naming the step and term. */
export function trainingRows(rows: Row[], x: string, terms: readonly string[]): { step: number; term: string; value: number }[] {
  requireFields(rows, [x, ...terms], "history");
  return rows.flatMap((r, i) => terms.map((term) => ({ step: finiteAt(r, x, i, "history"), term, value: finiteAt(r, term, i, "history") })));
}

/** Loss terms against training step (history rows {step, loss, <term>…} as train() returns). */
export function trainingCurves(history: TableInput, options: TrainingOptions = {}): Chart {
  const x = options.x ?? "step";
  const rows = toRows(history, "history");
  requireFields(rows, [x], "history");
  const terms = options.terms ?? defaultTerms(rows, x);
  if (terms.length === 0) throw new RangeError(`trainingCurves: history has no numeric term columns besides "${x}" (columns: ${Object.keys(rows[0]).join(", ")})`);
  const values = trainingRows(rows, x, terms);
  if (options.logY && values.some((v) => v.value <= 0)) throw new RangeError(`options.logY: every value must be > 0 for a log axis; a term has values <= 0`);
  const y = { field: "value", type: "quantitative", title: options.yTitle ?? "value (nats)", scale: options.logY ? { type: "log" } : { zero: false } };
  const color = { field: "term", type: "nominal", scale: { domain: [...terms], range: terms.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]) }, title: "term" };
  const xEnc = { field: "step", type: "quantitative", title: "training step" };
  const tooltip = [{ field: "term", type: "nominal" }, { field: "step", type: "quantitative" }, { field: "value", type: "quantitative", format: ".4g" }];
  const mark = { type: "line", strokeWidth: 1.5 };
  const body: Record<string, unknown> =
    (options.layout ?? "facet") === "facet" && terms.length > 1
      ? {
          data: { values },
          facet: { field: "term", type: "nominal", sort: [...terms], title: null },
          columns: options.columns ?? 3,
          spec: { width: PANEL.facetWidth + 40, height: PANEL.facetHeight, mark, encoding: { x: xEnc, y, color: { ...color, legend: null }, tooltip } },
          resolve: { scale: { y: "independent" } },
        }
      : { data: { values }, width: PANEL.width, height: PANEL.height, mark, encoding: { x: xEnc, y, color, tooltip } };
  return new Chart(themed(body, { title: options.title ?? "Training", subtitle: options.subtitle }));
}

export interface LiveTrainingOptions extends TrainingOptions {
  /** Least time between two redraws in ms (default 1000): rendering the SVG costs tens of ms. */
  minIntervalMs?: number;
  /** Keep at most this many rows, dropping every other old row when full (default 2000). */
  maxRows?: number;
  /** Where to show it (default toolkit/display's display(); injectable for tests). */
  show?: (value: unknown) => Promise<DisplayHandle>;
}

/**
 * A training chart that redraws itself in place. push(row) adds a logged row (e.g. from the
 * trainer's logging), redrawing at most every minIntervalMs; flush() draws the latest rows.
 */
export class LiveTrainingChart {
  readonly rows: Row[] = [];
  private handle?: DisplayHandle;
  private lastDraw = -Infinity;
  private dirty = false;
  private drawing: Promise<void> = Promise.resolve();
  private readonly minIntervalMs: number;
  private readonly maxRows: number;

  constructor(private readonly options: LiveTrainingOptions = {}) {
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    if (!(this.minIntervalMs >= 0)) throw new RangeError(`options.minIntervalMs: expected a number >= 0, got ${this.minIntervalMs}`);
    this.maxRows = options.maxRows ?? 2000;
    if (!Number.isInteger(this.maxRows) || this.maxRows < 2) throw new RangeError(`options.maxRows: expected an integer >= 2, got ${this.maxRows}`);
  }

  /** The chart of the rows so far. */
  chart(): Chart {
    return trainingCurves(this.rows, this.options);
  }

  /** Adds a row; redraws when minIntervalMs has passed since the last redraw. */
  push(row: Row): Promise<void> {
    this.rows.push({ ...row });
    this.thin();
    this.dirty = true;
    if (Date.now() - this.lastDraw < this.minIntervalMs) return this.drawing;
    return this.redraw();
  }

  /** Draws the latest rows now if anything changed since the last redraw. */
  flush(): Promise<void> {
    return this.dirty ? this.redraw() : this.drawing;
  }

  /** Long runs keep every other old row so that the spec (and its SVG) stay small. */
  private thin(): void {
    if (this.rows.length <= this.maxRows) return;
    const half = Math.floor(this.rows.length / 2);
    const old = this.rows.slice(0, half).filter((_, i) => i % 2 === 0);
    this.rows.splice(0, half, ...old);
  }

  /** Redraws are chained so that two updates never race and the last one shown is the newest. */
  private redraw(): Promise<void> {
    this.dirty = false;
    this.lastDraw = Date.now();
    const chart = this.chart();
    this.drawing = this.drawing.then(async () => {
      if (this.handle) await this.handle.update(chart);
      else this.handle = await (this.options.show ?? display)(chart);
    });
    return this.drawing;
  }
}

/** A LiveTrainingChart: `const live = liveTrainingChart(); … await live.push(row); … await live.flush();` */
export function liveTrainingChart(options: LiveTrainingOptions = {}): LiveTrainingChart {
  return new LiveTrainingChart(options);
}
