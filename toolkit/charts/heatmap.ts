// Heatmaps of similarity and correlation matrices: layer × layer CKA / Procrustes with the encoder
// and decoder quadrants marked (thesis Figs. 7.2–7.10), β × β similarity between two models (VGON
// Figs. 10–14), correlation matrices with variable types on the labels (thesis Fig. 6.9). Values are
// printed in the cells when the grid is small enough to read them.
import { Chart } from "./chart";
import { finiteOrNull, missingNote, isDataFrameLike, matrixRows, requireFields, toRows, distinct, uniqueLabels, type MatrixInput, type TableInput } from "./data";
import { typeLookup, type VariableTypesInput } from "./distributions";
import { ARIA_MAX_ITEMS, labelColorExpr, MARKER_COLOR, themed, VARIABLE_TYPE_COLORS, type TitleOptions, type VariableType } from "./theme";

/** Grids with at most this many cells get their values printed by default. */
export const ANNOTATE_MAX_CELLS = 144;

export interface HeatmapOptions extends TitleOptions {
  /** Column labels (matrix input; default 0..cols-1), or the column order (row input; default as found). */
  xLabels?: readonly string[];
  /** Row labels, top to bottom (matrix input; default 0..rows-1), or the row order (row input). */
  yLabels?: readonly string[];
  /** Fields of row input (defaults "x", "y", "value"); numbers sort ascending, names keep first-seen order. */
  x?: string;
  y?: string;
  value?: string;
  xTitle?: string;
  yTitle?: string;
  valueTitle?: string;
  /** Colour domain (default [0, 1] when every value lies in it, else the data's extent). */
  domain?: readonly [number, number];
  /** Vega colour scheme (default "viridis"; "blueorange" for correlations). */
  scheme?: string;
  /** Print values in the cells: true, false or "auto" (≤ ANNOTATE_MAX_CELLS cells; default). */
  annotate?: boolean | "auto";
  /** d3-format of printed values (default ".2f"). */
  format?: string;
  /** Side of a cell in px (default: 26, or smaller for big grids). */
  cellSize?: number;
  /** Colour of axis labels by name (e.g. variable types). */
  labelColors?: Record<string, string>;
}

export interface Cell {
  x: string;
  y: string;
  value: number;
}

interface Grid {
  cells: Cell[];
  xOrder: string[];
  yOrder: string[];
  /** Cells left blank because their value is null. */
  missing: number;
}

function isMatrixInput(data: unknown): data is MatrixInput {
  if (Array.isArray(data)) return data.length > 0 && (Array.isArray(data[0]) || ArrayBuffer.isView(data[0]));
  return !isDataFrameLike(data) && data !== null && typeof data === "object" && "data" in data && "shape" in data;
}

function gridFromMatrix(m: MatrixInput, options: HeatmapOptions): Grid {
  const rows = matrixRows(m, "data");
  const xOrder = uniqueLabels(options.xLabels ?? rows[0].map((_, j) => String(j)), rows[0].length, "xLabels");
  const yOrder = uniqueLabels(options.yLabels ?? rows.map((_, i) => String(i)), rows.length, "yLabels");
  const cells = rows.flatMap((r, i) => r.map((value, j) => ({ x: xOrder[j], y: yOrder[i], value })));
  return { cells, xOrder, yOrder, missing: 0 };
}

