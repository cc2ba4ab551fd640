// Identity without a copy, for wasm. While a gradient tape records, tfjs clones every tensor a kernel saves for
// its backward pass (engine.saveTensorsForBackwardMode), and wasm's Identity copies the data: every step copied each
// weight matrix (≈170 ms of a 12M-weight fc β-VAE step here). tfjs tensors are immutable and variables swap their
// data on assign, so sharing the data with a reference count (what the cpu backend's Identity and wasm's own Reshape
// do) is safe; code that writes in place must check that it holds the only reference, as the native Adam does.
import * as tf from "@tensorflow/tfjs";

const WRAPPED = Symbol.for("polarlab.identityShared");

interface RefCounting {
  incRef(dataId: object): void;
}

export function sharedIdentity(original: tf.KernelConfig): tf.KernelConfig | undefined {
  if ((original.kernelFunc as unknown as Record<symbol, boolean>)[WRAPPED]) return undefined;
  const kernelFunc: tf.KernelFunc = ({ inputs, backend }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    (backend as unknown as RefCounting).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  (kernelFunc as unknown as Record<symbol, boolean>)[WRAPPED] = true;
  return { ...original, kernelFunc };
}
