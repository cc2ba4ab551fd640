// Adam (Kingma & Ba 2015, Algorithm 1) with the update of every variable in one native pass
// (native/src/kernels.cc: the float32 operations of tfjs AdamOptimizer, in its order) instead of
// ~12 elementwise tfjs ops per variable. It subclasses tf.AdamOptimizer and keeps that class's
// state (m, v, accBeta1/2, iterations), so minimize, getWeights/setWeights (checkpoints) and
// serialisation behave as tfjs's own; without the addon it simply is tfjs's Adam.
// Relies on AdamOptimizer's private field names in tfjs-core 4.22.0 (the pinned version).
import * as tf from "@tensorflow/tfjs";

import { loadNativeAddon, NativeAddon } from "./addon";
import { tensorMemory, TensorMemory } from "./memory";

interface Moment { originalName: string; variable: tf.Variable }

interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Moment[];
  accumulatedSecondMoment: Moment[];
}

type VariableGradients = Parameters<tf.AdamOptimizer["applyGradients"]>[0];

export class NativeAdamOptimizer extends tf.AdamOptimizer {
  /** Whether updates run natively (false: the addon is unavailable, see nativeReason). */
  readonly native: boolean;
  readonly nativeReason: string;
  private readonly addon: NativeAddon | null;

  constructor(learningRate: number, beta1: number, beta2: number, epsilon: number) {
    super(learningRate, beta1, beta2, epsilon);
    const load = loadNativeAddon();
    this.addon = load.addon;
    this.native = load.addon != null;
    this.nativeReason = load.reason;
  }

  applyGradients(variableGradients: VariableGradients): void {
    const memory = tensorMemory(tf.backend()), addon = this.addon;
    if (!addon || !memory) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const acc1 = state.accBeta1.dataSync()[0], acc2 = state.accBeta2.dataSync()[0];
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name];
      state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      const gradient = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
      if (gradient == null) return;
      this.updateVariable(addon, memory, value, state.accumulatedFirstMoment[i].variable,
        state.accumulatedSecondMoment[i].variable, gradient, acc1, acc2);
    });
    tf.tidy(() => {
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }

  /** Writes in place where memory.writableInPlace allows, else into a new tensor that is assigned. */
  private updateVariable(addon: NativeAddon, memory: TensorMemory, value: tf.Variable, m: tf.Variable, v: tf.Variable,
    gradient: tf.Tensor, acc1: number, acc2: number): void {
    const sources = [value, m, v];
    if (sources.some((t) => t.dtype !== "float32") || gradient.dtype !== "float32" || gradient.size !== value.size) {
      throw new Error(`NativeAdamOptimizer: variable '${value.name}' (${value.dtype} ${value.shape}) and its gradient ` +
        `(${gradient.dtype} ${gradient.shape}) must be float32 of the same size`);
    }
    // The moments are this optimiser's own; the variable is read by the model's kernels.
    const targets = sources.map((t, j) => (memory.writableInPlace(t, j > 0) ? t : memory.output(t.shape)));
    const views = [...sources, gradient, ...targets].map((t) => memory.view(t));
    if (views.some((view) => view == null)) {
      targets.forEach((target, j) => target !== sources[j] && memory.dispose(target));
      throw new Error(`NativeAdamOptimizer: '${value.name}' or its gradient is not in plain float32 memory`);
    }
    const [x, mv, vv, g, xo, mo, vo] = views as Float32Array[];
    addon.adam(x, mv, vv, g, xo, mo, vo, this.learningRate, this.beta1, this.beta2, this.epsilon, acc1, acc2);
    targets.forEach((target, j) => {
      if (target === sources[j]) return;
      const fresh = tf.engine().makeTensorFromTensorInfo(target);
      sources[j].assign(fresh);
      fresh.dispose();
    });
  }
}

/**
 * Adam for the trainer: defaults of thesis Tables A.1, C.1, D.1 / Kingma & Ba (learning rate 1e-4, beta1 0.9,
 * beta2 0.999, epsilon 1e-8). The update runs natively on the wasm or cpu backend when the addon
 * loaded (optimizer.native), else it is tfjs's AdamOptimizer unchanged.
 */
export function createAdam(learningRate = 1e-4, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8): NativeAdamOptimizer {
  const check = (name: string, value: number, ok: boolean, expected: string) => {
    if (!ok) throw new Error(`createAdam: ${name} must be ${expected}, got ${value}`);
  };
  check("learningRate", learningRate, Number.isFinite(learningRate) && learningRate > 0, "a finite number > 0");
  check("beta1", beta1, beta1 >= 0 && beta1 < 1, "in [0, 1)");
  check("beta2", beta2, beta2 >= 0 && beta2 < 1, "in [0, 1)");
  check("epsilon", epsilon, Number.isFinite(epsilon) && epsilon > 0, "a finite number > 0");
  return new NativeAdamOptimizer(learningRate, beta1, beta2, epsilon);
}
