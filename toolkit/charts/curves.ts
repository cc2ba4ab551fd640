// Curves with uncertainty bands over seeds: mean ± sample sd (or ± 2 standard errors, or min–max) of a metric against a
// hyperparameter or training step, several series, optional panels and vertical markers.
// Figures: KL vs β (VGON Fig. 3); TC / MI / effective rank of mean vs sampled (thesis Figs. 6.6–6.8);
// ID vs k (Fig. 8.4); elbow plots with FONDUE's n marked (Figs. 8.5–8.8); Mathieu Fig. 4.
import { Chart } from "./chart";
import { finiteAt, finiteOrNull, missingNote, requireFields, toRows, type Row, type TableInput } from "./data";
import { MARKER_COLOR, PANEL, seriesScale, themed, type TitleOptions } from "./theme";

export type Band = "sd" | "se2" | "minmax" | "none";

export interface Marker {
  /** Position on the x axis (e.g. the n FONDUE returned). */
  value: number;
  /** Legend label (e.g. "FONDUE"); markers with different labels get different dash patterns. */
  label: string;
}

export interface CurveOptions extends TitleOptions {
  x: string;
  y: string;
  /** Column naming the series (one line each); none: a single series. */
  series?: string;
  /** Column whose values become separate panels with their own y scale (e.g. "metric", "dataset"). */
  facet?: string;
  /** Panels per row when faceted (default 3). */
  columns?: number;
  /** "sd": mean ± sample standard deviation (ddof 1, default); "se2": mean ± 2 standard errors (2·sd/√runs, Mathieu et
   *  al. Figs. 2 and 4); "minmax": the range over runs; "none". */
  band?: Band;
  xTitle?: string;
  yTitle?: string;
  xScale?: "linear" | "log" | "symlog";
  yScale?: "linear" | "log" | "symlog";
  /** Vertical lines at chosen x values, drawn in every panel. */
  markers?: readonly Marker[];
  /** Legend title of the series (default the series column). */
  seriesTitle?: string;
  /** Explicit order (and colours, by position) of the series. */
  seriesOrder?: readonly string[];
}

export interface SummaryRow {
  x: number;
  series: string;
  facet?: string;
  mean: number;
  lo: number;
  hi: number;
  sd: number;
  min: number;
  max: number;
  runs: number;
}

/** Mean and sample standard deviation (ddof 1; 0 for a single value) of a non-empty list. */
export function meanSd(ys: readonly number[]): { mean: number; sd: number } {
  const n = ys.length;
  const mean = ys.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(ys.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd };
}

/**
 * Mean, sample sd (ddof 1; 0 for a single run), min and max of y per (facet, series, x), sorted by x;
 * null y values are left out (a group with no value at all is dropped; see countMissing).
 * lo/hi are mean ∓ sd for band "sd", mean ∓ 2·sd/√n for "se2", min/max for "minmax", the mean for "none".
 */
export function summariseRuns(rows: readonly Row[], options: Pick<CurveOptions, "x" | "y" | "series" | "facet" | "band">): SummaryRow[] {
  requireFields(rows, [options.x, options.y, ...(options.series ? [options.series] : []), ...(options.facet ? [options.facet] : [])], "data");
  const groups = new Map<string, { x: number; series: string; facet?: string; ys: number[] }>();
  rows.forEach((r, i) => {
    const x = finiteAt(r, options.x, i, "data");
    const series = options.series ? String(r[options.series]) : options.y;
    const facet = options.facet ? String(r[options.facet]) : undefined;
    const key = JSON.stringify([facet, series, x]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { x, series, facet, ys: [] }));
    const y = finiteOrNull(r, options.y, i, "data");
    if (y !== null) g.ys.push(y);
  });
  const band = options.band ?? "sd";
  const out = [...groups.values()].filter((g) => g.ys.length > 0).map(({ ys, ...g }) => {
    const n = ys.length;
    const { mean, sd } = meanSd(ys);
    const min = Math.min(...ys);
    const max = Math.max(...ys);
    const se2 = (2 * sd) / Math.sqrt(n);
    const [lo, hi] = band === "sd" ? [mean - sd, mean + sd] : band === "se2" ? [mean - se2, mean + se2] : band === "minmax" ? [min, max] : [mean, mean];
    const row: SummaryRow = { ...g, mean, lo, hi, sd, min, max, runs: n };
    if (row.facet === undefined) delete row.facet;
    return row;
  });
  return out.sort((a, b) => a.x - b.x);
}

/** How many rows hold null / undefined in the field (what the chart's subtitle reports as left out). */
export function countMissing(rows: readonly Row[], field: string): number {
  return rows.reduce((a, r) => a + (r[field] === null || r[field] === undefined ? 1 : 0), 0);
}

const BAND_TEXT: Record<Band, string> = { sd: "mean ± sd over runs", se2: "mean ± 2 standard errors over runs", minmax: "mean and min–max over runs", none: "mean over runs" };

/** Log scales take no `zero` (vega-lite warns); symlog and linear start at the data, not at 0. */
export function axisScale(type: CurveOptions["xScale"]): Record<string, unknown> {
  if (type === "log") return { type, nice: false };
  return type === "symlog" ? { type, zero: false } : { zero: false };
}