/** Cells from rows {x, y, value}; null values leave their cell blank (counted in `missing`). */
function gridFromRows(data: TableInput, options: HeatmapOptions): Grid {
  const [xf, yf, vf] = [options.x ?? "x", options.y ?? "y", options.value ?? "value"];
  const rows = toRows(data);
  requireFields(rows, [xf, yf, vf], "data");
  const seen = new Set<string>();
  const cells: Cell[] = [];
  let missing = 0;
  rows.forEach((r, i) => {
    const [x, y] = [String(r[xf]), String(r[yf])];
    const key = JSON.stringify([x, y]);
    if (seen.has(key)) throw new RangeError(`data[${i}]: a second value for cell (${xf} = ${x}, ${yf} = ${y}); average seeds before charting`);
    seen.add(key);
    const value = finiteOrNull(r, vf, i, "data");
    if (value === null) missing++;
    else cells.push({ x, y, value });
  });
  const order = (given: readonly string[] | undefined, field: string, name: string) => {
    const found = distinct(rows, field).map(String);
    if (!given) return found;
    const extra = found.filter((v) => !given.includes(v));
    if (extra.length) throw new RangeError(`options.${name}: misses ${extra.map((e) => JSON.stringify(e)).join(", ")} found in data.${field}`);
    return [...given];
  };
  if (cells.length === 0) throw new RangeError(`data: every ${vf} is null; nothing to draw`);
  return { cells, xOrder: order(options.xLabels, xf, "xLabels"), yOrder: order(options.yLabels, yf, "yLabels"), missing };
}

function gridOf(data: MatrixInput | TableInput, options: HeatmapOptions): Grid {
  return isMatrixInput(data) ? gridFromMatrix(data, options) : gridFromRows(data as TableInput, options);
}

