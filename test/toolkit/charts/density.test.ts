// densityPlot: 2-D bin counts against numpy.histogram2d (fixtures/make_summaries.py), log colour scale.
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { densityCells, densityPlot } from "../../../toolkit/charts/density";
import { assertRenders, close, fixture, unit } from "./helpers";

describe("densityPlot", () => {
  test("cell counts equal numpy.histogram2d", () => {
    const f = fixture().density;
    const cells = densityCells(f.x, f.y, f.x.map(() => undefined), f.bins);
    const dx = f.xedges[1] - f.xedges[0];
    const dy = f.yedges[1] - f.yedges[0];
    const grid = f.counts.map((row: number[]) => row.map(() => 0));
    for (const c of cells) {
      const i = Math.round((c.x0 - f.xedges[0]) / dx);
      const j = Math.round((c.y0 - f.yedges[0]) / dy);
      close(c.x0, f.xedges[i], 1e-12, "x edge");
      close(c.y1, f.yedges[j + 1], 1e-12, "y edge");
      grid[i][j] = c.count;
    }
    assert.deepEqual(grid, f.counts);
  });

  test("facets share one grid; colour is a log count", async () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ z1: Math.cos(i) * (i % 50), z2: Math.sin(i) * (i % 50), beta: i % 2 ? "β = 1" : "β = 8" }));
    const chart = densityPlot(rows, { x: "z1", y: "z2", facet: "beta", bins: 10 });
    const spec: any = chart.spec;
    assert.equal(spec.data.values.reduce((a: number, c: any) => a + c.count, 0), 400);
    const rect = unit(spec, "rect");
    assert.deepEqual(rect.encoding.color.scale, { type: "log", scheme: "viridis" });
    assert.equal(rect.encoding.x2.field, "x1");
    await assertRenders(chart, ["rect"]);
    assert.throws(() => densityPlot(rows, { x: "z1", y: "z3" }), /missing column "z3"/);
  });
});
