// The datasets the study runners name in their (hashable) configurations, built from datasets/:
// linear-Gaussian vectors (known intrinsic dimension), iVAE segment data, dSprites either at full
// resolution or as a seeded subsample average-pooled to a smaller square (polarlab's choice for the
// CPU-sized presets; the papers use 64×64 dSprites), and MNIST (28×28, the digit as its one factor),
// whole or as a seeded subsample of its training split; and the unit square embedded linearly in R³ or
// non-linearly in R⁶ (Rolinek et al. §5.1, polarlab's stand-in maps in datasets/rolinek.ts).
import { ArrayDataset, dsprites, ivaeSegments, linearGaussian, mnist, rolinekSquare, type Dataset } from "../../datasets";

export type DatasetSpec =
  | { name: "linearGaussian"; n?: number; k?: number; dim?: number; noise?: number; seed?: number }
  | { name: "ivaeSegments"; segments?: number; perSegment?: number; sourceDim?: number; dim?: number; seed?: number }
  | { name: "dsprites"; n?: number; size?: number; seed?: number }
  | { name: "mnist"; n?: number; seed?: number }
  | { name: "rolinekSquare"; n?: number; embedding?: "linear" | "nonlinear"; noise?: number; seed?: number };

const built = new Map<string, Dataset>();

/** The dataset a spec names (memoised per process: generators are deterministic given the spec). */
export function studyDataset(spec: DatasetSpec): Dataset {
  const key = JSON.stringify(spec);
  let dataset = built.get(key);
  if (!dataset) {
    dataset = build(spec);
    built.set(key, dataset);
  }
  return dataset;
}

function build(spec: DatasetSpec): Dataset {
  switch (spec.name) {
    case "linearGaussian":
      return linearGaussian(spec);
    case "ivaeSegments":
      return ivaeSegments(spec);
    case "dsprites":
      return pooledDsprites(spec.n, spec.size ?? 64, spec.seed ?? 0);
    case "mnist": {
      const train = mnist();
      return spec.n === undefined ? train : train.subsample(spec.n, spec.seed ?? 0);
    }
    case "rolinekSquare":
      return rolinekSquare(spec);
    default:
      throw new RangeError(
        `dataset name must be linearGaussian, ivaeSegments, dsprites, mnist or rolinekSquare, got ${JSON.stringify((spec as { name: unknown }).name)}`,
      );
  }
}

/**
 * dSprites, or `n` examples of it drawn with `seed`, average-pooled from 64×64 to size×size
 * (size must divide 64). Factors are kept, so probes and disentanglement scores still apply.
 */
export function pooledDsprites(n: number | undefined, size: number, seed: number): Dataset {
  if (!Number.isInteger(size) || size < 1 || 64 % size !== 0) {
    throw new RangeError(`dsprites size must divide 64 (64, 32, 16, …), got ${size}`);
  }
  const full = dsprites();
  const data = n === undefined ? full : full.subsample(n, seed);
  if (size === 64) return data;
  const rows = data.length;
  const factor = 64 / size;
  const x = new Float32Array(rows * size * size);
  const factorCount = full.factors.names.length;
  const indices = new Int32Array(rows * factorCount);
  for (let i = 0; i < rows; i++) {
    const example = data.get(i);
    indices.set(example.factors as Int32Array, i * factorCount);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        let sum = 0;
        for (let dr = 0; dr < factor; dr++) {
          for (let dc = 0; dc < factor; dc++) sum += example.x[(r * factor + dr) * 64 + c * factor + dc];
        }
        x[i * size * size + r * size + c] = sum / (factor * factor);
      }
    }
  }
  return new ArrayDataset({
    name: `dsprites-${size}px(n=${rows})`,
    shape: [size, size, 1],
    x,
    factors: { info: full.factors, indices },
  });
}
