// variableTypeCounts: mean counts over runs against numpy (fixtures/make_summaries.py), stacked in the
// order active, mixed, passive with the fixed colours, facets by model and dataset.
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { variableTypeCounts } from "../../../toolkit/charts/counts";
import { variableTypeScale } from "../../../toolkit/charts/theme";
import { assertRenders, close, fixture, unit } from "./helpers";

describe("variableTypeCounts", () => {
  test("averages wide rows over seeds like numpy and stacks them in type order", async () => {
    const f = fixture().counts;
    const chart = variableTypeCounts(f.rows);
    const spec: any = chart.spec;
    for (const ref of f.summary) {
      const row = spec.data.values.find((v: any) => v.x === ref.beta && v.type === ref.type);
      close(row.count, ref.mean, 1e-12, `${ref.beta}/${ref.type}`);
      assert.equal(row.runs, 3);
    }
    const bar = unit(spec, "bar");
    assert.deepEqual(bar.encoding.x, { field: "x", type: "ordinal", sort: [1, 4, 16], title: "β", axis: { labelAngle: 0 } });
    assert.equal(bar.encoding.y.stack, "zero");
    assert.deepEqual(bar.encoding.color.scale, variableTypeScale());
    assert.deepEqual(spec.transform, [{ calculate: 'indexof(["active","mixed","passive"], datum.type)', as: "typeOrder" }]);
    assert.equal(spec.facet, undefined);
    await assertRenders(chart, ["rect"]);
  });

  test("long rows with model and dataset become facet rows and columns", async () => {
    const rows = ["VAE", "VGON"].flatMap((model) =>
      ["mnist", "dsprites"].flatMap((dataset) =>
        [1, 5, 25].flatMap((lambda) => [{ model, dataset, lambda, type: "active", count: 10 - lambda / 5 }, { model, dataset, lambda, type: "passive", count: lambda / 5 }]),
      ),
    );
    const chart = variableTypeCounts(rows, { x: "lambda" });
    const spec: any = chart.spec;
    assert.deepEqual(spec.facet, { column: { field: "dataset", type: "nominal", title: "dataset" }, row: { field: "model", type: "nominal", title: "model" } });
    assert.equal(spec.spec.encoding.x.title, "λ");
    await assertRenders(chart, ["rect"]);
  });

  test("rejects an unknown type and a negative count", () => {
    assert.throws(() => variableTypeCounts([{ beta: 1, type: "dead", count: 1 }]), /data\[0\].type: expected "active", "mixed" or "passive", got "dead"/);
    assert.throws(() => variableTypeCounts([{ beta: 1, active: -1, mixed: 0, passive: 0 }]), /count >= 0, got -1/);
  });
});
