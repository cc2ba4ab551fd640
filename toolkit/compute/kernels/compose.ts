// Composing a missing kernel from kernels the backend already has: each call goes straight to the backend's own
// kernel function (not through the engine, so nothing is recorded on the gradient tape), and every intermediate
// result is released when the composition finishes.
import * as tf from "@tensorflow/tfjs";

type TensorInfo = tf.TensorInfo;

interface DisposingBackend {
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Runs kernels of one backend and remembers their outputs so that `release` can free the intermediates. */
export class KernelComposer {
  private readonly made: TensorInfo[] = [];

  constructor(private readonly backend: tf.KernelBackend, private readonly backendName: string) {}

  run(kernelName: string, inputs: Record<string, TensorInfo> | TensorInfo[], attrs: Record<string, unknown> = {}): TensorInfo {
    const kernel = tf.getKernel(kernelName, this.backendName);
    if (!kernel) throw new Error(`kernel ${kernelName} is not registered for backend ${this.backendName}`);
    const out = kernel.kernelFunc({ inputs: inputs as tf.NamedTensorInfoMap, backend: this.backend, attrs: attrs as tf.NamedAttrMap });
    if (Array.isArray(out)) throw new Error(`kernel ${kernelName} returned several outputs; KernelComposer expects one`);
    this.made.push(out);
    return out;
  }

  /** Frees every intermediate except `keep` (the composition's result). */
  release(keep: TensorInfo): TensorInfo {
    for (const info of this.made) {
      if (info !== keep) (this.backend as unknown as DisposingBackend).disposeData(info.dataId);
    }
    this.made.length = 0;
    return keep;
  }
}
