// The density of a 2-D point cloud as binned counts on a grid, e.g. the aggregate posterior q(z) of a
// 2-D latent space for different α, β (Mathieu et al. Fig. 3). Counting is done here so that 10,000
// points make a grid of cells, not 10,000 marks.
import { Chart } from "./chart";
import { finiteAt, positiveInt, requireFields, toRows, type TableInput } from "./data";
import { ARIA_MAX_ITEMS, PANEL, themed, type TitleOptions } from "./theme";

export interface DensityOptions extends TitleOptions {
  x: string;
  y: string;
  /** Bins per axis over the data's extent (default 40). */
  bins?: number;
  /** Column of separate panels (e.g. "beta"). */
  facet?: string;
  xTitle?: string;
  yTitle?: string;
  /** Log colour scale (default true: densities span orders of magnitude). */
  logColor?: boolean;
}

interface DensityCell {
  facet?: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  count: number;
}

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

/** Non-empty cells of an equal-width bins × bins grid over the extent of all points (shared by panels). */
export function densityCells(xs: number[], ys: number[], facets: (string | undefined)[], bins: number): DensityCell[] {
  const [xlo, xhi] = extent(xs);
  const [ylo, yhi] = extent(ys);
  const [wx, wy] = [(xhi - xlo) / bins, (yhi - ylo) / bins];
  const counts = new Map<string, DensityCell>();
  xs.forEach((x, i) => {
    const bx = Math.min(bins - 1, Math.floor((x - xlo) / wx));
    const by = Math.min(bins - 1, Math.floor((ys[i] - ylo) / wy));
    const key = `${facets[i]}\u0000${bx}\u0000${by}`;
    const cell = counts.get(key);
    if (cell) cell.count++;
    else {
      const c: DensityCell = { x0: xlo + bx * wx, x1: xlo + (bx + 1) * wx, y0: ylo + by * wy, y1: ylo + (by + 1) * wy, count: 1 };
      if (facets[i] !== undefined) c.facet = facets[i];
      counts.set(key, c);
    }
  });
  return [...counts.values()];
}

/** 2-D histogram of points (rows {x, y, facet?}), colour = count per cell. */
export function densityPlot(data: TableInput, options: DensityOptions): Chart {
  const bins = positiveInt(options.bins ?? 40, "options.bins");
  const rows = toRows(data);
  requireFields(rows, [options.x, options.y, ...(options.facet ? [options.facet] : [])], "data");
  const xs = rows.map((r, i) => finiteAt(r, options.x, i, "data"));
  const ys = rows.map((r, i) => finiteAt(r, options.y, i, "data"));
  const facets = rows.map((r) => (options.facet ? String(r[options.facet]) : undefined));
  const values = densityCells(xs, ys, facets, bins);
  const unit = {
    mark: { type: "rect", ...(values.length > ARIA_MAX_ITEMS ? { aria: false } : {}) },
    encoding: {
      x: { field: "x0", type: "quantitative", title: options.xTitle ?? options.x, scale: { zero: false, nice: false } },
      x2: { field: "x1" },
      y: { field: "y0", type: "quantitative", title: options.yTitle ?? options.y, scale: { zero: false, nice: false } },
      y2: { field: "y1" },
      color: { field: "count", type: "quantitative", scale: { type: options.logColor === false ? "linear" : "log", scheme: "viridis" }, title: "points per cell" },
      tooltip: [{ field: "count", type: "quantitative" }],
    },
  };
  const side = options.facet ? PANEL.facetHeight + 40 : PANEL.height + 40;
  const body = options.facet
    ? { data: { values }, facet: { field: "facet", type: "nominal", title: options.facet }, columns: 4, spec: { width: side, height: side, ...unit } }
    : { data: { values }, width: side, height: side, ...unit };
  return new Chart(themed(body, { title: options.title ?? "Density", subtitle: options.subtitle }));
}
