// The reconstruction a model must beat to have learned anything: the best constant predictor, which
// outputs the mean training image for every input. Under a Bernoulli likelihood the per-pixel mean p̄
// minimises the expected cross-entropy among constants; under a Gaussian likelihood with variance γ
// the mean image minimises the squared error. Reported in nats per example, the unit of a model's
// reconstruction term (toolkit/objectives/likelihood.ts), so the two compare directly.
import * as tf from "@tensorflow/tfjs";
import type { LikelihoodName } from "../models/model";
import { bernoulliLogLikelihood, gaussianLogLikelihood } from "../objectives";

/** Mean pixels are clipped to [ε, 1 − ε] so that a pixel constant in the training data gives finite logits. */
const EPSILON = 1e-6;

/**
 * −(1/n) Σ log p(x | mean image of `train`) over the n examples of `test`, in nats: the reconstruction
 * loss of the constant predictor under `likelihood` (Bernoulli, or Gaussian with variance γ = e^logGamma).
 */
export function meanImageLoss(train: tf.Tensor, test: tf.Tensor, likelihood: LikelihoodName, logGamma = 0): number {
  if (likelihood !== "bernoulli" && likelihood !== "gaussian") throw new Error(`meanImageLoss: likelihood is ${JSON.stringify(likelihood)}; expected "bernoulli" or "gaussian"`);
  if (!Number.isFinite(logGamma)) throw new Error(`meanImageLoss: logGamma is ${logGamma}; expected a finite number`);
  if (train.shape[0] === 0 || test.shape[0] === 0) throw new Error(`meanImageLoss: train has ${train.shape[0]} and test ${test.shape[0]} examples; expected at least one each`);
  if (train.shape.slice(1).join("×") !== test.shape.slice(1).join("×")) {
    throw new Error(`meanImageLoss: train examples are ${train.shape.slice(1).join("×")} but test examples are ${test.shape.slice(1).join("×")}`);
  }
  const loss = tf.tidy(() => {
    const meanImage = tf.mean(train, 0, true);
    const constant = tf.tile(meanImage, [test.shape[0], ...new Array(test.shape.length - 1).fill(1)]);
    const p = tf.clipByValue(constant, EPSILON, 1 - EPSILON);
    const ll = likelihood === "bernoulli"
      ? bernoulliLogLikelihood(test, tf.sub(tf.log(p), tf.log1p(tf.neg(p))))
      : gaussianLogLikelihood(test, constant, logGamma);
    return tf.neg(tf.mean(ll));
  });
  const value = loss.dataSync()[0];
  loss.dispose();
  if (!Number.isFinite(value)) throw new Error(`meanImageLoss: the loss is ${value}; the inputs hold non-finite values or, for a Bernoulli likelihood, values outside [0, 1]`);
  return value;
}
