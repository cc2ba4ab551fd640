// fondueTrace: both traces per n, the search path numbered in visiting order on the Tr Var[Z] curve,
// the returned n as a marker line (thesis Fig. 8.1, Algorithm 1).
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { fondueTrace, TRACE_MEAN, TRACE_SAMPLED } from "../../../toolkit/charts/fondue";
import { assertRenders, dataValues, units, unit } from "./helpers";

// Tr Var[M] saturates once n passes the data's dimensionality (5); Tr Var[Z] keeps adding one per
// passive variable, so the difference first exceeds t = 1 at n = 7 and the search returns 6.
const trace = (n: number) => ({ mean: Math.min(n, 5), sampled: Math.min(n, 5) * 1.1 + Math.max(0, n - 5) });
const rows = [2, 4, 5, 6, 7, 8, 16].map((n) => ({ n, traceMean: trace(n).mean, traceSampled: trace(n).sampled }));

describe("fondueTrace", () => {
  test("two trace series, the numbered path and the returned n", async () => {
    const chart = fondueTrace(rows, { selected: 6, path: [4, 8, 16, 6, 7, 5] });
    const spec: any = chart.spec;
    const curves = dataValues(spec, "curve");
    assert.deepEqual([...new Set(curves.map((c) => c.series))], [TRACE_SAMPLED, TRACE_MEAN]);
    assert.equal(curves.find((c) => c.series === TRACE_MEAN && c.x === 16).mean, 5);
    const path = dataValues(spec, "path");
    assert.deepEqual(path.map((p) => [p.step, p.x, p.y]), [[1, 4, 4.4], [2, 8, 8.5], [3, 16, 16.5], [4, 6, 6.5], [5, 7, 7.5], [6, 5, 5.5]]);
    assert.deepEqual(dataValues(spec, "marker"), [{ kind: "marker", x: 6, label: "FONDUE: n = 6" }]);
    const text = unit(spec, "text");
    assert.equal(text.encoding.text.field, "step");
    assert.deepEqual(unit(spec, "line").encoding.color.scale.domain, [TRACE_SAMPLED, TRACE_MEAN]);
    assert.equal(spec.title.subtitle, "circled numbers: the order in which the search visited n");
    await assertRenders(chart, ["line", "rule", "symbol", "text"]);
  });

  test("the studies' search steps: scores as traces, the path in iteration order", async () => {
    // toolkit/studies SearchStep rows, listed out of order: the iteration column decides the path.
    const visited = [4, 8, 6, 7];
    const steps = visited.map((n, iteration) => ({ iteration, n, scoreSampled: trace(n).sampled, scoreMean: trace(n).mean, decision: n < 7 ? "accept" : "reject" })).reverse();
    const chart = fondueTrace(steps, { selected: 6 });
    assert.deepEqual(dataValues(chart.spec, "path").map((p) => [p.step, p.x]), [[1, 4], [2, 8], [3, 6], [4, 7]]);
    assert.deepEqual(dataValues(chart.spec, "curve").filter((c) => c.series === TRACE_MEAN).map((c) => c.x), [4, 6, 7, 8]);
    await assertRenders(chart, ["line", "symbol", "text"]);
    // Several seeds: no single path to draw.
    const seeds = [0, 1].flatMap((seed) => steps.map((s) => ({ ...s, seed })));
    assert.deepEqual(dataValues(fondueTrace(seeds).spec, "path"), []);
  });

  test("no path or n: just the traces; a visited n without a row is an error", () => {
    assert.equal(units(fondueTrace(rows).spec).filter((u) => u.mark.type === "rule").length, 0);
    assert.throws(() => fondueTrace(rows, { path: [4, 3] }), /options.path\[1\]: n = 3 has no trace in data/);
    assert.throws(() => fondueTrace([{ n: 2, a: 1 }]), /missing column "traceSampled"/);
  });
});
