// Variational Gradient Origin Network (Bond-Taylor & Willcocks 2021; Clapham & Grzes, VGON paper §II-C, Eq. 6;
// docs/reference-implementations.md, "VGON"): no encoder network. From z₀ = 0, a first pass through the linear maps
// μ = z₀W_μ + b_μ, log σ² = z₀W_v + b_v, the reparameterisation and the decoder gives each example's inner loss
// ℓ_b = −log p(x_b|z_b) + β·KL_b; the encoding is one gradient step from the origin, r_b = −η·∂ℓ_b/∂z₀,b
// (Eq. 6 with a step size η), computed with the graph kept; a second pass from r gives the training loss (batch
// mean), and backpropagation runs through both passes (second-order gradients: tf.grad inside the trainer's
// variableGrads; tfjs 4.22 needs the gradient registrations of vgonGradients.ts for that to be right).
// Step size η (hyperparameter `originStep`, default 1/64): both reference implementations differentiate the inner
// loss averaged over their training batch of B = 64 (cwkx/GON Variational-GON.py: BCE.sum(1).mean(); vae_ld's
// VGON: reduce_mean), so their encoding of an example is −(1/64)·∂ℓ_b/∂z₀,b. η = 1/64 reproduces exactly that
// encoding, but as a constant: an example's encoding does not depend on how many examples are encoded with it
// (the references' would change with the evaluation batch size). η = 1 (the per-example loss, or the batch sum)
// makes r 64× larger: μ and log σ² then start 64× larger and W_μ, W_v effectively train at a 64× higher learning
// rate, and at β ≤ 1 the KL blows up into the thousands and the model does not learn to encode
// (docs/decisions.md, "VGON: the step size of the gradient origin").
// The decoder is the architecture's (the paper's: a 4-layer transposed-convolution network, `conv`). β grid of the
// paper: 0.5, 1, 5, 10, 20, 25, 30; default β = 1. Noise: the inner pass draws ε first, then the outer pass.
// Terms logged: reconstruction, kl, innerLoss (per example). encode returns μ, σ² and z of the gradient step.
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../compute/random";
import { gaussianKlPerDim, reparameterise } from "../objectives/gaussian";
import { Dense } from "./layers";
import { Batch, LossOutput, ModelConfig, StepContext } from "./model";
import { registerModel } from "./registry";
import { EncoderPass, GaussianVAE, numberHyper } from "./vae";
import { registerSecondOrderGradients } from "./vgonGradients";

registerSecondOrderGradients();

/** The β values of the VGON paper's collapse study (§III). */
export const VGON_BETA_GRID: readonly number[] = [0.5, 1, 5, 10, 20, 25, 30];

/** Default step size η of the gradient origin: 1 / the references' training batch size (see the header). */
export const VGON_ORIGIN_STEP = 1 / 64;

export class VGON extends GaussianVAE {
  readonly beta: number;
  /** Step size η of the encoding r = −η·∂ℓ/∂z₀ (per example). */
  readonly originStep: number;
  private readonly maps: [Dense, Dense];

  constructor(config: ModelConfig) {
    const beta = numberHyper(config, "beta", 1, (v) => v >= 0, "a non-negative number (weight of the KL term)");
    const originStep = numberHyper(config, "originStep", VGON_ORIGIN_STEP, (v) => v > 0, "a positive number (step size η of the encoding r = −η·∂ℓ/∂z₀)");
    super({ ...config, beta, originStep }, []);
    this.beta = beta;
    this.originStep = originStep;
    // The architecture builder also makes an encoder trunk; a VGON has none, so it is dropped here.
    this.network.encoder.flatMap((l) => l.variables()).forEach((v) => v.dispose());
    this.network.encoder.splice(0);
    const rng = new Rng((config.seed ?? 0) + 3);
    this.maps = [new Dense("mean", this.latent, this.latent, "linear", rng, this.scope), new Dense("logvar", this.latent, this.latent, "linear", rng, this.scope)];
  }

  trainableVariables(): tf.Variable[] {
    return [...super.trainableVariables(), ...this.maps.flatMap((l) => l.variables())];
  }

  /** One pass from latent points `origin`: μ, log σ², −(1/B) Σ_b log p(x_b|z_b) and the batch-mean KL per latent. */
  private pass(x: tf.Tensor, origin: tf.Tensor2D, rng: Rng): { mean: tf.Tensor2D; logvar: tf.Tensor2D; reconstruction: tf.Scalar; klPerDim: tf.Tensor1D } {
    const mean = this.maps[0].apply(origin) as tf.Tensor2D;
    const logvar = this.maps[1].apply(origin) as tf.Tensor2D;
    const sampled = reparameterise(mean, logvar, this.epsilon(mean.shape[0], rng));
    const reconstruction = this.reconstructionLoss(x, this.decoderPass(sampled).output);
    return { mean, logvar, reconstruction, klPerDim: tf.mean(gaussianKlPerDim(mean, logvar), 0) as tf.Tensor1D };
  }

  private objective(p: { reconstruction: tf.Scalar; klPerDim: tf.Tensor1D }): tf.Scalar {
    return tf.add(p.reconstruction, tf.mul(this.beta, tf.sum(p.klPerDim))) as tf.Scalar;
  }

  /**
   * r_b = −η·∂ℓ_b/∂z₀,b at z₀ = 0 for every example b (the gradient of η·Σ_b ℓ_b, so that no row depends on the
   * others or on the batch size), and the inner loss per example; the inner pass draws its ε from `rng`. Call in tf.tidy.
   */
  gradientOrigin(x: tf.Tensor, rng: Rng): { origin: tf.Tensor2D; innerLoss: tf.Scalar } {
    this.checkInput(x);
    const rows = x.shape[0];
    const inner = (z0: tf.Tensor): tf.Scalar => {
      return tf.mul(rows * this.originStep, this.objective(this.pass(x, z0 as tf.Tensor2D, rng))) as tf.Scalar;
    };
    const { value, grad } = tf.valueAndGrad(inner)(tf.zeros([rows, this.latent]));
    return { origin: tf.neg(grad) as tf.Tensor2D, innerLoss: tf.div(value, rows * this.originStep) as tf.Scalar };
  }

  /** The training loss of the second pass from given latent points r (batch means; ε from `rng`), for gradient checks. */
  lossFromOrigin(x: tf.Tensor, origin: tf.Tensor2D, rng: Rng): tf.Scalar {
    return tf.tidy(() => this.objective(this.pass(x, origin, rng)));
  }

  lossTerms(batch: Batch, ctx: StepContext): LossOutput {
    return tf.tidy(() => {
      const { origin, innerLoss } = this.gradientOrigin(batch.x, ctx.rng);
      const p = this.pass(batch.x, origin, ctx.rng);
      return { loss: this.objective(p), terms: { reconstruction: p.reconstruction, kl: tf.sum(p.klPerDim) as tf.Scalar, innerLoss }, klPerDim: p.klPerDim };
    });
  }

  /** The "encoder" of a VGON: the gradient step from the origin, then the linear maps (no hidden layers). */
  protected encoderPass(x: tf.Tensor, rng: Rng): EncoderPass {
    const { origin } = this.gradientOrigin(x, rng);
    return { hidden: {}, mean: this.maps[0].apply(origin) as tf.Tensor2D, logvar: this.maps[1].apply(origin) as tf.Tensor2D };
  }
}

registerModel("vgon", (config) => new VGON(config));
