// The full state of a tfjs optimiser as plain tensors, for bitwise checkpoints. tfjs' own getWeights/setWeights
// loses Adam's running β powers (setWeights recomputes them as β^(t+1) with pow, which differs in float32 from the
// product accumulated step by step), so they are saved too. Relies on AdamOptimizer's field names in tfjs-core 4.22.
import * as tf from "@tensorflow/tfjs";

export interface OptimizerSnapshot {
  weights: { name: string; tensor: tf.Tensor }[];
  /** Extra scalar variables (Adam's accBeta1 / accBeta2) read from the optimiser. */
  extras: Record<string, number>;
}

const EXTRA_FIELDS = ["accBeta1", "accBeta2"];

type WithExtras = Record<string, tf.Variable | undefined>;

/** Reads the optimiser's state; the returned tensors belong to the optimiser (do not dispose them). */
export async function readOptimizer(optimizer: tf.Optimizer): Promise<OptimizerSnapshot> {
  const weights = await optimizer.getWeights();
  const extras: Record<string, number> = {};
  for (const field of EXTRA_FIELDS) {
    const v = (optimizer as unknown as WithExtras)[field];
    if (v instanceof tf.Variable) extras[field] = (await v.data())[0];
  }
  return { weights, extras };
}

/** Restores a state read by readOptimizer (or loaded from disk) into a fresh optimiser of the same class. */
export async function writeOptimizer(optimizer: tf.Optimizer, snapshot: OptimizerSnapshot): Promise<void> {
  await optimizer.setWeights(snapshot.weights);
  for (const [field, value] of Object.entries(snapshot.extras)) {
    const v = (optimizer as unknown as WithExtras)[field];
    if (v instanceof tf.Variable) tf.tidy(() => v.assign(tf.scalar(value, "float32")));
  }
}
