// The papers' encoder/decoder architectures, every layer named (activations are read by these names):
// conv  thesis Table C.3 / D.2 (disentanglement_lib conv encoder + transposed decoder, 64×64 inputs);
// fc    thesis Table C.4 / D.3 (encoder FC 1200, 1200 ReLU; decoder FC 256, 1200, 1200 tanh, FC output);
// mnistConv, mnistMlp: small 28×28 variants (polarlab's choice, the VGON paper §III does not list sizes):
//   mnistConv conv 32, 64 (4×4, stride 2) → FC 256; decoder FC 256, FC (H/4·W/4·64), deconv 32, deconv C;
//   mnistMlp  FC 512, 256 ReLU; decoder FC 256, 512 ReLU, FC output;
// linear: μ and log σ² linear in x, decoder linear in z (thesis §4.2, Eq. 4.2), for checks against closed forms.
// Decoders end without activation: Bernoulli logits or the Gaussian mean (disentanglement_lib), not Table C.3's ReLU.
import { Rng } from "../compute/random";
import { ArchitectureName, ModelConfig } from "./model";
import { Conv2D, Conv2DTranspose, Dense, Layer } from "./layers";

export interface Network {
  /** Encoder trunk, input → last hidden layer (empty for `linear`). */
  encoder: Layer[];
  /** Values per example at the trunk's output (the heads' input width). */
  hidden: number;
  /** Encoder heads on the trunk's output, e.g. "mean" and "logvar" (Gaussian encoder) or "mean" alone (AE). */
  heads: Dense[];
  /** Decoder, latent → output (logits or mean), whose last layer has prod(inputShape) values per example. */
  decoder: Layer[];
}

const prod = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

function imageShape(config: ModelConfig, divisor: number): [number, number, number] {
  const s = config.inputShape;
  if (s.length !== 3 || s[0] % divisor !== 0 || s[1] % divisor !== 0) {
    throw new Error(
      `createModel: inputShape for architecture "${config.architecture}" must be [height, width, channels] with height and width divisible by ${divisor}, got ${JSON.stringify(s)}`,
    );
  }
  return [s[0], s[1], s[2]];
}

type Builder = (config: ModelConfig, rng: Rng, scope: string) => { encoder: Layer[]; hidden: number; decoder: Layer[] };

const builders: Record<ArchitectureName, Builder> = {
  conv: (config, rng, scope) => {
    const [h, w, c] = imageShape(config, 16);
    const conv1 = new Conv2D("conv1", [h, w, c], 32, 4, 2, "relu", rng, scope);
    const conv2 = new Conv2D("conv2", conv1.outputShape as [number, number, number], 32, 4, 2, "relu", rng, scope);
    const conv3 = new Conv2D("conv3", conv2.outputShape as [number, number, number], 64, 4, 2, "relu", rng, scope);
    const conv4 = new Conv2D("conv4", conv3.outputShape as [number, number, number], 64, 4, 2, "relu", rng, scope);
    const fc = new Dense("fc", prod(conv4.outputShape), 256, "relu", rng, scope);
    const small: [number, number, number] = [h / 16, w / 16, 64];
    const decFc1 = new Dense("dec_fc1", config.latent, 256, "relu", rng, scope);
    const decFc2 = new Dense("dec_fc2", 256, prod(small), "relu", rng, scope);
    const deconv1 = new Conv2DTranspose("deconv1", small, 64, 4, 2, "relu", rng, scope);
    const deconv2 = new Conv2DTranspose("deconv2", deconv1.outputShape as [number, number, number], 32, 4, 2, "relu", rng, scope);
    const deconv3 = new Conv2DTranspose("deconv3", deconv2.outputShape as [number, number, number], 32, 4, 2, "relu", rng, scope);
    const deconv4 = new Conv2DTranspose("deconv4", deconv3.outputShape as [number, number, number], c, 4, 2, "linear", rng, scope);
    return { encoder: [conv1, conv2, conv3, conv4, fc], hidden: 256, decoder: [decFc1, decFc2, deconv1, deconv2, deconv3, deconv4] };
  },
  fc: (config, rng, scope) => {
    const d = prod(config.inputShape);
    return {
      encoder: [new Dense("fc1", d, 1200, "relu", rng, scope), new Dense("fc2", 1200, 1200, "relu", rng, scope)],
      hidden: 1200,
      decoder: [
        new Dense("dec_fc1", config.latent, 256, "tanh", rng, scope),
        new Dense("dec_fc2", 256, 1200, "tanh", rng, scope),
        new Dense("dec_fc3", 1200, 1200, "tanh", rng, scope),
        new Dense("dec_out", 1200, d, "linear", rng, scope),
      ],
    };
  },
  mnistConv: (config, rng, scope) => {
    const [h, w, c] = imageShape(config, 4);
    const conv1 = new Conv2D("conv1", [h, w, c], 32, 4, 2, "relu", rng, scope);
    const conv2 = new Conv2D("conv2", conv1.outputShape as [number, number, number], 64, 4, 2, "relu", rng, scope);
    const fc = new Dense("fc", prod(conv2.outputShape), 256, "relu", rng, scope);
    const small: [number, number, number] = [h / 4, w / 4, 64];
    const deconv1 = new Conv2DTranspose("deconv1", small, 32, 4, 2, "relu", rng, scope);
    return {
      encoder: [conv1, conv2, fc],
      hidden: 256,
      decoder: [
        new Dense("dec_fc1", config.latent, 256, "relu", rng, scope),
        new Dense("dec_fc2", 256, prod(small), "relu", rng, scope),
        deconv1,
        new Conv2DTranspose("deconv2", deconv1.outputShape as [number, number, number], c, 4, 2, "linear", rng, scope),
      ],
    };
  },
  mnistMlp: (config, rng, scope) => {
    const d = prod(config.inputShape);
    return {
      encoder: [new Dense("fc1", d, 512, "relu", rng, scope), new Dense("fc2", 512, 256, "relu", rng, scope)],
      hidden: 256,
      decoder: [
        new Dense("dec_fc1", config.latent, 256, "relu", rng, scope),
        new Dense("dec_fc2", 256, 512, "relu", rng, scope),
        new Dense("dec_out", 512, d, "linear", rng, scope),
      ],
    };
  },
  linear: (config, rng, scope) => ({
    encoder: [],
    hidden: prod(config.inputShape),
    decoder: [new Dense("dec_out", config.latent, prod(config.inputShape), "linear", rng, scope)],
  }),
};

/** Builds the named layers of `config.architecture`, with the given encoder heads (each `latent` wide, linear).
 *  Weights are drawn from `rng` in layer order: encoder, heads, decoder. */
export function buildNetwork(config: ModelConfig, headNames: string[], rng: Rng, scope: string): Network {
  const build = builders[config.architecture];
  if (!build) throw new Error(`createModel: architecture must be one of ${Object.keys(builders).join(", ")}, got ${JSON.stringify(config.architecture)}`);
  const { encoder, hidden, decoder } = build(config, rng, scope);
  const heads = headNames.map((name) => new Dense(name, hidden, config.latent, "linear", rng, scope));
  // Build order above drew decoder weights before the heads; that order is fixed, so seeds stay reproducible.
  return { encoder, hidden, heads, decoder };
}

/** The names of the architectures polarlab builds. */
export function architectureNames(): ArchitectureName[] {
  return Object.keys(builders) as ArchitectureName[];
}
