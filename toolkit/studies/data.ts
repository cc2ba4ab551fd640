// The datasets the study runners name in their (hashable) configurations, built from datasets/:
// linear-Gaussian vectors (known intrinsic dimension), iVAE segment data, dSprites either at full
// resolution or as a seeded subsample average-pooled to a smaller square (polarlab's choice for the
// CPU-sized presets; the papers use 64×64 dSprites), in the binary original or one of disentanglement_lib's
// procedural variants with the same five factors (Locatello et al. 2019, `dsprites.py`; thesis §6.4 trains on
// them): `color`, the sprite times one RGB colour drawn from U[0.5, 1]³ per image (ColorDSprites), and
// `noisy`, the sprite over U[0, 1]³ noise per pixel, clipped at 1 (NoisyDSprites); their randomness is drawn
// once per example from the spec's seed (datasets/dsprites.ts), where disentanglement_lib redraws it at each
// sample. MNIST (28×28, the digit as its one factor), whole or as a seeded subsample of its training split,
// Fashion-MNIST the same way from the user's IDX files, pinwheels (Johnson et al. 2016; the arm as its one
// factor), and the unit square embedded linearly in R³ or non-linearly in R⁶ (Rolinek et al. §5.1,
// polarlab's stand-in maps in datasets/rolinek.ts).
import { ArrayDataset, dsprites, fashionMnist, ivaeSegments, linearGaussian, mnist, pinwheels, rolinekSquare, type Dataset } from "../../datasets";

export type DatasetSpec =
  | { name: "linearGaussian"; n?: number; k?: number; dim?: number; noise?: number; seed?: number }
  | { name: "ivaeSegments"; segments?: number; perSegment?: number; sourceDim?: number; dim?: number; seed?: number }
  | { name: "dsprites"; n?: number; size?: number; seed?: number; variant?: PooledVariant }
  | { name: "mnist"; n?: number; seed?: number }
  /** dir: the folder holding Fashion-MNIST's four IDX files (not shipped; see datasets/mnist.ts). */
  | { name: "fashionMnist"; dir: string; n?: number; seed?: number }
  | { name: "pinwheels"; classes?: number; perClass?: number; seed?: number }
  | { name: "rolinekSquare"; n?: number; embedding?: "linear" | "nonlinear"; noise?: number; seed?: number };

/** The dSprites variants a study can name: those that need no file (scream needs a background image). */
export type PooledVariant = "binary" | "color" | "noisy";
const POOLED_VARIANTS: readonly string[] = ["binary", "color", "noisy"];

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
      return pooledDsprites(spec.n, spec.size ?? 64, spec.seed ?? 0, spec.variant ?? "binary");
    case "mnist": {
      const train = mnist();
      return spec.n === undefined ? train : train.subsample(spec.n, spec.seed ?? 0);
    }
    case "fashionMnist": {
      if (typeof spec.dir !== "string" || spec.dir === "") {
        throw new RangeError(`fashionMnist dataset: dir must name the folder of its IDX files, got ${JSON.stringify(spec.dir)}`);
      }
      const train = fashionMnist({ dir: spec.dir });
      return spec.n === undefined ? train : train.subsample(spec.n, spec.seed ?? 0);
    }
    case "pinwheels":
      return pinwheels(spec);
    case "rolinekSquare":
      return rolinekSquare(spec);
    default:
      throw new RangeError(
        `dataset name must be linearGaussian, ivaeSegments, dsprites, mnist, fashionMnist, pinwheels or rolinekSquare, got ${JSON.stringify((spec as { name: unknown }).name)}`,
      );
  }
}

/** A short name of the dataset a spec names, for titles: "dsprites", "dsprites-color", "mnist", … */
export function datasetLabel(spec: DatasetSpec): string {
  return spec.name === "dsprites" && spec.variant && spec.variant !== "binary" ? `dsprites-${spec.variant}` : spec.name;
}

/**
 * dSprites (`variant`, default binary; the colour and noisy variants draw their randomness from `seed`), or
 * `n` examples of it drawn with `seed`, average-pooled from 64×64 to size×size per channel (size must
 * divide 64). Factors are kept, so probes and disentanglement scores still apply.
 */
export function pooledDsprites(n: number | undefined, size: number, seed: number, variant: PooledVariant = "binary"): Dataset {
  if (!Number.isInteger(size) || size < 1 || 64 % size !== 0) {
    throw new RangeError(`dsprites size must divide 64 (64, 32, 16, …), got ${size}`);
  }
  if (!POOLED_VARIANTS.includes(variant)) {
    throw new RangeError(`dsprites variant must be ${POOLED_VARIANTS.join(", ")}, got ${JSON.stringify(variant)}`);
  }
  const full = dsprites({ variant, seed });
  const data = n === undefined ? full : full.subsample(n, seed);
  if (size === 64) return data;
  const rows = data.length;
  const channels = full.shape[2];
  const pixels = size * size * channels;
  const x = new Float32Array(rows * pixels);
  const factorCount = full.factors.names.length;
  const indices = new Int32Array(rows * factorCount);
  for (let i = 0; i < rows; i++) {
    const example = data.get(i);
    indices.set(example.factors as Int32Array, i * factorCount);
    averagePool64(example.x, size, x, i * pixels, channels);
  }
  return new ArrayDataset({
    name: `${full.name}-${size}px(n=${rows})`,
    shape: [size, size, channels],
    x,
    factors: { info: full.factors, indices },
  });
}

/**
 * Average-pools one 64×64 image (row-major, `channels` interleaved) to size×size per channel (size divides 64)
 * into out[offset..].
 */
export function averagePool64(image: ArrayLike<number>, size: number, out: Float32Array, offset: number, channels = 1): void {
  const factor = 64 / size;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      for (let ch = 0; ch < channels; ch++) {
        let sum = 0;
        for (let dr = 0; dr < factor; dr++) {
          for (let dc = 0; dc < factor; dc++) sum += image[((r * factor + dr) * 64 + c * factor + dc) * channels + ch];
        }
        out[offset + (r * size + c) * channels + ch] = sum / (factor * factor);
      }
    }
  }
}
