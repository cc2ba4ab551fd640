// FactorVAE's total-correlation terms (Kim & Mnih 2018, §3 and Algorithm 1; thesis §4.3.3, Eq. 4.28): samples of
// ∏_j q(z_j) by permuting every latent dimension independently across the batch, the density-ratio estimate
// TC ≈ E_q(z)[log D(z)/(1 − D(z))] from a two-logit discriminator, and the discriminator's cross-entropy.
// Logit 0 = "from q(z)", logit 1 = "from ∏_j q(z_j)", as in disentanglement_lib.
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../compute/rng";

/** Permutes each column of z independently across the rows (one permutation from `rng` per column): [B, d]. */
export function permuteDims(z: tf.Tensor2D, rng: Rng): tf.Tensor2D {
  if (z.rank !== 2) throw new Error(`permuteDims: z must be [batch, latent], got shape [${z.shape}]`);
  const [b, d] = z.shape;
  const index = new Int32Array(b * d);
  for (let j = 0; j < d; j++) {
    const perm = rng.permutation(b);
    for (let i = 0; i < b; i++) index[i * d + j] = perm[i] * d + j;
  }
  return tf.tidy(() => tf.gather(z.reshape([b * d]), tf.tensor1d(index, "int32")).reshape([b, d]) as tf.Tensor2D);
}

function checkLogits(fn: string, name: string, logits: tf.Tensor2D): void {
  if (logits.rank !== 2 || logits.shape[1] !== 2) {
    throw new Error(`${fn}: ${name} must be [batch, 2] discriminator logits, got shape [${logits.shape}]`);
  }
}

/** TC estimate mean_i (logit_0 − logit_1) = mean log D/(1 − D) on samples of q(z), in nats. */
export function discriminatorTC(logitsReal: tf.Tensor2D): tf.Scalar {
  checkLogits("discriminatorTC", "logitsReal", logitsReal);
  return tf.tidy(() => {
    const [l0, l1] = tf.split(logitsReal, 2, 1);
    return tf.mean(tf.sub(l0, l1)) as tf.Scalar;
  });
}

/** The discriminator's loss −½(E_q(z)[log D_0(z)] + E_∏q(z_j)[log D_1(z̃)]) (the quantity its optimiser minimises). */
export function discriminatorLoss(logitsReal: tf.Tensor2D, logitsPermuted: tf.Tensor2D): tf.Scalar {
  checkLogits("discriminatorLoss", "logitsReal", logitsReal);
  checkLogits("discriminatorLoss", "logitsPermuted", logitsPermuted);
  return tf.tidy(() => {
    const real = tf.logSoftmax(logitsReal);
    const permuted = tf.logSoftmax(logitsPermuted);
    const logD0 = tf.mean(real.slice([0, 0], [-1, 1]));
    const logD1 = tf.mean(permuted.slice([0, 1], [-1, 1]));
    return tf.mul(-0.5, tf.add(logD0, logD1)) as tf.Scalar;
  });
}
