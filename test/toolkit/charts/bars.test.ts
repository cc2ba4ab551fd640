// Grouped bars with ± sd error bars and a baseline (thesis Fig. 6.4), curves over passive-count bars
// on a second axis (thesis Fig. 6.6), and the scatter plot (Rolinek Fig. 4, Mathieu Fig. 2).
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { curvesWithPassiveCounts, groupedBars } from "../../../toolkit/charts/bars";
import { scatterPlot } from "../../../toolkit/charts/scatter";
import { REPRESENTATION_COLORS, VARIABLE_TYPE_COLORS } from "../../../toolkit/charts/theme";
import { assertRenders, close, dataValues, units, unit } from "./helpers";

describe("groupedBars", () => {
  const rows = ["mean", "sampled"].flatMap((representation) =>
    ["all", "active", "active+mixed"].flatMap((subset) => [0, 1, 2].map((seed) => ({ representation, subset, seed, accuracy: 0.5 + 0.1 * seed + (representation === "mean" ? 0.1 : 0), random: 1 / 3 }))),
  );

  test("mean ± sd per group, series side by side, baseline from a column", async () => {
    const chart = groupedBars(rows, { x: "subset", y: "accuracy", series: "representation", baseline: "random", baselineLabel: "random classifier" });
    const spec: any = chart.spec;
    const bar = dataValues(spec, "bar").find((b) => b.x === "active" && b.series === "mean");
    close(bar.mean, 0.7, 1e-12, "mean");
    close(bar.hi - bar.mean, 0.1, 1e-12, "sd"); // sample sd of 0.6, 0.7, 0.8
    assert.deepEqual(dataValues(spec, "baseline").map((b) => b.mean), [1 / 3]);
    const barUnit = unit(spec, "bar");
    assert.deepEqual(barUnit.encoding.xOffset, { field: "series", type: "nominal", sort: ["mean", "sampled"] });
    assert.deepEqual(barUnit.encoding.color.scale.range, [REPRESENTATION_COLORS.mean, REPRESENTATION_COLORS.sampled]);
    assert.equal(spec.title.subtitle, "mean ± sd over runs; dashed: random classifier");
    await assertRenders(chart, ["rect", "rule"]);
  });

  test("null accuracies are left out and counted in the subtitle", () => {
    const spec: any = groupedBars([{ subset: "all", accuracy: 0.5 }, { subset: "all", accuracy: null }, { subset: "passive", accuracy: null }], { x: "subset", y: "accuracy" }).spec;
    assert.deepEqual(dataValues(spec, "bar").map((b) => [b.x, b.mean, b.runs]), [["all", 0.5, 1]]);
    assert.equal(spec.title.subtitle, "mean ± sd over runs; 2 undefined (null) values left out");
  });

  test("faceted and without series", async () => {
    const chart = groupedBars(rows.map((r) => ({ ...r, factor: r.seed % 2 ? "shape" : "scale" })), { x: "subset", y: "accuracy", facet: "factor", baseline: 0.25 });
    assert.deepEqual(dataValues(chart.spec, "baseline").map((b) => [b.facet, b.mean]), [["scale", 0.25], ["shape", 0.25]]);
    await assertRenders(chart, ["rect"]);
  });
});

describe("curvesWithPassiveCounts", () => {
  test("passive bars on a second axis under the metric curves", async () => {
    const metric = ["mean", "sampled"].flatMap((representation) => [1, 2, 4, 8].map((beta) => ({ representation, beta, tc: representation === "mean" ? beta : 1 })));
    const counts = [1, 2, 4, 8].flatMap((beta) => [{ beta, passive: Math.log2(beta) }, { beta, passive: Math.log2(beta) + 1 }]);
    const chart = curvesWithPassiveCounts(metric, counts, { x: "beta", y: "tc", series: "representation", yTitle: "TC (nats)" });
    const spec: any = chart.spec;
    assert.deepEqual(spec.resolve.scale, { y: "independent" });
    assert.deepEqual(dataValues(spec, "count").map((c) => c.count), [0.5, 1.5, 2.5, 3.5]);
    const bars = units(spec).find((u) => u.mark.type === "bar");
    assert.equal(bars.mark.color, VARIABLE_TYPE_COLORS.passive);
    assert.equal(bars.encoding.y.axis.orient, "right");
    await assertRenders(chart, ["rect", "line"]);
  });
});

describe("scatterPlot", () => {
  test("points coloured by a column with labels beside them", async () => {
    const rows = [1, 2, 4, 8].map((beta) => ({ beta, recon: 100 + beta, score: 0.5 + beta / 20, prior: beta > 2 ? "learned" : "fixed" }));
    const chart = scatterPlot(rows, { x: "recon", y: "score", color: "prior", label: "beta", xTitle: "reconstruction loss (nats)" });
    const point = unit(chart.spec, "point");
    assert.deepEqual(point.encoding.x, { field: "x", type: "quantitative", title: "reconstruction loss (nats)", scale: { zero: false } });
    assert.equal(point.encoding.color.field, "color");
    assert.equal(unit(chart.spec, "text").encoding.text.field, "label");
    const svg = await assertRenders(chart, ["symbol", "text"]);
    assert.ok(svg.includes(">8</text>"));
    assert.equal(point.mark.aria, undefined);
    const many = Array.from({ length: 1001 }, (_, i) => ({ recon: i, score: i % 7 }));
    assert.equal(unit(scatterPlot(many, { x: "recon", y: "score" }).spec, "point").mark.aria, false);
    assert.throws(() => scatterPlot([{ a: 1, b: "x" }], { x: "a", y: "b" }), /data\[0\].b: expected a finite number, got string x/);
  });
});
