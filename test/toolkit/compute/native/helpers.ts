// Shared helpers for the native kernel tests: seeded inputs, running one computation on a named
// backend, and float32-tolerance comparison against the tfjs cpu backend (the reference).
import * as assert from "node:assert/strict";

import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

/** Deterministic values in [-1, 1) (mulberry32), so every backend sees identical inputs. */
export function seeded(size: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
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
