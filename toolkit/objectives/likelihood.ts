// Decoder log-likelihoods log p(x | z), summed over every input dimension (pixels), one value per example, in nats.
// Bernoulli on logits is disentanglement_lib's "bernoulli_loss"; the Gaussian with variance γ is thesis
// Eq. 4.3 (including the m·log 2π constant, so values are true log-densities).
import * as tf from "@tensorflow/tfjs";

function flatten(t: tf.Tensor): tf.Tensor2D {
  return t.reshape([t.shape[0], -1]) as tf.Tensor2D;
}

/** Σ_i [x_i·l_i − softplus(l_i)] = Σ_i log Bernoulli(x_i; sigmoid(l_i)), stable for any logit l; x in [0, 1]. */
export function bernoulliLogLikelihood(x: tf.Tensor, logits: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const xf = flatten(x);
    const lf = flatten(logits);
    return tf.sum(tf.sub(tf.mul(xf, lf), tf.softplus(lf)), 1) as tf.Tensor1D;
  });
}

/** Σ_i log N(x_i; mean_i, γ) = −½ Σ_i [(x_i − mean_i)² / γ + log 2π + log γ], with log γ one scalar (number or tensor). */
export function gaussianLogLikelihood(x: tf.Tensor, mean: tf.Tensor, logGamma: tf.Tensor | number = 0): tf.Tensor1D {
  return tf.tidy(() => {
    const xf = flatten(x);
    const mf = flatten(mean);
    const lg = typeof logGamma === "number" ? tf.scalar(logGamma) : logGamma;
    const m = xf.shape[1];
    const sq = tf.sum(tf.square(tf.sub(xf, mf)), 1);
    return tf.mul(-0.5, tf.add(tf.mul(sq, tf.exp(tf.neg(lg))), tf.mul(m, tf.add(lg, Math.log(2 * Math.PI))))) as tf.Tensor1D;
  });
}
