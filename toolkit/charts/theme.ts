// The one look every polarlab chart shares (docs/decisions.md, "Charts"): fixed colours for the
// variable types of thesis Definition 6.3.1 (active / mixed / passive), the Okabe–Ito colour-blind
// safe palette for other series, readable fonts and sizes that suit JupyterLab and the saved SVG.
import type { VegaLiteSpec } from "../display/vegalite";

export const VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

export type VariableType = "active" | "mixed" | "passive";
export const VARIABLE_TYPES: readonly VariableType[] = ["active", "mixed", "passive"];

/** Fixed colours of the variable types, in every chart: active blue, mixed orange, passive grey. */
export const VARIABLE_TYPE_COLORS: Readonly<Record<VariableType, string>> = {
  active: "#0072B2",
  mixed: "#E69F00",
  passive: "#8C8C8C",
};

/** Fixed colours of the representations compared in thesis ch. 6 (mean vs sampled, and the variance). */
export const REPRESENTATION_COLORS: Readonly<Record<string, string>> = {
  mean: "#0072B2",
  sampled: "#D55E00",
  variance: "#009E73",
};

/** Okabe–Ito palette (colour-blind safe) for any other categorical series, in order. */
export const SERIES_COLORS: readonly string[] = [
  "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
];

/** Colour of annotations that mark a chosen value (FONDUE's n, quadrant borders). */
export const MARKER_COLOR = "#222222";

/**
 * Marks with more items than this are drawn without per-item ARIA labels: vega writes one
 * descriptive attribute per item into the SVG, which for 10,000 points costs ~40 % of the render time.
 */
export const ARIA_MAX_ITEMS = 1000;

export const FONT = "Helvetica Neue, Helvetica, Arial, sans-serif";

/** Default sizes (px) of one panel: readable in JupyterLab's output area and in a saved SVG. */
export const PANEL = { width: 320, height: 220, facetWidth: 180, facetHeight: 140 } as const;

/** The Vega-Lite `config` block of the theme. */
export function themeConfig(): Record<string, unknown> {
  return {
    font: FONT,
    background: "white",
    padding: 8,
    view: { continuousWidth: PANEL.width, continuousHeight: PANEL.height, stroke: "#dddddd" },
    title: { fontSize: 15, fontWeight: "bold", anchor: "start", offset: 10, subtitleFontSize: 12, subtitleColor: "#555555" },
    axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", gridColor: "#ececec", tickColor: "#888888", domainColor: "#888888" },
    header: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: "normal" },
    legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", symbolSize: 80, labelLimit: 260 },
    range: { category: [...SERIES_COLORS], heatmap: { scheme: "viridis" } },
    line: { strokeWidth: 2 },
    point: { size: 40, filled: true },
    bar: { stroke: null },
  };
}

/** The colour scale of the variable types: the same domain order and colours in every chart. */
export function variableTypeScale(): { domain: VariableType[]; range: string[] } {
  return { domain: [...VARIABLE_TYPES], range: VARIABLE_TYPES.map((t) => VARIABLE_TYPE_COLORS[t]) };
}

/**
 * A colour scale for a set of series names: the variable-type colours when every name is a variable
 * type, the representation colours when every name is one, otherwise the Okabe–Ito palette in order.
 */
export function seriesScale(names: readonly string[]): { domain: string[]; range: string[] } {
  const domain = [...names];
  if (domain.length > 0 && domain.every((n) => (VARIABLE_TYPES as readonly string[]).includes(n))) {
    return { domain, range: domain.map((n) => VARIABLE_TYPE_COLORS[n as VariableType]) };
  }
  if (domain.length > 0 && domain.every((n) => n in REPRESENTATION_COLORS)) {
    return { domain, range: domain.map((n) => REPRESENTATION_COLORS[n]) };
  }
  return { domain, range: domain.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]) };
}

/** Axis label colours by label, as a Vega expression over the label (datum.value); others dark grey. */
export function labelColorExpr(colors: Record<string, string>): { expr: string } {
  const cases = Object.entries(colors).map(([label, c]) => `datum.value === ${JSON.stringify(label)} ? ${JSON.stringify(c)} : `);
  return { expr: `${cases.join("")}'#333333'` };
}

export interface TitleOptions {
  title?: string;
  subtitle?: string;
}

/** Wraps a spec body in the schema, theme config and title. */
export function themed(body: VegaLiteSpec, options: TitleOptions = {}): VegaLiteSpec {
  const spec: VegaLiteSpec = { $schema: VEGALITE_SCHEMA };
  if (options.title) spec.title = options.subtitle ? { text: options.title, subtitle: options.subtitle } : options.title;
  return { ...spec, ...body, config: themeConfig() };
}