/** The layers of one panel: band, line, points and the markers (rows tagged kind "marker"). */
export function curveLayers(options: CurveOptions, seriesNames: string[]): Record<string, unknown>[] {
  const x = { field: "x", type: "quantitative", title: options.xTitle ?? options.x, scale: axisScale(options.xScale) };
  // One legend merged over band, line and points; drawn as opaque strokes, not as the pale band.
  const legend = { symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1 };
  const color = { field: "series", type: "nominal", scale: { ...seriesScale(options.seriesOrder ?? seriesNames) }, title: options.seriesTitle ?? options.series ?? "series", legend };
  const curve = { filter: "datum.kind === 'curve'" };
  const yTitle = options.yTitle ?? options.y;
  const layers: Record<string, unknown>[] = [];
  if ((options.band ?? "sd") !== "none") {
    layers.push({
      transform: [curve],
      mark: { type: "area", opacity: 0.2 },
      encoding: { x, y: { field: "lo", type: "quantitative", title: yTitle, scale: axisScale(options.yScale) }, y2: { field: "hi" }, color },
    });
  }
  const tooltip = [
    { field: "series", type: "nominal" },
    { field: "x", type: "quantitative", title: options.x },
    { field: "mean", type: "quantitative", format: ".4g" },
    { field: "sd", type: "quantitative", format: ".3g" },
    { field: "min", type: "quantitative", format: ".4g" },
    { field: "max", type: "quantitative", format: ".4g" },
    { field: "runs", type: "quantitative" },
  ];
  const y = { field: "mean", type: "quantitative", title: yTitle, scale: axisScale(options.yScale) };
  layers.push({ transform: [curve], mark: { type: "line" }, encoding: { x, y, color } });
  layers.push({ transform: [curve], mark: { type: "point" }, encoding: { x, y, color, tooltip } });
  if (options.markers?.length) {
    const labels = [...new Set(options.markers.map((m) => m.label))];
    layers.push({
      transform: [{ filter: "datum.kind === 'marker'" }],
      mark: { type: "rule", color: MARKER_COLOR, strokeWidth: 1.5 },
      encoding: {
        x: { field: "x", type: "quantitative" },
        strokeDash: { field: "label", type: "nominal", title: "marked n", scale: { domain: labels, range: labels.map((_, i) => (i === 0 ? [1, 0] : [6 - i, 3])) } },
        tooltip: [{ field: "label", type: "nominal" }, { field: "x", type: "quantitative", title: options.x }],
      },
    });
  }
  return layers;
}

/** Extra rows (tagged by their own `kind`) and the layers that draw them, on top of the curves. */
export interface CurveExtras {
  values: Record<string, unknown>[];
  layers: Record<string, unknown>[];
}

/** The Chart of summary rows (and marker rows) laid out as one panel or a facet wrap. */
export function curveChart(summary: SummaryRow[], options: CurveOptions, defaultTitle: string, missing: number, extras?: CurveExtras): Chart {
  const seriesNames = [...new Set(summary.map((s) => s.series))];
  const facets = options.facet ? [...new Set(summary.map((s) => s.facet as string))] : [undefined];
  (options.markers ?? []).forEach((m, i) => {
    if (!Number.isFinite(m.value)) throw new RangeError(`options.markers[${i}].value: expected a finite number, got ${m.value}`);
  });
  const markerRows = (options.markers ?? []).flatMap((m) => facets.map((f) => ({ kind: "marker", x: m.value, label: m.label, ...(f === undefined ? {} : { facet: f }) })));
  const values = [...summary.map((s) => ({ kind: "curve", ...s })), ...markerRows, ...(extras?.values ?? [])];
  const layer = [...curveLayers(options, seriesNames), ...(extras?.layers ?? [])];
  const body: Record<string, unknown> = { data: { values } };
  if (options.facet) {
    Object.assign(body, {
      facet: { field: "facet", type: "nominal", sort: facets, title: options.facet },
      columns: options.columns ?? 3,
      spec: { width: PANEL.facetWidth + 40, height: PANEL.facetHeight, layer },
      resolve: { scale: { y: "independent" } },
    });
  } else Object.assign(body, { width: PANEL.width, height: PANEL.height, layer });
  const note = missingNote(missing);
  const subtitle = options.subtitle ?? [BAND_TEXT[options.band ?? "sd"], note].filter(Boolean).join("; ");
  return new Chart(themed(body, { title: options.title ?? defaultTitle, subtitle }));
}

/**
 * Mean curves with an uncertainty band over runs (seeds). Rows: one per run and x, e.g.
 * {beta, kl, model, seed}: uncertaintyCurves(rows, { x: "beta", y: "kl", series: "model", yTitle: "KL (nats)" }).
 */
export function uncertaintyCurves(data: TableInput, options: CurveOptions): Chart {
  const rows = toRows(data);
  const summary = summariseRuns(rows, options);
  return curveChart(summary, options, `${options.yTitle ?? options.y} against ${options.xTitle ?? options.x}`, countMissing(rows, options.y));
}

/**
 * Elbow plots (thesis Figs. 8.5–8.8): metrics (reconstruction loss, downstream accuracy) against
 * the number of latents n, with the n found by FONDUE (and variants) marked by vertical lines.
 * `fondue` maps a label to its n, e.g. { FONDUE: 9, FONDUE_IB: 12 }.
 */
export function elbowPlot(data: TableInput, options: Omit<CurveOptions, "markers"> & { fondue: Record<string, number> }): Chart {
  const markers = Object.entries(options.fondue).map(([label, value]) => ({ label, value }));
  const rows = toRows(data);
  const summary = summariseRuns(rows, options);
  return curveChart(summary, { xTitle: "number of latent variables n", ...options, markers }, "Elbow plot", countMissing(rows, options.y));
}
