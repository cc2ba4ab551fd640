// FONDUE's trace plot (thesis Fig. 8.1, Algorithm 1): Tr Var[Z] of the sampled and Tr Var[M] of the
// mean representation against the number of latents n, with the order in which the binary search
// visited each n and the n it returned. The elbow plots of Figs. 8.5–8.8 are curves.elbowPlot.
// Takes the studies' rows as they are: search steps {iteration, n, scoreSampled, scoreMean, …}
// (toolkit/studies SearchStep, whose order gives the path) or {n, traceSampled, traceMean} rows.
import { Chart } from "./chart";
import { finiteAt, requireFields, toRows, type Row, type TableInput } from "./data";
import { countMissing, curveChart, summariseRuns, type Band, type SummaryRow } from "./curves";
import { MARKER_COLOR, type TitleOptions } from "./theme";

export interface FondueTraceOptions extends TitleOptions {
  /** Column of the number of latents (default "n"). */
  n?: string;
  /** Columns of Tr Var[Z] and Tr Var[M] (defaults "traceSampled" / "traceMean", else "scoreSampled" / "scoreMean"). */
  sampled?: string;
  mean?: string;
  /** The n FONDUE returned, drawn as a vertical line. */
  selected?: number;
  /** The values of n in the order the search evaluated them (default: by an "iteration" column when the rows have one and a single seed). */
  path?: readonly number[];
  /** Band over seeds when several runs share an n (default "sd"). */
  band?: Band;
}

export const TRACE_SAMPLED = "Tr Var[Z] (sampled)";
export const TRACE_MEAN = "Tr Var[M] (mean)";

/** The first of the candidate columns present in the rows. */
function pick(rows: Row[], given: string | undefined, candidates: string[]): string {
  return given ?? candidates.find((c) => c in rows[0]) ?? candidates[0];
}

/** Long rows {x, trace, series} from wide rows {n, <sampled>, <mean>}. */
function traceRows(rows: Row[], n: string, sampled: string, mean: string): Row[] {
  requireFields(rows, [n, sampled, mean], "data");
  return rows.flatMap((r) => [
    { x: r[n], trace: r[sampled], series: TRACE_SAMPLED },
    { x: r[n], trace: r[mean], series: TRACE_MEAN },
  ]);
}

/** The search path from search-step rows: n by increasing iteration, for a single seed only. */
function pathFromIterations(rows: Row[], n: string): number[] {
  if (!("iteration" in rows[0])) return [];
  if ("seed" in rows[0] && new Set(rows.map((r) => r.seed)).size > 1) return [];
  const steps = rows.map((r, i) => ({ it: finiteAt(r, "iteration", i, "data"), n: finiteAt(r, n, i, "data") }));
  return steps.sort((a, b) => a.it - b.it).map((s) => s.n);
}

/** One row per step of the search path, placed on the mean Tr Var[Z] curve. */
function pathRows(summary: SummaryRow[], path: readonly number[]): Record<string, unknown>[] {
  return path.map((p, k) => {
    const at = summary.find((s) => s.series === TRACE_SAMPLED && s.x === p);
    if (!at) throw new RangeError(`options.path[${k}]: n = ${p} has no trace in data; every visited n needs a row`);
    return { kind: "path", x: p, y: at.mean, step: k + 1 };
  });
}

function pathLayers(): Record<string, unknown>[] {
  const pathFilter = { filter: "datum.kind === 'path'" };
  const xy = { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } };
  return [
    {
      transform: [pathFilter],
      mark: { type: "point", shape: "circle", filled: false, size: 160, color: MARKER_COLOR, strokeWidth: 1.5 },
      encoding: { ...xy, tooltip: [{ field: "step", type: "quantitative", title: "search step" }, { field: "x", type: "quantitative", title: "n" }] },
    },
    { transform: [pathFilter], mark: { type: "text", dy: -14, fontSize: 11, fontWeight: "bold", color: MARKER_COLOR }, encoding: { ...xy, text: { field: "step", type: "quantitative" } } },
  ];
}

/** Tr Var[Z] and Tr Var[M] against n with FONDUE's search path and returned n. */
export function fondueTrace(data: TableInput, options: FondueTraceOptions = {}): Chart {
  const input = toRows(data);
  requireFields(input, [], "data");
  const n = options.n ?? "n";
  const rows = traceRows(input, n, pick(input, options.sampled, ["traceSampled", "scoreSampled"]), pick(input, options.mean, ["traceMean", "scoreMean"]));
  const path = options.path ?? pathFromIterations(input, n);
  const curveOptions = {
    x: "x",
    y: "trace",
    series: "series",
    seriesTitle: "representation",
    band: options.band ?? "sd",
    xTitle: "number of latent variables n",
    yTitle: "trace of the covariance",
    seriesOrder: [TRACE_SAMPLED, TRACE_MEAN],
    markers: options.selected === undefined ? [] : [{ value: options.selected, label: `FONDUE: n = ${options.selected}` }],
    title: options.title ?? "FONDUE: traces of the sampled and mean representations",
    subtitle: options.subtitle ?? (path.length ? "circled numbers: the order in which the search visited n" : undefined),
  };
  const summary = summariseRuns(rows, curveOptions);
  const extras = { values: pathRows(summary, path), layers: path.length ? pathLayers() : [] };
  return curveChart(summary, curveOptions, "FONDUE", countMissing(rows, "trace"), extras);
}
