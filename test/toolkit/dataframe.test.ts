// Tidy tables as danfo.js DataFrames: columns and cells as the rows give them, a groupby checked against sums
// computed by hand, errors that name the bad row, the HTML table a notebook shows, study results' toDataFrame,
// and danfojs loading only on first use (checked in a child process, since require's cache is per process).
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, test } from "node:test";

import { toDataFrame } from "../../toolkit/dataframe";
import { formatBundle } from "../../toolkit/display";
import { withDataFrames } from "../../toolkit/studies/runner";

describe("toDataFrame", () => {
  test("one column per key in first-seen order; a missing key is null; nested values are JSON", () => {
    const df = toDataFrame([{ beta: 1, kind: "vae", dims: [0, 2] }, { beta: 4, kind: "vgon" }, { kind: "vae", beta: 8, extra: true }]);
    assert.deepEqual(df.columns, ["beta", "kind", "dims", "extra"]);
    assert.deepEqual(df.shape, [3, 4]);
    assert.deepEqual(df.values, [[1, "vae", "[0,2]", null], [4, "vgon", null, null], [8, "vae", null, true]]);
  });

  test("a groupby of a study-like table matches sums computed by hand", () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ model: ["vae", "vgon", "ae"][i % 3], beta: 1 + (i % 5), kl: Math.sin(i) + 2 }));
    const grouped = toDataFrame(rows).groupby(["model"]).agg({ kl: ["mean", "count"] });
    const byModel = new Map(grouped.values.map((r) => [(r as unknown[])[0], r as unknown[]]));
    for (const model of ["vae", "vgon", "ae"]) {
      const kls = rows.filter((r) => r.model === model).map((r) => r.kl);
      const [, mean, count] = byModel.get(model)!;
      assert.equal(count, kls.length);
      assert.ok(Math.abs((mean as number) - kls.reduce((s, x) => s + x, 0) / kls.length) < 1e-12, `${model}: ${mean}`);
    }
  });

  test("bad input is an error naming the row and what was seen", () => {
    assert.throws(() => toDataFrame("rows" as unknown as object[]), /rows must be an array of row objects, got string/);
    assert.throws(() => toDataFrame([{ a: 1 }, [1, 2]]), /rows\[1\] must be a plain object \(one row\), got an array/);
    assert.throws(() => toDataFrame([{ a: 1 }, null as unknown as object]), /rows\[1\] must be a plain object \(one row\), got null/);
    assert.throws(() => toDataFrame([new Map()]), /rows\[0\] must be a plain object \(one row\), got a Map/);
    assert.throws(() => toDataFrame([]), /no columns: the rows are empty; pass options.columns/);
    assert.throws(() => toDataFrame([{ a: 1, b: 2 }], { columns: ["a"] }), /the rows have columns b that columns does not name/);
    assert.deepEqual(toDataFrame([], { columns: ["a", "b"] }).columns, ["a", "b"]);
  });

  test("a DataFrame displays as an HTML table and aligned text", async () => {
    const bundle = await formatBundle(toDataFrame([{ type: "active", count: 3 }, { type: "passive", count: 7 }]));
    assert.match(String(bundle["text/html"]), /<table[\s\S]*<th>type<\/th>[\s\S]*<td>passive<\/td>[\s\S]*<td>7<\/td>/);
    assert.match(String(bundle["text/plain"]), /\[2 rows × 2 columns\]/);
  });

  test("study results give each table as a DataFrame and still serialise as plain data", () => {
    const result = withDataFrames({
      study: "demo", scale: "smoke" as const, config: {}, seconds: 1,
      cache: { hits: 0, misses: 0, trainings: 0 },
      tables: { kl: [{ beta: 1, kl: 3 }, { beta: 4, kl: 1 }], types: [{ beta: 1, active: 5 }] },
    });
    assert.deepEqual(result.toDataFrame("kl").values, [[1, 3], [4, 1]]);
    assert.deepEqual(result.toDataFrame("types").columns, ["beta", "active"]);
    assert.throws(() => result.toDataFrame(), /demo result.toDataFrame\(table\): the study has 2 tables, so name one; expected one of kl, types/);
    assert.throws(() => result.toDataFrame("nope" as "kl"), /no table "nope"; expected one of kl, types/);
    assert.equal(JSON.stringify(result).includes("toDataFrame"), false);
    const single = withDataFrames({ ...result, tables: { kl: result.tables.kl } });
    assert.deepEqual(single.toDataFrame().shape, [2, 2]);
  });

  test("loading the toolkit does not load danfojs; the first toDataFrame does", () => {
    const toolkit = path.resolve(__dirname, "..", "..", "toolkit");
    const script = `const loaded = () => Object.keys(require.cache).some((k) => k.includes("/danfojs/"));
      const pl = require(${JSON.stringify(toolkit)});
      const before = loaded();
      pl.toDataFrame([{ a: 1 }]);
      console.log(JSON.stringify({ before, after: loaded() }));`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").pop()!), { before: false, after: true });
  });
});
