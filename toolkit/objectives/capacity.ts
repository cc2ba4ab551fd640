// The annealed VAE's capacity term (Burgess et al. 2018; thesis §4.3.3, Eq. 4.26): γ·|KL − C| with the capacity C
// rising linearly from 0 to C_max over `iterationThreshold` steps, then held (disentanglement_lib's schedule).
import * as tf from "@tensorflow/tfjs";

/** C(step) = min(C_max · step / iterationThreshold, C_max), in nats. */
export function annealedCapacity(step: number, cMax: number, iterationThreshold: number): number {
  if (!Number.isFinite(step) || step < 0) throw new Error(`annealedCapacity: step must be ≥ 0, got ${step}`);
  if (!Number.isFinite(cMax) || cMax < 0) throw new Error(`annealedCapacity: C_max (cMax) must be ≥ 0, got ${cMax}`);
  if (!Number.isFinite(iterationThreshold) || iterationThreshold <= 0) {
    throw new Error(`annealedCapacity: iterationThreshold must be > 0, got ${iterationThreshold}`);
  }
  return Math.min((cMax * step) / iterationThreshold, cMax);
}

/** γ·|KL − C| for a scalar KL (batch mean of the per-example KL summed over latents). */
export function capacityPenalty(kl: tf.Scalar, capacity: number, gamma: number): tf.Scalar {
  if (!Number.isFinite(gamma) || gamma < 0) throw new Error(`capacityPenalty: γ (gamma) must be ≥ 0, got ${gamma}`);
  if (!Number.isFinite(capacity) || capacity < 0) {
    throw new Error(`capacityPenalty: capacity C must be ≥ 0, got ${capacity}`);
  }
  return tf.tidy(() => tf.mul(gamma, tf.abs(tf.sub(kl, capacity))) as tf.Scalar);
}
