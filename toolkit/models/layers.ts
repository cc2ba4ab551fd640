// Named layers built directly on tfjs ops and variables (no tfjs-layers), so that every layer's activation can be
// read by name and every weight is a plain tf.Variable the trainer and checkpoints handle. Weights start from
// Glorot-uniform kernels and zero biases, the TF1/Keras defaults used by disentanglement_lib (thesis Table C.3).
// Layers use plain matMul/conv2d + add + activation rather than tf.fused.*: the fused ops' custom gradients clone
// every saved input, a full copy of each weight matrix per step wherever Identity copies (wasm without
// toolkit/compute/kernels/identity.ts), and the plain ops measured as fast here.
import * as tf from "@tensorflow/tfjs";
import { Rng, glorotUniform } from "../compute/random";

export type Activation = "relu" | "tanh" | "linear" | "leakyrelu";

export interface Layer {
  readonly name: string;
  /** Per-example output shape, e.g. [256] or [32, 32, 32]. */
  readonly outputShape: number[];
  variables(): tf.Variable[];
  apply(x: tf.Tensor): tf.Tensor;
}

let nextScope = 0;

/** A fresh prefix for variable names: tfjs keeps one global registry of variable names. */
export function newScope(label: string): string {
  nextScope += 1;
  return `${label}_${nextScope}`;
}

function variable(init: tf.Tensor, scope: string, layer: string, part: string): tf.Variable {
  const v = tf.variable(init, true, `${scope}/${layer}/${part}`);
  init.dispose();
  return v;
}

/** Applies a layer's activation (leaky ReLU with slope 0.1, as iVAE's prior network, thesis Table A.2). */
function activate(y: tf.Tensor, activation: Activation): tf.Tensor {
  if (activation === "relu") return tf.relu(y);
  if (activation === "leakyrelu") return tf.leakyRelu(y, 0.1);
  if (activation === "tanh") return tf.tanh(y);
  return y;
}

/** Fully connected layer; flattens inputs of rank > 2 first. */
export class Dense implements Layer {
  readonly outputShape: number[];
  private readonly kernel: tf.Variable;
  private readonly bias: tf.Variable;

  constructor(readonly name: string, readonly inUnits: number, readonly units: number, readonly activation: Activation, rng: Rng, scope: string) {
    this.outputShape = [units];
    this.kernel = variable(glorotUniform([inUnits, units], inUnits, units, rng), scope, name, "kernel");
    this.bias = variable(tf.zeros([units]), scope, name, "bias");
  }

  variables(): tf.Variable[] {
    return [this.kernel, this.bias];
  }

  apply(x: tf.Tensor): tf.Tensor {
    const flat = (x.rank > 2 ? x.reshape([x.shape[0], -1]) : x) as tf.Tensor2D;
    return activate(tf.add(tf.matMul(flat, this.kernel as tf.Tensor2D), this.bias), this.activation);
  }
}

/** 2-D convolution, NHWC, "same" padding (disentanglement_lib's conv2d layers); reshapes rank-2 inputs to `inputShape`. */
export class Conv2D implements Layer {
  readonly outputShape: number[];
  private readonly kernel: tf.Variable;
  private readonly bias: tf.Variable;

  constructor(
    readonly name: string, readonly inputShape: [number, number, number], readonly filters: number,
    readonly size: number, readonly stride: number, readonly activation: Activation, rng: Rng, scope: string,
  ) {
    const [h, w, c] = inputShape;
    this.outputShape = [Math.ceil(h / stride), Math.ceil(w / stride), filters];
    this.kernel = variable(glorotUniform([size, size, c, filters], size * size * c, size * size * filters, rng), scope, name, "kernel");
    this.bias = variable(tf.zeros([filters]), scope, name, "bias");
  }

  variables(): tf.Variable[] {
    return [this.kernel, this.bias];
  }

  apply(x: tf.Tensor): tf.Tensor {
    const input = (x.rank === 4 ? x : x.reshape([x.shape[0], ...this.inputShape])) as tf.Tensor4D;
    return activate(tf.add(tf.conv2d(input, this.kernel as tf.Tensor4D, this.stride, "same"), this.bias), this.activation);
  }
}

/** Transposed 2-D convolution ("deconv"), NHWC, "same" padding: output spatial size = input × stride. */
export class Conv2DTranspose implements Layer {
  readonly outputShape: number[];
  private readonly kernel: tf.Variable;
  private readonly bias: tf.Variable;

  constructor(
    readonly name: string, readonly inputShape: [number, number, number], readonly filters: number,
    readonly size: number, readonly stride: number, readonly activation: Activation, rng: Rng, scope: string,
  ) {
    const [h, w, c] = inputShape;
    this.outputShape = [h * stride, w * stride, filters];
    // tfjs stores transposed-convolution filters as [size, size, outChannels, inChannels].
    this.kernel = variable(glorotUniform([size, size, filters, c], size * size * filters, size * size * c, rng), scope, name, "kernel");
    this.bias = variable(tf.zeros([filters]), scope, name, "bias");
  }

  variables(): tf.Variable[] {
    return [this.kernel, this.bias];
  }

  apply(x: tf.Tensor): tf.Tensor {
    const input = (x.rank === 4 ? x : x.reshape([x.shape[0], ...this.inputShape])) as tf.Tensor4D;
    const [oh, ow, of] = this.outputShape;
    const y = tf.conv2dTranspose(input, this.kernel as tf.Tensor4D, [input.shape[0], oh, ow, of], this.stride, "same");
    return activate(tf.add(y, this.bias), this.activation);
  }
}
