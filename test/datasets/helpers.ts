// Shared helpers of the dataset tests.
import * as path from "path";
import * as fs from "fs";
import * as tf from "@tensorflow/tfjs";
import type { Batch } from "../../datasets";

/** test/fixtures/datasets, from the compiled dist/test/datasets. */
export const FIXTURES = path.join(__dirname, "..", "..", "..", "test", "fixtures", "datasets");

export function readFixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")) as T;
}

export function disposeBatch(b: Batch): void {
  tf.dispose([b.x, b.u, b.factors].filter((t): t is tf.Tensor => t !== undefined));
}
