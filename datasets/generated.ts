// A dataset held in memory together with the ground truth that generated it (mixing maps, variances),
// shared by the synthetic generators.
import { ArrayDataset, ArrayDatasetOptions } from "./dataset";

export type GeneratedDataset<T> = ArrayDataset & { readonly truth: T };

export function generated<T>(options: ArrayDatasetOptions, truth: T): GeneratedDataset<T> {
  return Object.assign(new ArrayDataset(options), { truth });
}

/** Validates a positive integer option with an error naming it. */
export function positiveInt(name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

/** Validates a finite non-negative option with an error naming it. */
export function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a finite number ≥ 0, got ${value}`);
  return value;
}
