// Seeded random tensors: the numbers are drawn in JavaScript from an Rng (toolkit/compute/rng.ts) and only then
// handed to tfjs, so the same stream gives the same tensor on every backend. Normal deviates are computed in float64
// and rounded to float32 once. There is no process-wide stream: every caller passes the Rng it owns.
import * as tf from "@tensorflow/tfjs";
import { Rng } from "./rng";

export { Rng, type RngState } from "./rng";

function size(shape: number[], where: string): number {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return shape.reduce((a, b) => a * b, 1);
}

function checkRng(rng: Rng, where: string): void {
  if (!(rng instanceof Rng)) throw new Error(`${where}: rng must be an Rng (toolkit/compute/rng), got ${typeof rng}`);
}

/** A float32 tensor of standard normal deviates drawn from `rng`. */
export function randomNormal(shape: number[], rng: Rng): tf.Tensor {
  checkRng(rng, "randomNormal");
  return tf.tensor(rng.normals(size(shape, "randomNormal")), shape, "float32");
}

/** A float32 tensor of uniform deviates in [low, high) drawn from `rng`. */
export function randomUniform(shape: number[], low: number, high: number, rng: Rng): tf.Tensor {
  checkRng(rng, "randomUniform");
  return tf.tensor(rng.uniforms(size(shape, "randomUniform"), low, high), shape, "float32");
}

/** Glorot (Xavier) uniform initialisation, limit √(6 / (fanIn + fanOut)): the Keras and TF1 default used by
 *  disentanglement_lib's layers. */
export function glorotUniform(shape: number[], fanIn: number, fanOut: number, rng: Rng): tf.Tensor {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return randomUniform(shape, -limit, limit, rng);
}
