// Loads the numpy/scipy reference values of test/fixtures/objectives/objectives.json (generator:
// test/fixtures/objectives/make_objectives.py) and compares tensors with them.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";

// Compiled tests live in dist/test/toolkit/objectives; the fixture stays in the source tree.
const FIXTURE = path.resolve(__dirname, "../../../../test/fixtures/objectives/objectives.json");

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fixture: any = JSON.parse(fs.readFileSync(FIXTURE, "utf8"));

export function assertClose(actual: tf.Tensor | number, expected: unknown, tol: number, label: string): void {
  const a = typeof actual === "number" ? [actual] : Array.from(actual.dataSync());
  const e = (Array.isArray(expected) ? (expected as unknown[]).flat(3) : [expected]) as number[];
  assert.equal(a.length, e.length, `${label}: ${a.length} values, expected ${e.length}`);
  a.forEach((v, i) => {
    assert.ok(Math.abs(v - e[i]) <= tol * Math.max(1, Math.abs(e[i])), `${label}[${i}]: ${v} vs reference ${e[i]} (tol ${tol})`);
  });
}

export function t2(rows: number[][]): tf.Tensor2D {
  return tf.tensor2d(rows);
}
