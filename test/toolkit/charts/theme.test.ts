// The theme: fixed variable-type colours, series palettes chosen by series names, and the config
// every builder attaches.
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { REPRESENTATION_COLORS, SERIES_COLORS, VARIABLE_TYPE_COLORS, seriesScale, themed, variableTypeScale, VEGALITE_SCHEMA } from "../../../toolkit/charts/theme";

describe("theme", () => {
  test("active, mixed and passive have fixed, distinct colours in a fixed order", () => {
    assert.deepEqual(VARIABLE_TYPE_COLORS, { active: "#0072B2", mixed: "#E69F00", passive: "#8C8C8C" });
    assert.deepEqual(variableTypeScale(), { domain: ["active", "mixed", "passive"], range: ["#0072B2", "#E69F00", "#8C8C8C"] });
  });

  test("series scales: variable types, then representations, then Okabe–Ito in order", () => {
    assert.deepEqual(seriesScale(["passive", "active"]).range, [VARIABLE_TYPE_COLORS.passive, VARIABLE_TYPE_COLORS.active]);
    assert.deepEqual(seriesScale(["sampled", "mean"]).range, [REPRESENTATION_COLORS.sampled, REPRESENTATION_COLORS.mean]);
    const many = Array.from({ length: 10 }, (_, i) => `s${i}`);
    assert.deepEqual(seriesScale(many).range, [...SERIES_COLORS, SERIES_COLORS[0], SERIES_COLORS[1]]);
  });

  test("themed() adds the schema, the title with subtitle and the config", () => {
    const spec: any = themed({ mark: "point" }, { title: "T", subtitle: "S" });
    assert.equal(spec.$schema, VEGALITE_SCHEMA);
    assert.deepEqual(spec.title, { text: "T", subtitle: "S" });
    assert.equal(spec.config.range.category[0], SERIES_COLORS[0]);
    assert.equal(spec.config.axis.labelFontSize, 11);
  });
});
