// Shared by the metrics tests: fixture loading (JSON written by test/fixtures/metrics/make_*.py) and closeness.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Rng } from "../../../toolkit/compute/rng";

/** Reads test/fixtures/metrics/<name> from the repository (tests run from dist/test/toolkit/metrics). */
export function fixture<T = any>(name: string): T {
  const file = path.join(__dirname, "..", "..", "..", "..", "test", "fixtures", "metrics", name);
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/** |actual − expected| ≤ rel · max(1, |expected|) (1e-6 relative by default: the metrics' bar against numpy/scipy). */
export function close(actual: number, expected: number, rel = 1e-6, what = ""): void {
  assert.ok(Number.isFinite(actual), `${what}: got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected)), `${what}: got ${actual}, expected ${expected} (rel ${rel})`);
}

/** A seeded standard normal sampler (the toolkit's Rng) for constructing test inputs. */
export function normalSampler(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.normal();
}

export function randomMatrix(rows: number, cols: number, seed: number, scale = 1): number[][] {
  const g = normalSampler(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => g() * scale));
}
