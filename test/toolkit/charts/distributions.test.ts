// latentHistograms: per-panel bins against numpy.histogram (fixtures/make_summaries.py), one panel per
// (representation, dimension), bars coloured by the fixed variable-type colours.
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { histogramBins, latentHistograms, representationRows } from "../../../toolkit/charts/distributions";
import { VARIABLE_TYPE_COLORS } from "../../../toolkit/charts/theme";
import { assertRenders, close, fixture, unit } from "./helpers";

describe("histogramBins", () => {
  for (const h of fixture().histograms) {
    test(`matches numpy.histogram on the "${h.name}" sample`, () => {
      const bins = histogramBins(h.values, h.bins);
      assert.deepEqual(bins.map((b) => b.count), h.counts);
      bins.forEach((b, k) => {
        close(b.start, h.edges[k], 1e-12, `start ${k}`);
        close(b.end, h.edges[k + 1], 1e-12, `end ${k}`);
      });
    });
  }

  test("a constant sample gets one narrow bin holding every value", () => {
    assert.deepEqual(histogramBins([2, 2, 2], 10), [{ start: 2 - 1e-3, end: 2 + 1e-3, count: 3 }]);
  });
});

describe("latentHistograms", () => {
  const mean = Array.from({ length: 200 }, (_, i) => [Math.sin(i), 0.001 * Math.cos(i), (i % 7) / 7]);
  const variance = mean.map(([a, , c]) => [0.01 + 0.001 * a, 1 + 0.001 * c, c]);

  test("one panel per representation and dimension, coloured by variable type", async () => {
    const rows = representationRows({ mean, variance }, { dimensions: [0, 1, 2] });
    assert.equal(rows.length, 2 * 3 * 200);
    const chart = latentHistograms(rows, { types: { active: [0], mixed: [2], passive: [1] }, bins: 20 });
    const spec: any = chart.spec;
    assert.deepEqual(spec.facet.row.sort, ["mean", "variance"]);
    assert.deepEqual(spec.facet.column.sort, ["z0 (active)", "z1 (passive)", "z2 (mixed)"]);
    assert.deepEqual(spec.resolve.scale, { x: "independent", y: "independent" });
    const bar = unit(spec, "bar");
    assert.equal(bar.encoding.x.field, "start");
    assert.deepEqual(bar.encoding.x.bin, { binned: true });
    assert.equal(bar.encoding.y.field, "count");
    assert.deepEqual(bar.encoding.color.scale, { domain: ["active", "mixed", "passive"], range: [VARIABLE_TYPE_COLORS.active, VARIABLE_TYPE_COLORS.mixed, VARIABLE_TYPE_COLORS.passive] });
    // Every panel's counts add up to the number of examples.
    const totals = new Map<string, number>();
    for (const v of spec.data.values) totals.set(`${v.representation}/${v.dimension}`, (totals.get(`${v.representation}/${v.dimension}`) ?? 0) + v.count);
    assert.deepEqual([...totals.values()], [200, 200, 200, 200, 200, 200]);
    const svg = await assertRenders(chart, ["rect"]);
    assert.ok(svg.includes(`fill="${VARIABLE_TYPE_COLORS.passive}"`));
  });

  test("reads the collapse study's sample rows {dim, type, representation, value}", async () => {
    const rows = [0, 1].flatMap((dim) => ["mean", "variance"].flatMap((representation) => [0.1, 0.2, 0.4].map((value) => ({ model: "VAE", beta: 4, dim, type: dim ? "passive" : "active", representation, value }))));
    const chart = latentHistograms(rows, { bins: 3 });
    assert.deepEqual((chart.spec as any).facet.column.sort, ["z0 (active)", "z1 (passive)"]);
    await assertRenders(chart, ["rect"]);
  });

  test("takes the type from a column, and says which dimension has none", () => {
    const rows = [{ dimension: 0, value: 1, type: "active" }, { dimension: 0, value: 2, type: "active" }];
    assert.equal((latentHistograms(rows).spec as any).facet.row, undefined);
    assert.throws(() => latentHistograms([{ dimension: 4, value: 1 }]), /no variable type for dimension 4/);
    assert.throws(() => latentHistograms(rows, { types: ["active", "bogus" as any] }), /types\[1\]: expected "active", "mixed" or "passive"/);
    assert.throws(() => representationRows({ mean }, { dimensions: [3] }), /3 is not a dimension of matrices.mean \(0..2\)/);
  });
});
