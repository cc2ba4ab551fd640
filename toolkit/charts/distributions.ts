// Per-dimension distributions of the mean, variance and sampled representations, one histogram per
// latent dimension coloured by its variable type (VGON paper Figs. 6–9; thesis Figs. 5.1–5.4, 6.2–6.3).
// Bins are counted here, per panel, so that a passive dimension (tight around 0 or 1) gets its own
// range instead of one bar on a shared axis, and so that 10,000 examples make a small spec.
import { Chart } from "./chart";
import { matrixRows, positiveInt, requireFields, toRows, finiteAt, type MatrixInput, type Row, type TableInput } from "./data";
import { PANEL, themed, variableTypeScale, VARIABLE_TYPES, type TitleOptions, type VariableType } from "./theme";

/** Variable types per latent dimension: an array indexed by dimension, or metrics' variableTypes() output. */
export type VariableTypesInput = readonly VariableType[] | { active: readonly number[]; mixed: readonly number[]; passive: readonly number[] };

/** The type of each dimension as a lookup, or an error naming the bad entry. */
export function typeLookup(types: VariableTypesInput): (dim: number) => VariableType | undefined {
  if (Array.isArray(types)) {
    types.forEach((t, i) => {
      if (!(VARIABLE_TYPES as readonly unknown[]).includes(t)) throw new RangeError(`types[${i}]: expected "active", "mixed" or "passive", got ${JSON.stringify(t)}`);
    });
    return (dim) => (types as VariableType[])[dim];
  }
  const map = new Map<number, VariableType>();
  for (const t of VARIABLE_TYPES) {
    const dims = (types as Record<VariableType, readonly number[]>)[t];
    if (!Array.isArray(dims)) throw new TypeError(`types.${t}: expected an array of dimension indices, got ${JSON.stringify(dims)}`);
    dims.forEach((d) => map.set(d, t));
  }
  return (dim) => map.get(dim);
}

/**
 * Tidy rows {representation, dimension, value} from representation matrices (rows = examples), for
 * the chosen dimensions (default: all). E.g. representationRows({ mean, variance, sampled }, { dimensions: [1, 3, 9] }).
 */
export function representationRows(matrices: Record<string, MatrixInput>, options: { dimensions?: readonly number[] } = {}): Row[] {
  const out: Row[] = [];
  for (const [name, m] of Object.entries(matrices)) {
    const rows = matrixRows(m, `matrices.${name}`);
    const d = rows[0].length;
    const dims = options.dimensions ?? Array.from({ length: d }, (_, j) => j);
    dims.forEach((j) => {
      if (!Number.isInteger(j) || j < 0 || j >= d) throw new RangeError(`options.dimensions: ${j} is not a dimension of matrices.${name} (0..${d - 1})`);
    });
    for (const j of dims) for (const r of rows) out.push({ representation: name, dimension: j, value: r[j] });
  }
  return out;
}

export interface HistogramOptions extends TitleOptions {
  /** Variable type of each dimension; otherwise a `type` column of the rows is used, if present. */
  types?: VariableTypesInput;
  /** Number of equal-width bins per panel over the panel's [min, max] (default 30). */
  bins?: number;
  /** Fields of the rows (defaults: "dimension" (or "dim", as the studies write it), "value", "representation"). */
  dimensionField?: string;
  valueField?: string;
  representationField?: string;
  /** Order of the representation facet rows (default: first seen). */
  representations?: readonly string[];
}

interface BinRow {
  representation: string;
  dimension: number;
  panel: string;
  type: string;
  start: number;
  end: number;
  count: number;
}

/** Equal-width histogram of values; a constant panel gets one bin of width 1e-3·max(1, |v|). */
export function histogramBins(values: readonly number[], bins: number): { start: number; end: number; count: number }[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === hi) {
    const half = 5e-4 * Math.max(1, Math.abs(lo));
    return [{ start: lo - half, end: hi + half, count: values.length }];
  }
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  return counts.map((count, k) => ({ start: lo + k * width, end: k === bins - 1 ? hi : lo + (k + 1) * width, count }));
}

function binRows(rows: Row[], options: HistogramOptions, bins: number): BinRow[] {
  requireFields(rows, [], "data");
  const dimF = options.dimensionField ?? ("dimension" in rows[0] || !("dim" in rows[0]) ? "dimension" : "dim");
  const valF = options.valueField ?? "value";
  const repF = options.representationField ?? "representation";
  requireFields(rows, [dimF, valF], "data");
  const lookup = options.types ? typeLookup(options.types) : undefined;
  // Nested maps (representation → dimension → values): no string key per row for 100,000s of rows.
  const groups = new Map<string, Map<number, { rep: string; dim: number; type: string; values: number[] }>>();
  rows.forEach((r, i) => {
    const dim = finiteAt(r, dimF, i, "data");
    const rep = repF in r ? String(r[repF]) : "value";
    let byDim = groups.get(rep);
    if (!byDim) groups.set(rep, (byDim = new Map()));
    let g = byDim.get(dim);
    if (!g) {
      const type = lookup ? lookup(dim) : typeof r.type === "string" ? r.type : undefined;
      if (type === undefined) throw new RangeError(`data[${i}]: no variable type for dimension ${dim}; pass options.types or a "type" column`);
      byDim.set(dim, (g = { rep, dim, type, values: [] }));
    }
    g.values.push(finiteAt(r, valF, i, "data"));
  });
  const out: BinRow[] = [];
  for (const g of [...groups.values()].flatMap((m) => [...m.values()])) {
    for (const b of histogramBins(g.values, bins)) {
      out.push({ representation: g.rep, dimension: g.dim, panel: `z${g.dim} (${g.type})`, type: g.type, ...b });
    }
  }
  return out;
}

/**
 * Histograms of chosen latent dimensions, one panel per (representation, dimension), coloured by
 * variable type. Rows: {dimension, value, representation?, type?} (see representationRows()).
 */
export function latentHistograms(data: TableInput, options: HistogramOptions = {}): Chart {
  const bins = positiveInt(options.bins ?? 30, "options.bins");
  const values = binRows(toRows(data), options, bins);
  const reps = options.representations ?? [...new Set(values.map((v) => v.representation))];
  const panels = [...new Set(values.map((v) => v.panel))];
  panels.sort((a, b) => values.find((v) => v.panel === a)!.dimension - values.find((v) => v.panel === b)!.dimension);
  const facet: Record<string, unknown> = {
    column: { field: "panel", type: "nominal", sort: panels, title: "latent dimension (variable type)" },
  };
  if (reps.length > 1) facet.row = { field: "representation", type: "nominal", sort: [...reps], title: "representation" };
  return new Chart(
    themed(
      {
        data: { values },
        facet,
        spec: {
          width: PANEL.facetWidth,
          height: PANEL.facetHeight,
          mark: { type: "bar", binSpacing: 0 },
          encoding: {
            x: { field: "start", type: "quantitative", bin: { binned: true }, title: "value" },
            x2: { field: "end" },
            y: { field: "count", type: "quantitative", title: "examples (count)" },
            color: { field: "type", type: "nominal", scale: variableTypeScale(), title: "variable type" },
            tooltip: [
              { field: "representation", type: "nominal" },
              { field: "dimension", type: "quantitative" },
              { field: "start", type: "quantitative", format: ".3g", title: "from" },
              { field: "end", type: "quantitative", format: ".3g", title: "to" },
              { field: "count", type: "quantitative" },
            ],
          },
        },
        resolve: { scale: { x: "independent", y: "independent" } },
      },
      { title: options.title ?? "Distributions of latent dimensions", subtitle: options.subtitle },
    ),
  );
}
