// Shared helpers for the native kernel tests: seeded inputs, running one computation on a named
// backend, and float32-tolerance comparison against the tfjs cpu backend (the reference).
import * as assert from "node:assert/strict";

import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { Rng } from "../../../../toolkit/compute/rng";

/** Deterministic values in [-1, 1) (the toolkit's Rng), so every backend sees identical inputs. */
export function seeded(size: number, seed: number): Float32Array {
  return new Rng(seed).uniforms(size, -1, 1);
}

/** Runs fn on backend name and returns its tensors' values (every tensor disposed). */
export async function on(name: string, fn: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(name);
  await tf.ready();
  const result = tf.tidy(fn);
  const list = Array.isArray(result) ? result : [result];
  const values = list.map((t) => t.dataSync() as Float32Array);
  tf.dispose(list);
  return values;
}

/** |actual - expected| <= atol + rtol * |expected| elementwise, reporting the worst element. */
export function assertClose(actual: Float32Array, expected: Float32Array, label: string, rtol = 1e-4, atol = 1e-5): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  let worst = -1, excess = 0;
  for (let i = 0; i < actual.length; i++) {
    const over = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    if (!(over <= excess)) { excess = Number.isNaN(over) ? Infinity : over; worst = i; }
  }
  assert.ok(worst < 0, `${label}: element ${worst} is ${actual[worst]}, cpu gives ${expected[worst]}`);
}
