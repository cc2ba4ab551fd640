// Grouped bars with error bars over runs: downstream accuracy of the mean and sampled
// representations for each combination of variable types against a random classifier
// (thesis Fig. 6.4), average encoding magnitude per dimension (Mathieu Fig. 5, top); and bars of
// the passive-variable count under the metric curves of thesis Fig. 6.6.
import { Chart } from "./chart";
import { finiteAt, finiteOrNull, missingNote, requireFields, toRows, distinct, type Row, type TableInput } from "./data";
import { axisScale, countMissing, curveLayers, meanSd, summariseRuns, type CurveOptions } from "./curves";
import { MARKER_COLOR, PANEL, seriesScale, themed, VARIABLE_TYPE_COLORS, type TitleOptions } from "./theme";

export interface BarOptions extends TitleOptions {
  /** Category column on the x axis (e.g. "subset": "all", "active", "active+mixed", …). */
  x: string;
  /** Value column, averaged over runs (e.g. "accuracy"). */
  y: string;
  /** Column of the bars side by side within a category (e.g. "representation": mean / sampled). */
  series?: string;
  /** Column of separate panels (e.g. "factor"). */
  facet?: string;
  xTitle?: string;
  yTitle?: string;
  /** A horizontal reference line: a number, or a column holding it per panel (e.g. random-classifier accuracy). */
  baseline?: number | string;
  baselineLabel?: string;
}

interface BarRow {
  kind: "bar" | "baseline";
  x?: string;
  series?: string;
  facet?: string;
  mean: number;
  lo?: number;
  hi?: number;
  runs?: number;
}

/** Mean ± sample sd (ddof 1) of y per (facet, x, series); null values are left out. */
function barRows(rows: Row[], o: BarOptions): BarRow[] {
  const groups = new Map<string, { x: string; series?: string; facet?: string; ys: number[] }>();
  rows.forEach((r, i) => {
    const key = JSON.stringify([r[o.facet ?? ""], r[o.x], r[o.series ?? ""]]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { x: String(r[o.x]), series: o.series ? String(r[o.series]) : undefined, facet: o.facet ? String(r[o.facet]) : undefined, ys: [] }));
    const y = finiteOrNull(r, o.y, i, "data");
    if (y !== null) g.ys.push(y);
  });
  return [...groups.values()].filter((g) => g.ys.length > 0).map(({ ys, ...g }) => {
    const { mean, sd } = meanSd(ys);
    return { kind: "bar" as const, ...g, mean, lo: mean - sd, hi: mean + sd, runs: ys.length };
  });
}

function baselineRows(rows: Row[], o: BarOptions): BarRow[] {
  if (o.baseline === undefined) return [];
  const facets = o.facet ? distinct(rows, o.facet).map(String) : [undefined];
  return facets.map((f) => {
    if (typeof o.baseline === "number") {
      if (!Number.isFinite(o.baseline)) throw new RangeError(`options.baseline: expected a finite number or a column name, got ${o.baseline}`);
      return { kind: "baseline" as const, facet: f, mean: o.baseline };
    }
    const i = rows.findIndex((r) => f === undefined || String(r[o.facet!]) === f);
    return { kind: "baseline" as const, facet: f, mean: finiteAt(rows[i], o.baseline as string, i, "data") };
  });
}

