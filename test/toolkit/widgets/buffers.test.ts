// Binary buffers in widget states: the example of ipywidgets' _remove_buffers docstring (values taken out of
// objects, their paths in order), arrays (set to null), typed arrays of any element size as their bytes, the
// input left unchanged, and _put_buffers putting them back, with errors that name bad paths.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Image, putBuffers, removeBuffers } from "../../../toolkit/widgets";

describe("widget state buffers", () => {
  test("removeBuffers takes binary values out of objects, as ipywidgets' docstring example", () => {
    const ar1 = new Uint8Array([1, 2]);
    const ar2 = new Float32Array([1.5]);
    const state = { plain: [0, "text"], x: { ar: ar1 }, y: { shape: [10, 10], data: ar2 } };
    const out = removeBuffers(state);
    assert.deepEqual(out.state, { plain: [0, "text"], x: {}, y: { shape: [10, 10] } });
    assert.deepEqual(out.buffer_paths, [["x", "ar"], ["y", "data"]]);
    assert.deepEqual(out.buffers.map((b) => Array.from(b)), [[1, 2], Array.from(new Uint8Array(new Float32Array([1.5]).buffer))]);
    assert.equal(state.x.ar, ar1, "the input state is not changed");
    assert.equal(out.state.plain, state.plain, "parts without buffers are not copied");
  });

  test("in arrays a binary value becomes null; a view's own bytes are sent, not its whole buffer", () => {
    const whole = new Uint8Array([9, 8, 7, 6]);
    const out = removeBuffers({ list: [1, whole.subarray(1, 3), new ArrayBuffer(2)] });
    assert.deepEqual(out.state, { list: [1, null, null] });
    assert.deepEqual(out.buffer_paths, [["list", 1], ["list", 2]]);
    assert.deepEqual(out.buffers.map((b) => Array.from(b)), [[8, 7], [0, 0]]);
  });

  test("putBuffers puts them back at their paths and names a bad path", () => {
    const b = new Uint8Array([5]);
    assert.deepEqual(putBuffers({ x: {}, list: [1, null] }, [["x", "ar"], ["list", 1]], [b, b]), { x: { ar: b }, list: [1, b] });
    assert.deepEqual(putBuffers({ a: 1 }, undefined, []), { a: 1 });
    assert.throws(() => putBuffers({}, [["a"]], []), /buffer_paths is \[\["a"\]\] for 0 buffer\(s\)/);
    assert.throws(() => putBuffers({}, [[]], [b]), /buffer_paths\[0\] is \[\]; expected a non-empty array/);
    assert.throws(() => putBuffers({}, [["no", "where"]], [b]), /buffer_paths\[0\] is \["no","where"\], which does not lead into the state/);
  });

  test("an Image takes encoded bytes and names a value that is not", async () => {
    const img = new Image({ value: new Uint8Array([137, 80]), width: 40 });
    assert.equal(String(img), 'Image(format="png", 2 bytes)');
    assert.equal(img.getState().width, "40");
    await img.set({ value: new Uint8Array([1, 2, 3]).buffer });
    assert.deepEqual(Array.from(img.value), [1, 2, 3]);
    assert.throws(() => new Image({ value: "png" as any }), /Image\(\{ value \}\) is string; expected a Uint8Array or ArrayBuffer/);
    await assert.rejects(img.set({ value: null }), /Image.value is null; expected a Uint8Array/);
  });
});
