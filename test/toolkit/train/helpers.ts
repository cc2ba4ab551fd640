// A small in-memory dataset for the trainer tests (the BatchSource part of datasets/index.ts's Dataset):
// rows of a float32 matrix, shuffled per call with a seeded permutation.
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../../toolkit/compute/random";
import type { Batch } from "../../../toolkit/models";
import type { BatchSource } from "../../../toolkit/train";

export class ArrayDataset implements BatchSource {
  readonly length: number;

  constructor(readonly rows: Float32Array[], readonly width: number) {
    this.length = rows.length;
  }

  async *batches(batchSize: number, options: { shuffle?: boolean; seed?: number; epochs?: number } = {}): AsyncIterable<Batch> {
    for (let e = 0; e < (options.epochs ?? 1); e++) {
      const order = Array.from({ length: this.length }, (_, i) => i);
      if (options.shuffle) {
        const rng = new Rng(options.seed ?? 0);
        for (let i = order.length - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
      }
      for (let s = 0; s < order.length; s += batchSize) {
        const idx = order.slice(s, s + batchSize);
        const data = new Float32Array(idx.length * this.width);
        idx.forEach((r, k) => data.set(this.rows[r], k * this.width));
        yield { x: tf.tensor2d(data, [idx.length, this.width]) };
      }
    }
  }
}

/** Synthetic data with a 2-D latent structure: x = sigmoid(z·M) for z ~ N(0, I₂) and a fixed 2 × width M. */
export function synthetic(n: number, width: number, seed: number): ArrayDataset {
  const rng = new Rng(seed);
  const M = Array.from({ length: 2 }, () => Array.from({ length: width }, () => 2 * rng.normal()));
  const rows = Array.from({ length: n }, () => {
    const z = [rng.normal(), rng.normal()];
    return Float32Array.from({ length: width }, (_, i) => 1 / (1 + Math.exp(-(z[0] * M[0][i] + z[1] * M[1][i]))));
  });
  return new ArrayDataset(rows, width);
}
