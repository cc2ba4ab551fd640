// The reconstruction loss of the best constant predictor, the "mean image": min over constant decoder outputs c of
// −(1/n) Σ_b log p(x_b | c), in nats per example, with the decoder likelihoods of toolkit/objectives/likelihood.ts.
// A model whose reconstruction is not clearly below it has not learned to encode anything (a fully collapsed model,
// whose decoder ignores x, cannot beat it in expectation: the losses are convex in the decoder's output).
// Bernoulli: the minimiser is c = x̄ (the pixel means), and the loss is Σ_i H(x̄_i) = −Σ_i [x̄_i log x̄_i +
// (1 − x̄_i) log(1 − x̄_i)] for any x in [0, 1] (0·log 0 = 0: a pixel constant over the data costs nothing).
// Gaussian with variance γ (thesis Eq. 4.3): c = x̄ and the loss is ½ Σ_i [v_i/γ + log 2πγ], v_i the variance of
// pixel i over the data (ddof 0); when γ is learned too, γ = (1/D) Σ_i v_i and the loss is ½ D [1 + log 2πγ].
// With `fittedOn`, the constant is the mean image of other data (a training set) and the loss is that of x
// under it: a held-out baseline. Pixel means are clipped to [ε, 1 − ε] there, so that a pixel constant in
// the training data gives a finite loss on test data that differs.
import type { MatrixLike } from "./matrix";
import { finiteResult, numberOption, requireRows, toMatrix } from "./validate";

export interface MeanImageLikelihood {
  likelihood: "bernoulli" | "gaussian";
  /** Decoder variance γ of the Gaussian likelihood (default 1). */
  gamma?: number;
  /** The Gaussian's γ is fitted as well (the constant predictor then takes its best γ). */
  learnGamma?: boolean;
  /** Data whose mean image is the constant (same columns as x); default x itself, the in-sample minimum. */
  fittedOn?: MatrixLike;
}

const EPSILON = 1e-6;

function pixelMeans(rows: number, cols: number, data: ArrayLike<number>): Float64Array {
  const mean = new Float64Array(cols);
  for (let k = 0; k < data.length; k++) mean[k % cols] += data[k];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  return mean;
}

/** The mean image's reconstruction loss on x (rows = examples, columns = pixels), nats per example. */
export function meanImageReconstruction(x: MatrixLike, options: MeanImageLikelihood): number {
  const m = toMatrix(x, "x");
  requireRows(m, 1, "x", "the mean image");
  const { rows, cols, data } = m;
  const mean = pixelMeans(rows, cols, data);
  let constant = mean;
  if (options.fittedOn !== undefined) {
    const f = toMatrix(options.fittedOn, "fittedOn");
    requireRows(f, 1, "fittedOn", "the mean image");
    if (f.cols !== cols) throw new RangeError(`meanImageReconstruction: fittedOn has ${f.cols} columns but x has ${cols}; expected the same pixels`);
    constant = pixelMeans(f.rows, f.cols, f.data);
  }
  if (options.likelihood === "bernoulli") {
    for (let k = 0; k < data.length; k++) {
      if (!(data[k] >= 0 && data[k] <= 1)) {
        throw new RangeError(`meanImageReconstruction: x must lie in [0, 1] for the Bernoulli likelihood, got ${data[k]} at row ${Math.floor(k / cols)}, column ${k % cols}`);
      }
    }
    const xlogx = (p: number) => (p > 0 ? p * Math.log(p) : 0);
    const clip = (p: number) => Math.min(1 - EPSILON, Math.max(EPSILON, p));
    let loss = 0;
    // −Σ_j [x̄_j log c_j + (1 − x̄_j) log(1 − c_j)], which is the entropy Σ_j H(x̄_j) when c = x̄.
    for (let j = 0; j < cols; j++) {
      loss -= constant === mean ? xlogx(mean[j]) + xlogx(1 - mean[j]) : mean[j] * Math.log(clip(constant[j])) + (1 - mean[j]) * Math.log(1 - clip(constant[j]));
    }
    return finiteResult(loss, "mean-image Bernoulli reconstruction", "x has non-finite values.");
  }
  if (options.likelihood !== "gaussian") {
    throw new RangeError(`meanImageReconstruction: likelihood must be "bernoulli" or "gaussian", got ${JSON.stringify(options.likelihood)}`);
  }
  let squares = 0;
  for (let k = 0; k < data.length; k++) squares += (data[k] - constant[k % cols]) ** 2;
  const totalVariance = squares / rows;
  if (options.learnGamma) {
    const gamma = totalVariance / cols;
    if (!(gamma > 0)) throw new RangeError("meanImageReconstruction: with a learned γ the data must vary (every pixel is constant, so the best γ is 0 and the loss −∞)");
    return finiteResult(0.5 * cols * (1 + Math.log(2 * Math.PI * gamma)), "mean-image Gaussian reconstruction", "x has non-finite values.");
  }
  const gamma = numberOption(options.gamma, "gamma", 1, (v) => v > 0, "a positive number (decoder variance γ)");
  return finiteResult(0.5 * (totalVariance / gamma + cols * Math.log(2 * Math.PI * gamma)), "mean-image Gaussian reconstruction", "x has non-finite values.");
}
