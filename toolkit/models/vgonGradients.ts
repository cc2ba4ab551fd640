// Gradient registrations that make tfjs' second-order gradients correct, for VGON (z = −∂L/∂z₀ kept in the graph
// and differentiated again by the trainer). Two gaps in tfjs 4.22, found by comparing with finite differences:
// 1. Comparison kernels (Greater, Less, LessEqual, Equal, NotEqual) have no gradient, yet the backward passes of
//    ReLU, leaky ReLU, abs and where build them: the outer pass throws "gradient function not found for Greater".
//    A comparison is piecewise constant, so its gradient is zero.
// 2. Exp, Sigmoid and Tanh compute their gradient from their saved *output*. tfjs saves a clone of the output that
//    the tape records before the op itself, so in a backward pass over a backward pass the gradient reaching the
//    clone arrives after the op was processed and is dropped (∂²/∂x² of exp came out wrong by a factor of ~2).
//    Re-registering them to recompute from the saved *input* gives the same first-order values and correct second
//    order. (Ops that save inputs are unaffected: their clones are processed in the right order.)
import * as tf from "@tensorflow/tfjs";

const COMPARISONS = ["Greater", "Less", "LessEqual", "Equal", "NotEqual"];

const FROM_INPUT: Array<{ kernelName: string; grad: (x: tf.Tensor, dy: tf.Tensor) => tf.Tensor }> = [
  { kernelName: "Exp", grad: (x, dy) => tf.mul(dy, tf.exp(x)) },
  { kernelName: "Sigmoid", grad: (x, dy) => { const y = tf.sigmoid(x); return tf.mul(dy, tf.mul(y, tf.sub(1, y))); } },
  { kernelName: "Tanh", grad: (x, dy) => tf.mul(dy, tf.sub(1, tf.square(tf.tanh(x)))) },
];

let registered = false;

/** Registers the gradients above once per process (idempotent); returns the kernel names it (re)registered. */
export function registerSecondOrderGradients(): string[] {
  if (registered) return [];
  registered = true;
  const added: string[] = [];
  for (const kernelName of COMPARISONS) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ["a", "b"],
      gradFunc: (_dy, saved) => ({ a: () => tf.zerosLike(saved[0]), b: () => tf.zerosLike(saved[1]) }),
    });
    added.push(kernelName);
  }
  for (const { kernelName, grad } of FROM_INPUT) {
    tf.registerGradient({
      kernelName,
      inputsToSave: ["x"],
      gradFunc: (dy, saved) => ({ x: () => grad(saved[0], dy as tf.Tensor) }),
    });
    added.push(kernelName);
  }
  return added;
}
