// Scatter plots of one score against another, one point per run: disentanglement against
// Distance-to-Orthogonality (Rolinek et al. Fig. 4), disentanglement against reconstruction loss
// with the β of each point written beside it (Mathieu et al. Fig. 2).
import { Chart } from "./chart";
import { finiteAt, requireFields, toRows, distinct, type TableInput } from "./data";
import { ARIA_MAX_ITEMS, PANEL, seriesScale, themed, type TitleOptions } from "./theme";

export interface ScatterOptions extends TitleOptions {
  x: string;
  y: string;
  /** Column colouring the points (categories; numbers are treated as categories too). */
  color?: string;
  /** Column written beside each point (e.g. "beta"). */
  label?: string;
  xTitle?: string;
  yTitle?: string;
  xScale?: "linear" | "log";
  yScale?: "linear" | "log";
  /** Point opacity (default 0.8; lower it for thousands of points). Above ARIA_MAX_ITEMS points, points carry no ARIA labels. */
  opacity?: number;
}

/** One point per row; validates that x and y are finite numbers. */
export function scatterPlot(data: TableInput, options: ScatterOptions): Chart {
  const rows = toRows(data);
  const fields = [options.x, options.y, ...[options.color, options.label].filter((f): f is string => !!f)];
  requireFields(rows, fields, "data");
  const values = rows.map((r, i) => {
    const out: Record<string, unknown> = { x: finiteAt(r, options.x, i, "data"), y: finiteAt(r, options.y, i, "data") };
    if (options.color) out.color = String(r[options.color]);
    if (options.label) out.label = String(r[options.label]);
    return out;
  });
  const scale = (t?: string) => (t === "log" ? { type: "log" } : { zero: false });
  const x = { field: "x", type: "quantitative", title: options.xTitle ?? options.x, scale: scale(options.xScale) };
  const y = { field: "y", type: "quantitative", title: options.yTitle ?? options.y, scale: scale(options.yScale) };
  const colorNames = options.color ? distinct(rows, options.color).map(String) : [];
  const color = options.color ? { color: { field: "color", type: "nominal", sort: colorNames, scale: seriesScale(colorNames), title: options.color } } : {};
  const tooltip = [{ field: "x", type: "quantitative", title: options.x, format: ".4g" }, { field: "y", type: "quantitative", title: options.y, format: ".4g" }, ...(options.color ? [{ field: "color", type: "nominal", title: options.color }] : []), ...(options.label ? [{ field: "label", type: "nominal", title: options.label }] : [])];
  const layer: Record<string, unknown>[] = [{ mark: { type: "point", filled: true, opacity: options.opacity ?? 0.8, ...(values.length > ARIA_MAX_ITEMS ? { aria: false } : {}) }, encoding: { x, y, ...color, tooltip } }];
  if (options.label) layer.push({ mark: { type: "text", align: "left", dx: 6, dy: -4, fontSize: 10 }, encoding: { x, y, text: { field: "label", type: "nominal" }, ...color } });
  const body = { data: { values }, width: PANEL.width, height: PANEL.height, layer };
  return new Chart(themed(body, { title: options.title ?? `${options.yTitle ?? options.y} against ${options.xTitle ?? options.x}`, subtitle: options.subtitle }));
}
