// Input forms every builder accepts (rows, column arrays, a danfojs DataFrame) and the errors on bad input.
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { matrixRows, requireFields, toRows, finiteAt } from "../../../toolkit/charts/data";

describe("toRows", () => {
  test("reads row objects into a new array", () => {
    const input = [{ a: 1 }, { a: 2 }];
    const rows = toRows(input);
    assert.deepEqual(rows, input);
    assert.notEqual(rows, input);
  });

  test("reads equal-length column arrays, typed arrays included", () => {
    assert.deepEqual(toRows({ step: [0, 1], loss: new Float32Array([2.5, 1.5]) }), [
      { step: 0, loss: 2.5 },
      { step: 1, loss: 1.5 },
    ]);
    assert.throws(() => toRows({ a: [1, 2], b: [1] }), /column "b" has 1 values but "a" has 2/);
  });

  test("reads a danfojs DataFrame", () => {
    // danfojs is loaded only here: the charts themselves duck-type DataFrames.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const dfd = require("danfojs");
    const df = new dfd.DataFrame({ beta: [1, 4], passive: [0, 3] });
    assert.deepEqual(toRows(df), [
      { beta: 1, passive: 0 },
      { beta: 4, passive: 3 },
    ]);
  });

  test("names the argument and the bad value", () => {
    assert.throws(() => toRows([{ a: 1 }, 5 as any], "history"), /history\[1\]: expected a row object, got number 5/);
    assert.throws(() => requireFields([{ a: 1 }], ["b"], "data"), /data\[0\]: missing column "b" \(columns present: a\)/);
    assert.throws(() => requireFields([], ["b"], "data"), /at least one row/);
    assert.throws(() => finiteAt({ y: NaN }, "y", 3, "data"), /data\[3\]\.y: expected a finite number, got number NaN/);
  });

  test("matrices come as number[][] or {data, shape}", () => {
    assert.deepEqual(matrixRows({ data: new Float64Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] }, "m"), [[1, 2, 3], [4, 5, 6]]);
    assert.throws(() => matrixRows([[1, 2], [3]], "m"), /m\[1\]: has 1 columns, row 0 has 2/);
    assert.throws(() => matrixRows([[1, Infinity]], "m"), /m\[0\]\[1\]: expected a finite number, got Infinity/);
  });
});
