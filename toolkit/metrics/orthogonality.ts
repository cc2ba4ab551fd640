// Distance to Orthogonality (Rolinek, Zietlow & Martius 2019, §5.1, Eq. 29): for each example the decoder
// Jacobian J_i = U_i Σ_i V_iᵀ (ml-matrix SVD), DtO = mean_i ‖V_i − P(V_i)‖_F with P(V) the nearest signed
// permutation matrix. Since |V_ab| ≤ 1, both the L¹ and the Frobenius distance to a signed permutation are
// minimised by the assignment maximising Σ|V_{a,π(a)}| with signs sign(V_{a,π(a)}): solved exactly by the
// Hungarian method (the paper used a MILP for the same optimum).
import * as tf from "@tensorflow/tfjs";
import { SingularValueDecomposition } from "ml-matrix";
import { MatrixLike } from "./matrix";
import { toMatrix, requireRows, integerOption, finiteResult, describeValue } from "./validate";
import { toMl } from "./linalg";
import { linearAssignment } from "./hungarian";

/** ‖V − P(V)‖_F for a square d×d matrix V (row-major) and its nearest signed permutation P(V). */
export function distanceToSignedPermutation(v: ArrayLike<number>, d: number): number {
  const cost = Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => -Math.abs(v[a * d + b])));
  const match = linearAssignment(cost);
  let s = 0;
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      const x = v[a * d + b];
      const p = match[a] === b ? (x >= 0 ? 1 : -1) : 0;
      s += (x - p) ** 2;
    }
  }
  return Math.sqrt(s);
}

/** Right singular vectors V (d×d, row-major, columns = vectors) of a D×d Jacobian. */
function rightSingularVectors(j: MatrixLike, index: number): { v: Float64Array; d: number } {
  const m = toMatrix(j, `jacobians[${index}]`);
  requireRows(m, m.cols, `jacobians[${index}]`, "a full set of right singular vectors (outputs ≥ latents)");
  const svd = new SingularValueDecomposition(toMl(m.data, m.rows, m.cols), { computeLeftSingularVectors: false, computeRightSingularVectors: true, autoTranspose: false });
  const vm = svd.rightSingularVectors;
  const v = new Float64Array(m.cols * m.cols);
  for (let a = 0; a < m.cols; a++) for (let b = 0; b < m.cols; b++) v[a * m.cols + b] = vm.get(a, b);
  return { v, d: m.cols };
}

/** DtO (Rolinek Eq. 29) from per-example decoder Jacobians (each outputs × latents). 0 = perfectly axis-aligned. */
export function distanceToOrthogonality(jacobians: readonly MatrixLike[]): number {
  if (!Array.isArray(jacobians)) throw new Error(`jacobians: expected an array with one outputs×latents matrix per example, got ${describeValue(jacobians)}.`);
  if (jacobians.length === 0) throw new Error("distanceToOrthogonality: no Jacobian given; pass one outputs×latents matrix per example (see decoderJacobians).");
  let total = 0;
  jacobians.forEach((j, i) => {
    const { v, d } = rightSingularVectors(j, i);
    total += distanceToSignedPermutation(v, d);
  });
  return finiteResult(total / jacobians.length, "distanceToOrthogonality", "the singular value decomposition did not converge.");
}

/**
 * Exact decoder Jacobians ∂decoder(z)/∂z (outputs × latents) at each row of z, by reverse mode: the example is
 * repeated once per output (in chunks of `chunk`, default 256) and output k of copy k is differentiated, so one
 * backward pass yields `chunk` rows of J. Assumes the decoder treats batch rows independently (no batch statistics).
 */
export function decoderJacobians(decoder: (z: tf.Tensor2D) => tf.Tensor, z: MatrixLike, options: { chunk?: number } = {}): number[][][] {
  if (typeof decoder !== "function") throw new Error(`decoder: expected a function (z: tf.Tensor2D) => tf.Tensor, got ${describeValue(decoder)}.`);
  const m = toMatrix(z, "z");
  const chunk = integerOption(options.chunk, "chunk", 256, 1);
  const d = m.cols;
  const out: number[][][] = [];
  for (let i = 0; i < m.rows; i++) {
    const row = Array.from(m.data.subarray(i * d, (i + 1) * d));
    let outputs: number;
    try {
      outputs = tf.tidy(() => tf.util.sizeFromShape(decoder(tf.tensor2d([row])).shape.slice(1)));
    } catch (e) {
      throw new Error(`z: the decoder failed on row ${i} (${d} latents): ${(e as Error).message}; z must have as many columns as the decoder's input.`);
    }
    const jac: number[][] = [];
    for (let start = 0; start < outputs; start += chunk) {
      const rows = Math.min(chunk, outputs - start);
      const g = tf.tidy(() => {
        const zs = tf.tensor2d(Array.from({ length: rows }, () => row));
        const pick = tf.oneHot(tf.range(start, start + rows, 1, "int32"), outputs).toFloat();
        return tf.grad((zz: tf.Tensor) => tf.sum(tf.mul(decoder(zz as tf.Tensor2D).reshape([rows, outputs]), pick)))(zs);
      });
      const data = g.dataSync();
      g.dispose();
      for (let r = 0; r < rows; r++) jac.push(Array.from(data.subarray(r * d, (r + 1) * d)));
    }
    out.push(jac);
  }
  return out;
}

/** DtO of a decoder at the rows of z (Jacobians by decoderJacobians). */
export function decoderDistanceToOrthogonality(decoder: (z: tf.Tensor2D) => tf.Tensor, z: MatrixLike, options: { chunk?: number } = {}): number {
  return distanceToOrthogonality(decoderJacobians(decoder, z, options));
}
