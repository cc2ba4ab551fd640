import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { FactorGrid, DSPRITES_FACTORS, dspritesGrid } from "../../datasets";

describe("FactorGrid", () => {
  test("dSprites grid has 737,280 entries with posY fastest (Matthey et al. 2017 storage order)", () => {
    assert.equal(dspritesGrid.length, 737280);
    assert.deepEqual(DSPRITES_FACTORS.sizes, [3, 6, 40, 32, 32]);
    assert.deepEqual(Array.from(dspritesGrid.tupleOf(1)), [0, 0, 0, 0, 1]);
    assert.deepEqual(Array.from(dspritesGrid.tupleOf(32)), [0, 0, 0, 1, 0]);
    assert.deepEqual(Array.from(dspritesGrid.tupleOf(1024)), [0, 0, 1, 0, 0]);
    assert.deepEqual(Array.from(dspritesGrid.tupleOf(40960)), [0, 1, 0, 0, 0]);
    assert.deepEqual(Array.from(dspritesGrid.tupleOf(245760)), [1, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(dspritesGrid.tupleOf(737279)), [2, 5, 39, 31, 31]);
  });

  test("index ↔ tuple round trip over the whole dSprites grid", () => {
    const t = new Int32Array(5);
    for (let i = 0; i < dspritesGrid.length; i += 7) assert.equal(dspritesGrid.indexOf(dspritesGrid.tupleOf(i, t)), i);
  });

  test("factor values follow the original linspaces (orientation 0 and 2π both present)", () => {
    assert.equal(DSPRITES_FACTORS.values[1][0], 0.5);
    assert.equal(DSPRITES_FACTORS.values[1][5], 1);
    assert.equal(DSPRITES_FACTORS.values[2][39], 2 * Math.PI);
    assert.equal(DSPRITES_FACTORS.values[3][31], 1);
  });

  test("bad input names the argument", () => {
    assert.throws(() => new FactorGrid([3, 0]), /positive integer, got 0/);
    assert.throws(() => dspritesGrid.indexOf([0, 6, 0, 0, 0]), /factor 1 index must be an integer in \[0, 5\], got 6/);
    assert.throws(() => dspritesGrid.tupleOf(737280), /grid index/);
  });
});
