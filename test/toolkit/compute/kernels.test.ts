// Kernels polarlab registers on incomplete backends (toolkit/compute/kernels), checked against tfjs' `cpu` backend,
// which implements every kernel directly: the kernel itself, the gradients of conv2d and conv2dTranspose that use
// it, and a whole conv β-VAE gradient. Native BLAS kernels are switched off so that polarlab's own kernels run.
import "./noNative";
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backendReport, ensureBackend } from "../../../toolkit/compute/backend";
import { Rng } from "../../../toolkit/compute/random";
import { createModel } from "../../../toolkit/models";

type Pad = "same" | "valid" | number;
interface Case { x: [number, number, number, number]; filter: [number, number, number, number]; stride: number; pad: Pad }

const CASES: Case[] = [
  { x: [2, 8, 8, 3], filter: [4, 4, 3, 5], stride: 2, pad: "same" }, // the papers' conv layers, small
  { x: [2, 7, 9, 2], filter: [3, 3, 2, 4], stride: 1, pad: "valid" },
  { x: [1, 9, 9, 2], filter: [3, 3, 2, 3], stride: 2, pad: "same" }, // odd size: asymmetric "same" padding
  { x: [2, 10, 8, 1], filter: [2, 3, 1, 2], stride: 3, pad: "valid" }, // rows left over at the border
  { x: [1, 8, 8, 2], filter: [4, 4, 2, 2], stride: 2, pad: 1 },
];

function values(n: number, seed: number): Float32Array {
  return new Rng(seed).normals(n);
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Runs `f` on `backend` with fresh tensors and returns the results as plain arrays. */
async function on(backend: string, f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(f);
  const data = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return data;
}

function assertClose(actual: Float32Array, expected: Float32Array, what: string, rtol = 1e-4): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let scale = 0;
  for (const e of expected) scale = Math.max(scale, Math.abs(e));
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    assert.ok(err <= rtol * (scale + 1e-6), `${what}[${i}]: ${actual[i]} vs cpu ${expected[i]} (max |cpu| ${scale})`);
  }
}

