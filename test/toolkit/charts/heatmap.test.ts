// Heatmaps: cells in the given order, values printed when the grid is small, the encoder / decoder
// quadrant lines at the first decoder layer, correlation labels coloured by variable type.
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { ANNOTATE_MAX_CELLS, correlationHeatmap, heatmap, hyperparameterHeatmap, layerSimilarityHeatmap } from "../../../toolkit/charts/heatmap";
import { VARIABLE_TYPE_COLORS } from "../../../toolkit/charts/theme";
import { assertRenders, units, unit } from "./helpers";

const LAYERS = ["input", "enc1", "enc2", "mean", "variance", "sampled", "dec1", "dec2", "output"];
const similarity = LAYERS.map((_, i) => LAYERS.map((__, j) => Math.exp(-Math.abs(i - j) / 3)));

describe("heatmap", () => {
  test("matrix cells keep row and column order and print values on small grids", async () => {
    const chart = heatmap([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], { xLabels: ["a", "b", "c"], yLabels: ["r1", "r2"] });
    const spec: any = chart.spec;
    assert.deepEqual(spec.data.values[5], { x: "c", y: "r2", value: 0.6 });
    const rect = unit(spec, "rect");
    assert.deepEqual(rect.encoding.x.scale, { domain: ["a", "b", "c"] });
    assert.deepEqual(rect.encoding.y.scale, { domain: ["r1", "r2"] });
    assert.deepEqual(rect.encoding.color.scale, { scheme: "viridis", domain: [0, 1] });
    const text = unit(spec, "text");
    assert.deepEqual(text.encoding.text, { field: "value", type: "quantitative", format: ".2f" });
    // Low values sit on viridis' dark end: white text there.
    assert.deepEqual(text.encoding.color, { condition: { test: "datum.value < 0.5", value: "white" }, value: "black" });
    const svg = await assertRenders(chart, ["rect", "text"]);
    assert.ok(svg.includes(">0.60</text>"));
  });

  test("big grids are not annotated unless asked; the domain follows values outside [0, 1]", () => {
    const big = Array.from({ length: 13 }, (_, i) => Array.from({ length: 12 }, (_, j) => i - j));
    assert.ok(13 * 12 > ANNOTATE_MAX_CELLS);
    const spec: any = heatmap(big).spec;
    assert.equal(units(spec).length, 1);
    assert.deepEqual(unit(spec, "rect").encoding.color.scale.domain, [-11, 12]);
    assert.equal(units(heatmap(big, { annotate: true }).spec).length, 2);
  });

  test("β × β rows sort numerically; a duplicate cell is an error", async () => {
    const rows = [16, 1, 4].flatMap((a) => [16, 1, 4].map((b) => ({ betaVAE: a, betaVGON: b, cka: 1 / (1 + Math.abs(a - b)) })));
    const chart = hyperparameterHeatmap(rows, { x: "betaVAE", y: "betaVGON", value: "cka" });
    assert.deepEqual(unit(chart.spec, "rect").encoding.x.scale.domain, ["1", "4", "16"]);
    await assertRenders(chart, ["rect"]);
    assert.throws(() => heatmap([...rows, rows[0]], { x: "betaVAE", y: "betaVGON", value: "cka" }), /data\[9\]: a second value for cell/);
  });
});

