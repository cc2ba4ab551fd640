// Side-by-side panels "(a) (b) (c)" as the papers lay them out: mean and variance self-similarity
// heatmaps (VGON Figs. 12–14), one heatmap per dataset (VGON Figs. 10–11), thesis Figs. 6.7–6.8.
import { Chart } from "./chart";
import { themed, type TitleOptions } from "./theme";

export interface ConcatOptions extends TitleOptions {
  /** "horizontal" (default) or "vertical". */
  direction?: "horizontal" | "vertical";
  /** Colour scales shared across panels ("shared") or each its own ("independent", default). */
  colors?: "shared" | "independent";
}

/** One chart of several, each keeping its own data, encodings and title; the theme is applied once. */
export function concatCharts(charts: readonly Chart[], options: ConcatOptions = {}): Chart {
  if (charts.length === 0) throw new RangeError("concatCharts: expected at least one chart, got none");
  charts.forEach((c, i) => {
    if (!(c instanceof Chart)) throw new TypeError(`charts[${i}]: expected a Chart, got ${typeof c}`);
  });
  // Only the top level may carry $schema and config.
  const panels = charts.map((c) => {
    const { $schema, config, ...rest } = c.spec;
    void $schema;
    void config;
    return rest;
  });
  const key = options.direction === "vertical" ? "vconcat" : "hconcat";
  const body = { [key]: panels, resolve: { scale: { color: options.colors ?? "independent" } } };
  return new Chart(themed(body, options));
}
