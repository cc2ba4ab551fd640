// concatCharts: panels side by side keep their own data and encodings, with one theme at the top.
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { concatCharts } from "../../../toolkit/charts/compose";
import { heatmap } from "../../../toolkit/charts/heatmap";
import { latentHistograms } from "../../../toolkit/charts/distributions";
import { assertRenders } from "./helpers";

describe("concatCharts", () => {
  test("mean and variance heatmaps side by side, a faceted chart below", async () => {
    const a = heatmap([[1, 0.5], [0.5, 1]], { title: "(a) mean" });
    const b = heatmap([[1, 0.2], [0.2, 1]], { title: "(b) variance" });
    const row = concatCharts([a, b], { title: "Self-similarity" });
    const spec: any = row.spec;
    assert.equal(spec.hconcat.length, 2);
    assert.equal(spec.hconcat[0].title, "(a) mean");
    assert.equal(spec.hconcat[0].config, undefined);
    assert.equal(spec.hconcat[0].$schema, undefined);
    assert.ok(spec.config);
    await assertRenders(row, ["rect", "text"]);
    const hist = latentHistograms([{ dimension: 0, value: 1, type: "active" }, { dimension: 0, value: 2, type: "active" }]);
    const column = concatCharts([row, hist], { direction: "vertical" });
    assert.equal((column.spec as any).vconcat.length, 2);
    await assertRenders(column, ["rect"]);
    assert.throws(() => concatCharts([]), /at least one chart/);
  });
});