function colourDomain(cells: Cell[], options: HeatmapOptions): [number, number] {
  if (options.domain) {
    const [a, b] = options.domain;
    if (!(Number.isFinite(a) && Number.isFinite(b) && a < b)) throw new RangeError(`options.domain: expected [low, high] with low < high, got [${a}, ${b}]`);
    return [a, b];
  }
  const lo = Math.min(...cells.map((c) => c.value));
  const hi = Math.max(...cells.map((c) => c.value));
  if (lo >= 0 && hi <= 1) return [0, 1];
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

/** The layers and sizes of a heatmap of a grid; extra layers (quadrant rules) are appended. */
function heatmapSpec(grid: Grid, options: HeatmapOptions, extraLayers: Record<string, unknown>[] = []): Record<string, unknown> {
  const domain = colourDomain(grid.cells, options);
  const nCells = grid.xOrder.length * grid.yOrder.length;
  const annotate = options.annotate === "auto" || options.annotate === undefined ? nCells <= ANNOTATE_MAX_CELLS : options.annotate;
  const side = options.cellSize ?? Math.max(8, Math.min(32, Math.floor(420 / Math.max(grid.xOrder.length, grid.yOrder.length))));
  const axis = (title: string | undefined) => ({
    title,
    labelAngle: 0,
    ...(options.labelColors ? { labelColor: labelColorExpr(options.labelColors) } : {}),
  });
  // Explicit domains (not sort arrays) so that the quadrant layers' own data unions cleanly.
  const x = { field: "x", type: "ordinal", scale: { domain: grid.xOrder }, axis: { ...axis(options.xTitle ?? options.x ?? ""), labelAngle: -45, labelAlign: "right" } };
  const y = { field: "y", type: "ordinal", scale: { domain: grid.yOrder }, axis: axis(options.yTitle ?? options.y ?? "") };
  const format = options.format ?? ".2f";
  const layer: Record<string, unknown>[] = [
    {
      mark: { type: "rect", ...(nCells > ARIA_MAX_ITEMS ? { aria: false } : {}) },
      encoding: {
        x,
        y,
        color: { field: "value", type: "quantitative", scale: { scheme: options.scheme ?? "viridis", domain }, title: options.valueTitle ?? "value" },
        tooltip: [
          { field: "y", type: "ordinal", title: options.yTitle ?? "row" },
          { field: "x", type: "ordinal", title: options.xTitle ?? "column" },
          { field: "value", type: "quantitative", format: ".4f" },
        ],
      },
    },
  ];
  if (annotate) {
    // Dark ends of the scheme (low for viridis, both ends for diverging schemes) get white text.
    const mid = (domain[0] + domain[1]) / 2;
    const half = (domain[1] - domain[0]) / 2;
    const dark = options.scheme && options.scheme !== "viridis" ? `abs(datum.value - ${mid}) > ${0.6 * half}` : `datum.value < ${mid}`;
    layer.push({
      mark: { type: "text", fontSize: Math.max(7, Math.min(11, side / 3)) },
      encoding: {
        x,
        y,
        text: { field: "value", type: "quantitative", format },
        color: { condition: { test: dark, value: "white" }, value: "black" },
      },
    });
  }
  return { data: { values: grid.cells }, width: { step: side }, height: { step: side }, layer: [...layer, ...extraLayers] };
}

function subtitleOf(grid: Grid, options: TitleOptions): string | undefined {
  return options.subtitle ?? (grid.missing ? `blank cells: ${missingNote(grid.missing)}` : undefined);
}

/**
 * A heatmap of a matrix (number[][] or {data, shape}: row i drawn i-th from the top, column j
 * j-th from the left) or of tidy rows {x, y, value} (one per cell).
 */
export function heatmap(data: MatrixInput | TableInput, options: HeatmapOptions = {}): Chart {
  const grid = gridOf(data, options);
  return new Chart(themed(heatmapSpec(grid, options), { title: options.title ?? "Heatmap", subtitle: subtitleOf(grid, options) }));
}

export interface LayerHeatmapOptions extends Omit<HeatmapOptions, "xLabels" | "yLabels"> {
  /** Layer names of the model on the x axis, in network order (encoder then decoder). */
  xLayers: readonly string[];
  /** Layer names on the y axis (default xLayers: a model against itself or a same-architecture model). */
  yLayers?: readonly string[];
  /** First decoder layer on each axis (name or index); default the first name starting with "dec". */
  xDecoderStart?: string | number;
  yDecoderStart?: string | number;
}

function decoderStart(layers: readonly string[], given: string | number | undefined, name: string): string {
  if (typeof given === "number") {
    if (!Number.isInteger(given) || given <= 0 || given >= layers.length) throw new RangeError(`options.${name}: expected an index in 1..${layers.length - 1}, got ${given}`);
    return layers[given];
  }
  const found = given ?? layers.find((l) => /^dec/i.test(l));
  if (found === undefined || !layers.includes(found)) {
    throw new RangeError(`options.${name}: ${given === undefined ? "no layer name starts with \"dec\"" : `"${given}" is not a layer`}; give the first decoder layer of [${layers.join(", ")}]`);
  }
  return found;
}

/**
 * Layer × layer similarity (CKA or Procrustes, in [0, 1]) with the encoder / decoder quadrants
 * separated by lines, layers in network order (thesis Figs. 7.2–7.10). A matrix: matrix[i][j]
 * compares yLayers[i] with xLayers[j]; or tidy rows with options.x / y / value naming the columns,
 * e.g. the similarity study's rows { x: "layerB", y: "layerA", value: "similarity" } (null: blank cell).
 */
export function layerSimilarityHeatmap(data: MatrixInput | TableInput, options: LayerHeatmapOptions): Chart {
  const yLayers = options.yLayers ?? options.xLayers;
  const labelled = { ...options, xLabels: options.xLayers, yLabels: yLayers };
  const grid = gridOf(data, labelled);
  const xCut = decoderStart(options.xLayers, options.xDecoderStart, "xDecoderStart");
  const yCut = decoderStart(yLayers, options.yDecoderStart, "yDecoderStart");
  const rule = { type: "rule", color: MARKER_COLOR, strokeWidth: 2 };
  const quadrants = [
    { data: { values: [{ cut: xCut }] }, mark: rule, encoding: { x: { field: "cut", type: "ordinal", scale: { domain: grid.xOrder }, bandPosition: 0 } } },
    { data: { values: [{ cut: yCut }] }, mark: rule, encoding: { y: { field: "cut", type: "ordinal", scale: { domain: grid.yOrder }, bandPosition: 0 } } },
  ];
  const spec = heatmapSpec(grid, { domain: [0, 1], valueTitle: "similarity", xTitle: "layer (encoder | decoder)", yTitle: "layer (encoder | decoder)", ...options }, quadrants);
  return new Chart(themed(spec, { title: options.title ?? "Layer similarity", subtitle: subtitleOf(grid, options) }));
}

/**
 * Similarity between two models across hyperparameter values (VGON Figs. 10–14): rows
 * {<x>, <y>, <value>}, e.g. hyperparameterHeatmap(rows, { x: "betaVAE", y: "betaVGON", value: "cka" }).
 */
export function hyperparameterHeatmap(data: TableInput, options: HeatmapOptions & { x: string; y: string; value: string }): Chart {
  return heatmap(data, { valueTitle: "similarity", title: "Similarity across hyperparameters", ...options });
}

export interface CorrelationOptions extends HeatmapOptions {
  /** Latent names (matrix input; default z0..z{d-1}). */
  labels?: readonly string[];
  /** Variable type of each latent, colouring its axis label (row input: default the "rowType" column). */
  types?: VariableTypesInput;
}

/** Rows {row, col, correlation, rowType?} (the mean-vs-sampled study's cells) as labelled cells. */
function correlationRows(data: TableInput, options: CorrelationOptions): { rows: Record<string, unknown>[]; order: string[]; colors?: Record<string, string> } {
  const [xf, yf, vf] = [options.x ?? "col", options.y ?? "row", options.value ?? "correlation"];
  const input = toRows(data);
  requireFields(input, [xf, yf, vf], "data");
  const name = (v: unknown) => (typeof v === "number" ? `z${v}` : String(v));
  const indices = distinct(input, yf);
  const order = [...new Set([...indices, ...distinct(input, xf)])].map(name);
  const rows = input.map((r) => ({ x: name(r[xf]), y: name(r[yf]), value: r[vf] }));
  let colors: Record<string, string> | undefined;
  if (options.types) {
    const lookup = typeLookup(options.types);
    colors = Object.fromEntries(input.map((r) => [name(r[yf]), VARIABLE_TYPE_COLORS[lookup(Number(r[yf])) ?? "active"]]));
  } else if ("rowType" in input[0]) {
    colors = Object.fromEntries(input.map((r) => [name(r[yf]), VARIABLE_TYPE_COLORS[r.rowType as VariableType] ?? "#333333"]));
  }
  return { rows, order, colors };
}

/**
 * A correlation matrix in [-1, 1] on a diverging scale (thesis Fig. 6.9); axis labels of each latent
 * are coloured by its variable type. A matrix (labels default z0..z{d-1}, `types` for the colours),
 * or rows {row, col, correlation, rowType} as the mean-vs-sampled study writes them (filter one model first).
 */
export function correlationHeatmap(data: MatrixInput | TableInput, options: CorrelationOptions = {}): Chart {
  const base = { title: "Correlation between latent variables", scheme: "blueorange", domain: [-1, 1] as const, valueTitle: "correlation" };
  if (!isMatrixInput(data)) {
    const { rows, order, colors } = correlationRows(data, options);
    return heatmap(rows, { ...base, ...options, x: "x", y: "y", value: "value", xLabels: order, yLabels: order, labelColors: options.labelColors ?? colors });
  }
  const d = matrixRows(data, "matrix").length;
  const labels = options.labels ?? Array.from({ length: d }, (_, j) => `z${j}`);
  let labelColors = options.labelColors;
  if (options.types) {
    const lookup = typeLookup(options.types);
    labelColors = Object.fromEntries(labels.map((l, j) => [l, VARIABLE_TYPE_COLORS[lookup(j) ?? "active"]]));
  }
  return heatmap(data, { ...base, xLabels: labels, yLabels: labels, ...options, labelColors });
}