describe("kernels registered on wasm", async () => {
  const backend = await ensureBackend();
  const skip = backend !== "wasm" ? `the active backend is ${backend}, not wasm` : false;

  test("Conv2DBackpropFilter was added to wasm; BatchMatMul, Conv2DBackpropInput, Identity and Sum wrapped", { skip }, () => {
    assert.ok(backendReport()?.addedKernels.includes("Conv2DBackpropFilter"));
    assert.deepEqual(backendReport()?.wrappedKernels, ["BatchMatMul", "Conv2DBackpropInput", "Identity", "Sum"]);
  });

  test("Sum over leading axes (the wrapper) and other reductions match cpu", { skip }, async () => {
    const cases: [number[], number | number[], boolean][] = [
      [[4, 3, 5, 6], [0, 1, 2], false], // a bias gradient
      [[4, 3, 5, 6], [2, 0, 1], true],
      [[7, 5], 0, false],
      [[7, 5], -2, true],
      [[4, 3, 5], [1, 2], false], // not leading: the backend's own Sum
      [[4, 3], [0, 1], false], // every axis: the backend's own Sum
    ];
    for (const [shape, axis, keepDims] of cases) {
      const xv = values(size(shape), 10);
      const compute = () => [tf.sum(tf.tensor(xv, shape), axis, keepDims)];
      const cpu = await on("cpu", compute);
      const wasm = await on("wasm", compute);
      assertClose(wasm[0], cpu[0], `sum [${shape}] over ${JSON.stringify(axis)}${keepDims ? " keepDims" : ""}`);
      await tf.setBackend("wasm");
      const reduced = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + shape.length : a));
      const expected = keepDims ? shape.map((d, i) => (reduced.includes(i) ? 1 : d)) : shape.filter((_, i) => !reduced.includes(i));
      assert.deepEqual(tf.tidy(() => compute()[0].shape), expected, "output shape");
    }
  });

  test("Identity (tf.clone) shares data on wasm without aliasing surprises", { skip }, async () => {
    await tf.setBackend("wasm");
    assert.ok(backendReport()?.wrappedKernels.includes("Identity"));
    const bytes = tf.memory().numBytes;
    const x = tf.tensor1d([1, 2, 3]);
    const c = tf.clone(x);
    x.dispose();
    assert.deepEqual(Array.from(c.dataSync()), [1, 2, 3], "a clone outlives its source");
    const [init, next] = [tf.tensor1d([4, 5]), tf.tensor1d([6, 7])];
    const v = tf.variable(init);
    const cv = v.clone();
    v.assign(next);
    assert.deepEqual(Array.from(cv.dataSync()), [4, 5], "assigning a variable leaves earlier clones unchanged");
    assert.deepEqual(Array.from(v.dataSync()), [6, 7]);
    tf.dispose([c, cv, v, init, next]);
    assert.equal(tf.memory().numBytes, bytes, "shared data is freed once every reference is disposed");
  });

  test("BatchMatMul with transposed operands (the wrapper) matches cpu, batched and broadcast", { skip }, async () => {
    const shapes: [number[], number[], boolean, boolean][] = [
      [[7, 5], [7, 3], true, false],
      [[4, 6], [9, 6], false, true],
      [[6, 4], [9, 6], true, true],
      [[3, 5, 4], [3, 5, 2], true, false],
      [[2, 3, 4, 5], [1, 6, 5], false, true], // batch dimensions broadcast
      [[5, 4], [4, 3], false, false],
    ];
    for (const [sa, sb, ta, tb] of shapes) {
      const av = values(size(sa), 8), bv = values(size(sb), 9);
      const compute = () => [tf.matMul(tf.tensor(av, sa), tf.tensor(bv, sb), ta, tb)];
      const cpu = await on("cpu", compute);
      const wasm = await on("wasm", compute);
      assertClose(wasm[0], cpu[0], `matMul [${sa}]${ta ? "ᵀ" : ""} · [${sb}]${tb ? "ᵀ" : ""}`);
    }
  });

  for (const c of CASES) {
    const label = `x [${c.x}], filter [${c.filter}], stride ${c.stride}, pad ${c.pad}`;
    test(`Conv2DBackpropFilter and conv2d gradients (Conv2DBackpropInput) match cpu: ${label}`, { skip }, async () => {
      const xs = values(size(c.x), 1);
      const ws = values(size(c.filter), 2);
      const outShape = tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.stride, c.pad).shape);
      const rs = values(size(outShape), 3);
      const compute = () => {
        const x = tf.tensor4d(xs, c.x);
        const w = tf.tensor4d(ws, c.filter);
        const r = tf.tensor4d(rs, outShape);
        const direct = tf.engine().runKernel("Conv2DBackpropFilter", { x, dy: r }, {
          strides: c.stride, pad: c.pad, dataFormat: "NHWC", filterShape: c.filter,
        }) as tf.Tensor;
        const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), r)))([x, w]);
        return [direct, gx, gw];
      };
      const cpu = await on("cpu", compute);
      const wasm = await on("wasm", compute);
      ["Conv2DBackpropFilter", "d/dx conv2d", "d/dfilter conv2d"].forEach((what, i) => assertClose(wasm[i], cpu[i], what));
    });
  }

  test("conv2dTranspose values and gradients (filter and input) match cpu, as in the decoders", { skip }, async () => {
    const xShape: [number, number, number, number] = [2, 4, 4, 6];
    const fShape: [number, number, number, number] = [4, 4, 3, 6]; // [size, size, out, in]
    const out: [number, number, number, number] = [2, 8, 8, 3];
    const xs = values(size(xShape), 4), ws = values(size(fShape), 5), rs = values(size(out), 6);
    const compute = () => {
      const y = tf.conv2dTranspose(tf.tensor4d(xs, xShape), tf.tensor4d(ws, fShape), out, 2, "same");
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, out, 2, "same"), tf.tensor4d(rs, out))),
      )([tf.tensor4d(xs, xShape), tf.tensor4d(ws, fShape)]);
      return [y, gx, gw];
    };
    const cpu = await on("cpu", compute);
    const wasm = await on("wasm", compute);
    assertClose(wasm[0], cpu[0], "conv2dTranspose (Conv2DBackpropInput)");
    assertClose(wasm[1], cpu[1], "d/dx conv2dTranspose");
    assertClose(wasm[2], cpu[2], "d/dfilter conv2dTranspose");
  });

  test("a conv β-VAE's loss gradients match cpu (every kernel its training step needs runs on wasm)", { skip }, async () => {
    const model = createModel({ kind: "betaVAE", architecture: "conv", inputShape: [16, 16, 1], latent: 3, seed: 11 });
    const x = values(4 * 16 * 16, 7).map((v) => (v > 0 ? 1 : 0));
    const compute = () => {
      const { value, grads } = tf.variableGrads(() => model.lossTerms({ x: tf.tensor4d(x, [4, 16, 16, 1]) }, { step: 0, datasetSize: 4, rng: new Rng(3) }).loss, model.trainableVariables());
      return [value, ...model.trainableVariables().map((v) => grads[v.name])];
    };
    const cpu = await on("cpu", compute);
    const wasm = await on("wasm", compute);
    const names = ["loss", ...model.trainableVariables().map((v) => v.name)];
    names.forEach((n, i) => assertClose(wasm[i], cpu[i], n, 2e-4));
    model.dispose();
  });
});
