// uncertaintyCurves / elbowPlot: mean, sample sd, min and max over seeds against numpy
// (fixtures/make_summaries.py); band, line and markers in every panel; series colours from the theme.
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { elbowPlot, summariseRuns, uncertaintyCurves } from "../../../toolkit/charts/curves";
import { REPRESENTATION_COLORS, SERIES_COLORS } from "../../../toolkit/charts/theme";
import { assertRenders, close, dataValues, fixture, unit } from "./helpers";

describe("summariseRuns", () => {
  const f = fixture().runs;
  test("mean ± sd (ddof 1) and min–max match numpy", () => {
    const sd = summariseRuns(f.rows, { x: "beta", y: "kl", band: "sd" });
    const mm = summariseRuns(f.rows, { x: "beta", y: "kl", band: "minmax" });
    const se = summariseRuns(f.rows, { x: "beta", y: "kl", band: "se2" });
    f.summary.forEach((ref: any, i: number) => {
      // ± 2 standard errors: 2 · sd / √5 over the fixture's 5 runs.
      close(se[i].lo, ref.mean - (2 * ref.sd) / Math.sqrt(5), 1e-12, "lo (se2)");
      close(se[i].hi, ref.mean + (2 * ref.sd) / Math.sqrt(5), 1e-12, "hi (se2)");
      assert.equal(sd[i].x, ref.x);
      close(sd[i].mean, ref.mean, 1e-12, "mean");
      close(sd[i].sd, ref.sd, 1e-12, "sd");
      close(sd[i].lo, ref.mean - ref.sd, 1e-12, "lo");
      close(sd[i].hi, ref.mean + ref.sd, 1e-12, "hi");
      close(mm[i].lo, ref.min, 1e-12, "min");
      close(mm[i].hi, ref.max, 1e-12, "max");
      assert.equal(sd[i].runs, 5);
    });
  });

  test("a single run has sd 0 (no NaN band), and a non-finite y names its row", () => {
    assert.deepEqual(summariseRuns([{ x: 1, y: 2 }], { x: "x", y: "y" })[0].sd, 0);
    assert.throws(() => summariseRuns([{ x: 1, y: 2 }, { x: 2, y: NaN }], { x: "x", y: "y" }), /data\[1\].y: expected a finite number/);
  });
});

describe("uncertaintyCurves", () => {
  const rows = ["mean", "sampled"].flatMap((representation) =>
    [1, 2, 4, 8].flatMap((beta) => [0, 1, 2].map((seed) => ({ representation, beta, seed, tc: (representation === "mean" ? 2 : 1) * Math.log(beta + 1) + 0.1 * seed }))),
  );

  test("draws band, line and points per series with the representation colours", async () => {
    const chart = uncertaintyCurves(rows, { x: "beta", y: "tc", series: "representation", xScale: "log", yTitle: "total correlation (nats)" });
    const spec: any = chart.spec;
    const area = unit(spec, "area");
    assert.equal(area.encoding.y.field, "lo");
    assert.equal(area.encoding.y2.field, "hi");
    const line = unit(spec, "line");
    assert.equal(line.encoding.y.field, "mean");
    assert.equal(line.encoding.y.title, "total correlation (nats)");
    assert.deepEqual(line.encoding.x.scale, { type: "log", nice: false });
    assert.deepEqual(line.encoding.color.scale, { domain: ["mean", "sampled"], range: [REPRESENTATION_COLORS.mean, REPRESENTATION_COLORS.sampled] });
    assert.equal(dataValues(spec, "curve").length, 8);
    assert.equal(spec.subtitle ?? spec.title.subtitle, "mean ± sd over runs");
    await assertRenders(chart, ["area", "line", "symbol"]);
  });

  test("band 'none' drops the area; other series names take the Okabe–Ito palette", async () => {
    const chart = uncertaintyCurves(rows.map((r) => ({ ...r, representation: r.representation + "!" })), { x: "beta", y: "tc", series: "representation", band: "none" });
    assert.throws(() => unit(chart.spec, "area"));
    assert.deepEqual(unit(chart.spec, "line").encoding.color.scale.range, SERIES_COLORS.slice(0, 2));
    await assertRenders(chart, ["line"]);
  });
});

describe("null values (undefined scores in the studies' tables)", () => {
  test("are left out of the mean and reported in the subtitle; NaN stays an error", async () => {
    const rows = [
      { beta: 1, seed: 0, tc: 1 }, { beta: 1, seed: 1, tc: 3 }, { beta: 1, seed: 2, tc: null },
      { beta: 2, seed: 0, tc: null }, { beta: 4, seed: 0, tc: 5 },
    ];
    const chart = uncertaintyCurves(rows, { x: "beta", y: "tc" });
    const spec: any = chart.spec;
    assert.deepEqual(dataValues(spec, "curve").map((c) => [c.x, c.mean, c.runs]), [[1, 2, 2], [4, 5, 1]]);
    assert.equal(spec.title.subtitle, "mean ± sd over runs; 2 undefined (null) values left out");
    await assertRenders(chart, ["line"]);
    assert.throws(() => uncertaintyCurves([{ beta: 1, tc: NaN }], { x: "beta", y: "tc" }), /data\[0\].tc: expected a finite number, got number NaN/);
  });
});

describe("elbowPlot", () => {
  test("marks FONDUE's n in every panel of each metric", async () => {
    const rows = [2, 4, 8, 16, 32].flatMap((n) => [0, 1].flatMap((seed) => [
      { n, seed, metric: "reconstruction loss (nats)", value: 100 / n + seed },
      { n, seed, metric: "downstream accuracy", value: 1 - 1 / n },
    ]));
    const chart = elbowPlot(rows, { x: "n", y: "value", facet: "metric", fondue: { FONDUE: 8, FONDUE_IB: 16 } });
    const spec: any = chart.spec;
    const markers = dataValues(spec, "marker");
    assert.deepEqual(markers.map((m) => [m.facet, m.label, m.x]), [
      ["reconstruction loss (nats)", "FONDUE", 8], ["downstream accuracy", "FONDUE", 8],
      ["reconstruction loss (nats)", "FONDUE_IB", 16], ["downstream accuracy", "FONDUE_IB", 16],
    ]);
    const rule = unit(spec, "rule");
    assert.equal(rule.encoding.x.field, "x");
    assert.deepEqual(rule.encoding.strokeDash.scale.domain, ["FONDUE", "FONDUE_IB"]);
    assert.deepEqual(spec.resolve.scale, { y: "independent" });
    assert.equal(unit(spec, "line").encoding.x.title, "number of latent variables n");
    await assertRenders(chart, ["rule", "line"]);
  });
});
