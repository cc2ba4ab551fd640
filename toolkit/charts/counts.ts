// Stacked counts of active / mixed / passive variables against a regularisation hyperparameter
// (β, λ, C), averaged over seeds, one panel per model and dataset (VGON paper Figs. 4–5, thesis Fig. 6.5).
import { Chart } from "./chart";
import { distinct, finiteAt, requireFields, toRows, type Row, type TableInput } from "./data";
import { PANEL, themed, variableTypeScale, VARIABLE_TYPES, type TitleOptions } from "./theme";

export interface CountOptions extends TitleOptions {
  /** The hyperparameter column (default "beta"), shown as ordered categories (β values are rarely evenly spaced). */
  x?: string;
  /** Axis title of the hyperparameter (default the column name; "β" for "beta"). */
  xTitle?: string;
  /** Facet columns (default "model" and "dataset" when the rows have them). */
  model?: string;
  dataset?: string;
}

interface CountRow {
  x: number | string;
  type: string;
  count: number;
  runs: number;
  model?: unknown;
  dataset?: unknown;
}

const GREEK: Record<string, string> = { beta: "β", lambda: "λ", gamma: "γ", alpha: "α", c: "C", cmax: "C_max" };

/**
 * Long rows {x, type, count} from either long rows ({<x>, type, count}) or wide rows
 * ({<x>, active, mixed, passive}); one row per run (seed).
 */
function longRows(rows: Row[], x: string): Row[] {
  const wide = VARIABLE_TYPES.every((t) => t in rows[0]);
  if (!wide) {
    requireFields(rows, [x, "type", "count"], "data");
    return rows;
  }
  requireFields(rows, [x, ...VARIABLE_TYPES], "data");
  return rows.flatMap((r) => VARIABLE_TYPES.map((t) => ({ ...r, type: t, count: r[t] })));
}

/** Mean count of each type per (x, model, dataset) over the runs (seeds) given. */
function averaged(rows: Row[], options: Required<Pick<CountOptions, "x">> & { model?: string; dataset?: string }): CountRow[] {
  const groups = new Map<string, CountRow & { sum: number }>();
  rows.forEach((r, i) => {
    const type = String(r.type);
    if (!(VARIABLE_TYPES as readonly string[]).includes(type)) {
      throw new RangeError(`data[${i}].type: expected "active", "mixed" or "passive", got ${JSON.stringify(r.type)}`);
    }
    const count = finiteAt(r, "count", i, "data");
    if (count < 0) throw new RangeError(`data[${i}].count: expected a count >= 0, got ${count}`);
    const xv = r[options.x];
    if (typeof xv !== "number" && typeof xv !== "string") throw new RangeError(`data[${i}].${options.x}: expected a number or a name, got ${JSON.stringify(xv)}`);
    const model = options.model ? r[options.model] : undefined;
    const dataset = options.dataset ? r[options.dataset] : undefined;
    const key = JSON.stringify([xv, type, model, dataset]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { x: xv, type, count: 0, runs: 0, sum: 0, model, dataset }));
    g.sum += count;
    g.runs += 1;
  });
  return [...groups.values()].map(({ sum, ...g }) => {
    const row: CountRow = { ...g, count: sum / g.runs };
    if (options.model === undefined) delete row.model;
    if (options.dataset === undefined) delete row.dataset;
    return row;
  });
}

/**
 * Stacked bars of the mean number of active (bottom), mixed and passive (top) variables per value
 * of a hyperparameter. Rows: one per run, long ({beta, type, count}) or wide ({beta, active, mixed, passive}),
 * with optional "model" and "dataset" columns that become facet rows and columns.
 */
export function variableTypeCounts(data: TableInput, options: CountOptions = {}): Chart {
  const x = options.x ?? "beta";
  const rows = longRows(toRows(data), x);
  const model = (options.model ?? "model") in rows[0] ? options.model ?? "model" : undefined;
  const dataset = (options.dataset ?? "dataset") in rows[0] ? options.dataset ?? "dataset" : undefined;
  const values = averaged(rows, { x, model, dataset });
  const xOrder = distinct(values as unknown as Row[], "x");
  const stackOrder = `indexof(${JSON.stringify(VARIABLE_TYPES)}, datum.type)`;
  const spec: Record<string, unknown> = {
    mark: { type: "bar" },
    width: { step: 22 },
    height: PANEL.facetHeight + 20,
    encoding: {
      x: { field: "x", type: "ordinal", sort: xOrder, title: options.xTitle ?? GREEK[x.toLowerCase()] ?? x, axis: { labelAngle: 0 } },
      y: { field: "count", type: "quantitative", stack: "zero", title: "variables (mean count over runs)" },
      color: { field: "type", type: "nominal", scale: variableTypeScale(), title: "variable type" },
      order: { field: "typeOrder", type: "quantitative" },
      tooltip: [
        { field: "x", type: "ordinal", title: x },
        { field: "type", type: "nominal" },
        { field: "count", type: "quantitative", format: ".2f", title: "mean count" },
        { field: "runs", type: "quantitative" },
      ],
    },
  };
  const body: Record<string, unknown> = { data: { values }, transform: [{ calculate: stackOrder, as: "typeOrder" }] };
  if (model || dataset) {
    const facet: Record<string, unknown> = {};
    if (dataset) facet.column = { field: "dataset", type: "nominal", title: "dataset" };
    if (model) facet.row = { field: "model", type: "nominal", title: "model" };
    Object.assign(body, { facet, spec });
  } else Object.assign(body, spec);
  return new Chart(themed(body, { title: options.title ?? "Variable types", subtitle: options.subtitle }));
}
