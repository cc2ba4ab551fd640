// Float32 views on the memory of the backend that holds the tensors, so native code reads and
// writes tensors in place: the wasm module's heap (byte offsets from dataIdMap) or the cpu
// backend's TypedArrays. Allocate every output first, then take views: a wasm malloc can grow
// (and so replace) the heap's ArrayBuffer.
import * as tf from "@tensorflow/tfjs";

type DataId = object;

interface WasmBackendLike {
  disposeData(dataId: DataId): boolean;
  refCount(dataId: DataId): number;
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

interface CpuBackendLike {
  disposeData(dataId: DataId): boolean;
  refCount(dataId: DataId): number;
  data: { get(dataId: DataId): { values?: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

/** Access to one backend's float32 tensor memory. */
export interface TensorMemory {
  /** A new float32 tensor of this shape on the backend, contents unspecified. */
  output(shape: number[]): tf.TensorInfo;
  /** A Float32Array over the tensor's data, or null when it is not plain float32 memory. */
  view(info: tf.TensorInfo): Float32Array | null;
  /**
   * True when the tensor's bytes may be overwritten in place: no other tensor shares them and,
   * unless the caller alone ever uses the tensor (private), no backend cache keeps a copy of them.
   */
  writableInPlace(info: tf.TensorInfo, isPrivate: boolean): boolean;
  /** Frees an output that will not be returned. */
  dispose(info: tf.TensorInfo): void;
}

function isWasm(backend: unknown): backend is WasmBackendLike {
  const b = backend as Partial<WasmBackendLike>;
  return b.wasm != null && b.wasm.HEAPU8 instanceof Uint8Array && b.dataIdMap != null && typeof b.makeOutput === "function";
}

function isCpu(backend: unknown): backend is CpuBackendLike {
  const b = backend as Partial<CpuBackendLike>;
  return b.data != null && typeof b.makeTensorInfo === "function";
}

function wasmMemory(backend: WasmBackendLike): TensorMemory {
  return {
    output: (shape) => backend.makeOutput(shape, "float32"),
    dispose: (info) => backend.disposeData(info.dataId),
    // Only private tensors: the wasm kernels' XNNPACK operators cache packed weights per tensor id
    // (dropped only when that id is disposed), so changing a weight's bytes under its id would
    // leave the cache stale (a model variable must get a new tensor, as tf.Variable.assign does).
    writableInPlace: (info, isPrivate) => isPrivate && backend.refCount(info.dataId) === 1,
    view(info) {
      const entry = backend.dataIdMap.get(info.dataId);
      if (info.dtype !== "float32" || entry == null || entry.memoryOffset == null) return null;
      return new Float32Array(backend.wasm.HEAPU8.buffer, entry.memoryOffset, tf.util.sizeFromShape(info.shape));
    },
  };
}

function cpuMemory(backend: CpuBackendLike): TensorMemory {
  return {
    output: (shape) => backend.makeTensorInfo(shape, "float32", new Float32Array(tf.util.sizeFromShape(shape))),
    dispose: (info) => backend.disposeData(info.dataId),
    writableInPlace: (info) => backend.refCount(info.dataId) === 1,
    view(info) {
      const values = backend.data.get(info.dataId)?.values;
      if (info.dtype !== "float32" || !(values instanceof Float32Array)) return null;
      return values.length === tf.util.sizeFromShape(info.shape) ? values : null;
    },
  };
}

/** Memory access for a wasm or cpu backend instance; null for any other backend. */
export function tensorMemory(backend: unknown): TensorMemory | null {
  if (isWasm(backend)) {
    // A threaded wasm build shares its heap across workers; native code must not touch that.
    return backend.wasm.HEAPU8.buffer instanceof ArrayBuffer ? wasmMemory(backend) : null;
  }
  return isCpu(backend) ? cpuMemory(backend) : null;
}