describe("layerSimilarityHeatmap", () => {
  test("draws quadrant lines at the left / top edge of the first decoder layer", async () => {
    const chart = layerSimilarityHeatmap(similarity, { xLayers: LAYERS });
    const rules = units(chart.spec).filter((u) => u.mark.type === "rule");
    assert.deepEqual(rules.map((r) => r.data.values[0].cut), ["dec1", "dec1"]);
    assert.deepEqual(rules[0].encoding.x, { field: "cut", type: "ordinal", scale: { domain: LAYERS }, bandPosition: 0 });
    assert.equal(rules[1].encoding.y.bandPosition, 0);
    assert.deepEqual(unit(chart.spec, "rect").encoding.color.scale.domain, [0, 1]);
    await assertRenders(chart, ["rect", "rule", "text"]);
  });

  test("takes the similarity study's tidy rows; a null similarity leaves its cell blank", async () => {
    const rows = LAYERS.flatMap((layerA, i) => LAYERS.map((layerB, j) => ({ layerA, layerB, similarity: i === 4 && j === 4 ? null : similarity[i][j] }))).reverse();
    const chart = layerSimilarityHeatmap(rows, { xLayers: LAYERS, x: "layerB", y: "layerA", value: "similarity" });
    const spec: any = chart.spec;
    assert.equal(spec.data.values.length, 80);
    assert.deepEqual(unit(spec, "rect").encoding.y.scale.domain, LAYERS, "network order, not the rows' order");
    assert.equal(spec.title.subtitle, "blank cells: 1 undefined (null) value left out");
    await assertRenders(chart, ["rect", "rule"]);
    assert.throws(() => layerSimilarityHeatmap(rows, { xLayers: LAYERS.slice(0, 8), x: "layerB", y: "layerA", value: "similarity" }), /options.xLabels: misses "output" found in data.layerB/);
  });

  test("two architectures, explicit decoder starts, and clear errors", () => {
    const fc = ["input", "fc1", "mean", "sampled", "fc2", "output"];
    const m = fc.map(() => LAYERS.map(() => 0.5));
    const chart = layerSimilarityHeatmap(m, { xLayers: LAYERS, yLayers: fc, yDecoderStart: 4 });
    const rules = units(chart.spec).filter((u) => u.mark.type === "rule");
    assert.deepEqual(rules.map((r) => r.data.values[0].cut), ["dec1", "fc2"]);
    assert.throws(() => layerSimilarityHeatmap(m, { xLayers: LAYERS, yLayers: fc }), /yDecoderStart: no layer name starts with "dec"/);
    assert.throws(() => layerSimilarityHeatmap(similarity, { xLayers: LAYERS.slice(1) }), /xLabels: expected 9 labels, got 8/);
  });
});

describe("correlationHeatmap", () => {
  test("diverging scale over [-1, 1] and axis labels in the variable-type colours", async () => {
    const c = [[1, 0.3, -0.8], [0.3, 1, 0], [-0.8, 0, 1]];
    const chart = correlationHeatmap(c, { types: ["active", "passive", "mixed"] });
    const rect = unit(chart.spec, "rect");
    assert.deepEqual(rect.encoding.color.scale, { scheme: "blueorange", domain: [-1, 1] });
    assert.equal(
      rect.encoding.y.axis.labelColor.expr,
      `datum.value === "z0" ? "${VARIABLE_TYPE_COLORS.active}" : datum.value === "z1" ? "${VARIABLE_TYPE_COLORS.passive}" : datum.value === "z2" ? "${VARIABLE_TYPE_COLORS.mixed}" : '#333333'`,
    );
    const svg = await assertRenders(chart, ["rect", "text"]);
    assert.ok(svg.includes(`fill="${VARIABLE_TYPE_COLORS.passive}"`), "a passive label is drawn in the passive colour");
  });

  test("takes the mean-vs-sampled study's cells {row, col, correlation, rowType}", async () => {
    const types = ["active", "passive", "active", "mixed", "active", "active", "active", "active", "active", "active", "passive"];
    const cells = types.flatMap((rowType, row) => types.map((_, col) => ({ row, col, rowType, correlation: row === col ? 1 : 0.1 })));
    const chart = correlationHeatmap(cells);
    const rect = unit(chart.spec, "rect");
    assert.deepEqual(rect.encoding.y.scale.domain.slice(8), ["z8", "z9", "z10"], "numeric order, not string order");
    assert.ok(rect.encoding.y.axis.labelColor.expr.includes(`datum.value === "z10" ? "${VARIABLE_TYPE_COLORS.passive}"`));
    await assertRenders(chart, ["rect"]);
  });
});