/** Grouped bars of the mean over runs with ± sd error bars, and an optional baseline line. */
export function groupedBars(data: TableInput, options: BarOptions): Chart {
  const rows = toRows(data);
  requireFields(rows, [options.x, options.y, ...[options.series, options.facet, typeof options.baseline === "string" ? options.baseline : undefined].filter((f): f is string => !!f)], "data");
  const values = [...barRows(rows, options), ...baselineRows(rows, options)];
  const xOrder = distinct(rows, options.x).map(String);
  const seriesNames = options.series ? distinct(rows, options.series).map(String) : [options.y];
  const bar = { filter: "datum.kind === 'bar'" };
  const x = { field: "x", type: "nominal", sort: xOrder, title: options.xTitle ?? options.x, axis: { labelAngle: -30, labelAlign: "right" } };
  const xOffset = options.series ? { xOffset: { field: "series", type: "nominal", sort: seriesNames } } : {};
  const color = { field: "series", type: "nominal", scale: seriesScale(seriesNames), title: options.series ?? "series" };
  const yTitle = options.yTitle ?? options.y;
  const layer: Record<string, unknown>[] = [
    { transform: [bar], mark: { type: "bar" }, encoding: { x, ...xOffset, y: { field: "mean", type: "quantitative", title: yTitle }, color: options.series ? color : { value: VARIABLE_TYPE_COLORS.active }, tooltip: [{ field: "x", type: "nominal", title: options.x }, { field: "series", type: "nominal" }, { field: "mean", type: "quantitative", format: ".4g" }, { field: "runs", type: "quantitative" }] } },
    { transform: [bar], mark: { type: "rule", color: MARKER_COLOR }, encoding: { x, ...xOffset, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } },
  ];
  if (options.baseline !== undefined) {
    layer.push({ transform: [{ filter: "datum.kind === 'baseline'" }], mark: { type: "rule", color: MARKER_COLOR, strokeDash: [5, 3] }, encoding: { y: { field: "mean", type: "quantitative" } } });
  }
  const body: Record<string, unknown> = options.facet
    ? { data: { values }, facet: { field: "facet", type: "nominal", title: options.facet }, columns: 3, spec: { width: { step: 14 * Math.max(1, seriesNames.length) }, height: PANEL.facetHeight, layer } }
    : { data: { values }, width: { step: 14 * Math.max(1, seriesNames.length) + 6 }, height: PANEL.height, layer };
  const notes = ["mean ± sd over runs", options.baseline !== undefined ? `dashed: ${options.baselineLabel ?? "baseline"}` : "", missingNote(countMissing(rows, options.y))];
  const subtitle = options.subtitle ?? notes.filter(Boolean).join("; ");
  return new Chart(themed(body, { title: options.title ?? `${yTitle} by ${options.xTitle ?? options.x}`, subtitle }));
}

export interface CountsWithCurvesOptions extends Omit<CurveOptions, "facet" | "markers"> {
  /** Column of the passive-variable count in `counts` rows (default "passive"). */
  count?: string;
  countTitle?: string;
}

/**
 * Metric curves (mean ± sd over runs, e.g. TC of the mean and sampled representations) over bars
 * of the mean number of passive variables, on a second y axis (thesis Fig. 6.6). `counts` rows:
 * {<x>, passive} per run.
 */
export function curvesWithPassiveCounts(data: TableInput, counts: TableInput, options: CountsWithCurvesOptions): Chart {
  const countField = options.count ?? "passive";
  const countSummary = summariseRuns(toRows(counts, "counts"), { x: options.x, y: countField, band: "none" });
  const rows = toRows(data);
  const summary = summariseRuns(rows, options);
  const values = [...summary.map((s) => ({ kind: "curve", ...s })), ...countSummary.map((s) => ({ kind: "count", x: s.x, count: s.mean, runs: s.runs }))];
  const seriesNames = [...new Set(summary.map((s) => s.series))];
  const bars = {
    transform: [{ filter: "datum.kind === 'count'" }],
    mark: { type: "bar", color: VARIABLE_TYPE_COLORS.passive, opacity: 0.35, width: 14 },
    encoding: {
      x: { field: "x", type: "quantitative", title: options.xTitle ?? options.x, scale: { ...axisScale(options.xScale), padding: 12 } }, // room for the end bars
      y: { field: "count", type: "quantitative", title: options.countTitle ?? "passive variables (mean count, bars)", axis: { orient: "right", titleColor: VARIABLE_TYPE_COLORS.passive } },
      tooltip: [{ field: "x", type: "quantitative", title: options.x }, { field: "count", type: "quantitative", format: ".2f", title: "passive (mean)" }],
    },
  };
  const curves = { layer: curveLayers(options, seriesNames) };
  const body = { data: { values }, width: PANEL.width, height: PANEL.height, layer: [bars, curves], resolve: { scale: { y: "independent" } } };
  const notes = ["lines: mean ± sd over runs", "bars: passive variables", missingNote(countMissing(rows, options.y))];
  return new Chart(themed(body, { title: options.title ?? `${options.yTitle ?? options.y} and passive variables`, subtitle: options.subtitle ?? notes.filter(Boolean).join("; ") }));
}
