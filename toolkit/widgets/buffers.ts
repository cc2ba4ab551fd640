// Binary values in widget state (ipywidgets' messaging protocol 2.1, "Binary buffers"): before a state goes
// on the wire every ArrayBuffer or typed array in it is taken out and sent as one of the message's binary
// frames, with its place as a path of keys and indices in `buffer_paths` (taken out of an object, set to
// null in an array, as ipywidgets' _remove_buffers does); a received state gets its buffers put back at
// their paths (_put_buffers). The state passed in is never changed: the parts on a buffer's path are copied.
import type { WidgetState } from "./widget";

export type BufferPath = (string | number)[];

export interface SeparatedState {
  state: WidgetState;
  buffer_paths: BufferPath[];
  buffers: Uint8Array[];
}

function isBinary(v: unknown): v is ArrayBuffer | ArrayBufferView {
  return v instanceof ArrayBuffer || ArrayBuffer.isView(v);
}

function bytes(v: ArrayBuffer | ArrayBufferView): Uint8Array {
  return v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

function separate(value: unknown, path: BufferPath, out: SeparatedState): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((v, i) => {
      const replaced = isBinary(v) ? (out.buffer_paths.push([...path, i]), out.buffers.push(bytes(v)), null) : separate(v, [...path, i], out);
      if (replaced !== v) (copy ??= [...value])[i] = replaced;
    });
    return copy ?? value;
  }
  if (value !== null && typeof value === "object" && !isBinary(value)) {
    let copy: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      if (isBinary(v)) {
        out.buffer_paths.push([...path, k]);
        out.buffers.push(bytes(v));
        delete (copy ??= { ...value })[k];
      } else {
        const replaced = separate(v, [...path, k], out);
        if (replaced !== v) (copy ??= { ...value })[k] = replaced;
      }
    }
    return copy ?? value;
  }
  return value;
}

/** `state` without its binary values, their paths, and their bytes (in path order). */
export function removeBuffers(state: WidgetState): SeparatedState {
  const out: SeparatedState = { state, buffer_paths: [], buffers: [] };
  out.state = separate(state, [], out) as WidgetState;
  return out;
}

/**
 * Puts `buffers[i]` into `state` at `paths[i]` (in place) and returns `state`. Throws naming the path when
 * the paths and buffers do not match or a path does not lead into the state.
 */
export function putBuffers(state: WidgetState, paths: unknown, buffers: readonly Uint8Array[]): WidgetState {
  const list = paths ?? [];
  if (!Array.isArray(list) || list.length !== buffers.length) {
    throw new TypeError(`buffer_paths is ${JSON.stringify(paths)} for ${buffers.length} buffer(s); expected one path (an array of keys and indices) per buffer`);
  }
  list.forEach((path: unknown, i) => {
    if (!Array.isArray(path) || path.length === 0 || !path.every((k) => typeof k === "string" || typeof k === "number")) {
      throw new TypeError(`buffer_paths[${i}] is ${JSON.stringify(path)}; expected a non-empty array of keys and indices`);
    }
    let at: unknown = state;
    for (const key of path.slice(0, -1)) {
      at = at !== null && typeof at === "object" ? (at as Record<string | number, unknown>)[key] : undefined;
    }
    if (at === null || typeof at !== "object") throw new TypeError(`buffer_paths[${i}] is ${JSON.stringify(path)}, which does not lead into the state`);
    (at as Record<string | number, unknown>)[path[path.length - 1]] = buffers[i];
  });
  return state;
}
