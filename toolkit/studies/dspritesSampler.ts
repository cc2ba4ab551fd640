// The FactorSampler the intervention scores (FactorVAE score of Kim & Mnih 2018, BetaVAE score) need for a
// model trained on pooled dSprites: it renders sprites from factor indices with the procedural dSprites
// renderer, average-pools them from 64×64 to the study's size (as studyDataset's dsprites spec does) and
// returns the model's mean representation μ of each, in batches.
import * as tf from "@tensorflow/tfjs";
import { DSPRITES_FACTORS, renderDSprite } from "../../datasets";
import type { FactorSampler } from "../metrics";
import type { Model } from "../models";
import { averagePool64 } from "./data";

/** Encodes rendered dSprites of side `size` (dividing 64) with `model`'s mean representation. */
export function dspritesSampler(model: Model, size: number, batchSize = 500): FactorSampler {
  if (!Number.isInteger(size) || size < 1 || 64 % size !== 0) throw new RangeError(`dspritesSampler: size must divide 64 (64, 32, 16, …), got ${size}`);
  const pixels = size * size;
  return {
    factorSizes: DSPRITES_FACTORS.sizes,
    encode(factors: number[][]) {
      const n = factors.length;
      const out = new Float32Array(n * model.latent);
      for (let start = 0; start < n; start += batchSize) {
        const rows = Math.min(batchSize, n - start);
        const x = new Float32Array(rows * pixels);
        for (let i = 0; i < rows; i++) {
          const [shape, scale, orientation, posX, posY] = factors[start + i];
          const image = renderDSprite(shape, scale, orientation, posX, posY);
          if (size === 64) x.set(image, i * pixels);
          else averagePool64(image, size, x, i * pixels);
        }
        const mean = tf.tidy(() => model.encode(tf.tensor4d(x, [rows, size, size, 1])).mean);
        out.set(mean.dataSync() as Float32Array, start * model.latent);
        mean.dispose();
      }
      return { data: out, shape: [n, model.latent] as [number, number] };
    },
  };
}
