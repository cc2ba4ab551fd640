// The datasets the study runners name in their (hashable) configurations, built from datasets/:
// linear-Gaussian vectors (known intrinsic dimension), iVAE segment data, dSprites either at full
// resolution or as a seeded subsample average-pooled to a smaller square (polarlab's choice for the
// CPU-sized presets; the papers use 64×64 dSprites), in the binary original or one of disentanglement_lib's
// procedural variants with the same five factors (Locatello et al. 2019, `dsprites.py`; thesis §6.4 trains on
// them): `color`, the sprite times one RGB colour drawn from U[0.5, 1]³ per image (ColorDSprites), and
// `noisy`, the sprite over U[0, 1]³ noise per pixel, clipped at 1 (NoisyDSprites); their randomness is drawn
// once per example from the spec's seed (datasets/dsprites.ts), where disentanglement_lib redraws it at each
// sample. And MNIST (28×28, the digit as its one factor),
// whole or as a seeded subsample of its training split.
import { ArrayDataset, dsprites, ivaeSegments, linearGaussian, mnist, type Dataset } from "../../datasets";

export type DatasetSpec =
  | { name: "linearGaussian"; n?: number; k?: number; dim?: number; noise?: number; seed?: number }
  | { name: "ivaeSegments"; segments?: number; perSegment?: number; sourceDim?: number; dim?: number; seed?: number }
  | { name: "dsprites"; n?: number; size?: number; seed?: number; variant?: PooledVariant }
  | { name: "mnist"; n?: number; seed?: number };

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
    default:
      throw new RangeError(
        `dataset name must be linearGaussian, ivaeSegments, dsprites or mnist, got ${JSON.stringify((spec as { name: unknown }).name)}`,
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
  const factor = 64 / size;
  const channels = full.shape[2];
  const pixels = size * size * channels;
  const x = new Float32Array(rows * pixels);
  const factorCount = full.factors.names.length;
  const indices = new Int32Array(rows * factorCount);
  for (let i = 0; i < rows; i++) {
    const example = data.get(i);
    indices.set(example.factors as Int32Array, i * factorCount);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        for (let ch = 0; ch < channels; ch++) {
          let sum = 0;
          for (let dr = 0; dr < factor; dr++) {
            for (let dc = 0; dc < factor; dc++) sum += example.x[((r * factor + dr) * 64 + c * factor + dc) * channels + ch];
          }
          x[i * pixels + (r * size + c) * channels + ch] = sum / (factor * factor);
        }
      }
    }
  }
  return new ArrayDataset({
    name: `${full.name}-${size}px(n=${rows})`,
    shape: [size, size, channels],
    x,
    factors: { info: full.factors, indices },
  });
}
