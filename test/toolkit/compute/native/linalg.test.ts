// The float64 linear algebra of the addon (dgemm, dsyrk, columnSums, columnCentring, centredRowProducts, centredGram, dsyevd, dgesdd, dpotrf) and its k-d tree search,
// and the logistic fit's products on it,
// against naive JavaScript loops and
// matrices built with known spectra (Householder reflections, so the expected eigen/singular values are exact
// by construction) or a known Cholesky factor, its argument checks, and the routing of toolkit/metrics/linalg.ts: the same numbers with the
// addon and with POLARLAB_NATIVE=0 (ml-matrix / JavaScript loops, independent implementations).
import * as assert from "node:assert/strict";
import { describe, test } from "node:test";

import { loadNativeAddon } from "../../../../toolkit/compute/native";
import { cholesky, nativeLinalg, symmetricEigen, symmetricEigenvalues } from "../../../../toolkit/metrics/linalg";
import { centredGram, columnMeans, columnStats, crossProduct, crossProductJs, Matrix } from "../../../../toolkit/metrics/matrix";
import { nearestNeighbours } from "../../../../toolkit/metrics/neighbours";
import { buildKdTree } from "../../../../toolkit/metrics/kdTree";
import { nuclearNorm } from "../../../../toolkit/metrics/procrustes";
import { fitLogistic, predictLogistic } from "../../../../toolkit/metrics/logistic";
import { seeded } from "./helpers";

const load = loadNativeAddon();

const f64 = (size: number, seed: number) => Float64Array.from(seeded(size, seed));

/** Naive op(A) op(B) for row-major A (m×k, or k×m when ta) and B (k×n, or n×k when tb). */
function naiveProduct(a: Float64Array, b: Float64Array, m: number, n: number, k: number, ta: boolean, tb: boolean): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += (ta ? a[l * m + i] : a[i * k + l]) * (tb ? b[j * k + l] : b[l * n + j]);
      out[i * n + j] = s;
    }
  }
  return out;
}

/** The n×n Householder reflection I − 2vvᵀ/vᵀv (orthogonal and symmetric). */
function reflection(n: number, seed: number): Float64Array {
  const v = f64(n, seed);
  const vv = v.reduce((s, x) => s + x * x, 0);
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) h[i * n + j] = (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
  return h;
}

/** H₁ D H₂ with D the m×n matrix carrying `values` on its diagonal: singular values exactly |values|. */
function withSingularValues(values: number[], m: number, n: number, seed: number): Float64Array {
  const d = new Float64Array(m * n);
  values.forEach((v, i) => { d[i * n + i] = v; });
  return naiveProduct(naiveProduct(reflection(m, seed), d, m, n, m, false, false), reflection(n, seed + 1), m, n, n, false, false);
}

function assertAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string, rtol = 1e-12, atol = 1e-12): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    assert.ok(err <= atol + rtol * Math.abs(expected[i]), `${label}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

function withoutAddon<T>(fn: () => T): T {
  const saved = process.env.POLARLAB_NATIVE;
  process.env.POLARLAB_NATIVE = "0";
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.POLARLAB_NATIVE;
    else process.env.POLARLAB_NATIVE = saved;
  }
}

/** withoutAddon for a computation that yields between chunks (the setting holds until it settles). */
async function withoutAddonAsync<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.POLARLAB_NATIVE;
  process.env.POLARLAB_NATIVE = "0";
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.POLARLAB_NATIVE;
    else process.env.POLARLAB_NATIVE = saved;
  }
}

describe("native float64 linear algebra", { skip: load.addon && nativeLinalg() ? false : load.reason }, () => {
  const addon = load.addon!;

  test("dgemm: 2x3 times (2x3)ᵀ equals the hand-computed product", () => {
    const out = new Float64Array(4);
    addon.dgemm(new Float64Array([1, 2, 3, 4, 5, 6]), new Float64Array([1, 2, 3, 4, 5, 6]), out, 2, 2, 3, false, true);
    assert.deepEqual(Array.from(out), [14, 32, 32, 77]);
  });

  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
    test(`dgemm transA=${ta} transB=${tb} matches the naive product`, () => {
      const [m, n, k] = [17, 11, 23];
      const a = f64(m * k, 1);
      const b = f64(k * n, 2);
      const out = new Float64Array(m * n);
      addon.dgemm(a, b, out, m, n, k, ta, tb);
      assertAllClose(out, naiveProduct(a, b, m, n, k, ta, tb), `dgemm ${ta} ${tb}`);
    });
  }

  test("dgemm with k = 0 gives zeros (an empty sum)", () => {
    const out = new Float64Array(6).fill(7);
    addon.dgemm(new Float64Array(0), new Float64Array(0), out, 2, 3, 0, false, false);
    assert.deepEqual(Array.from(out), [0, 0, 0, 0, 0, 0]);
  });

  test("dsyrk fills both triangles of AᵀA and AAᵀ", () => {
    const [rows, cols] = [29, 13];
    const a = f64(rows * cols, 3);
    const ata = new Float64Array(cols * cols);
    addon.dsyrk(a, ata, cols, rows, true);
    assertAllClose(ata, naiveProduct(a, a, cols, cols, rows, true, false), "AᵀA");
    const aat = new Float64Array(rows * rows);
    addon.dsyrk(a, aat, rows, cols, false);
    assertAllClose(aat, naiveProduct(a, a, rows, rows, cols, false, true), "AAᵀ");
  });

  test("centredGram: the column means and (X − X̄)ᵀ(X − X̄) of a naive two-pass loop, across its row blocks", () => {
    // 700 rows of 400 columns span two row blocks of the 2 MB buffer (655 rows at 400 columns); an offset of 1e6
    // makes an uncentred product lose every digit, so only a two-pass computation passes.
    for (const [rows, cols] of [[1000, 10], [700, 400], [1, 3]]) {
      const x = f64(rows * cols, 11).map((v, i) => v + (i % cols === 1 ? 1e6 : 0));
      const means = new Float64Array(cols);
      const gram = new Float64Array(cols * cols);
      addon.centredGram(x, means, gram, rows, cols);
      const expectedMeans = Float64Array.from({ length: cols }, (_, j) => { let s = 0; for (let i = 0; i < rows; i++) s += x[i * cols + j]; return s / rows; });
      assert.deepEqual(means, expectedMeans, `${rows}x${cols} means (summed in row order)`);
      const c = x.map((v, i) => v - expectedMeans[i % cols]);
      const centred = { rows, cols, data: c };
      assertAllClose(gram, crossProductJs(centred, centred), `${rows}x${cols} gram`, 1e-12, 1e-9);
    }
  });

  // 4,100 × 257 is past the addon's threshold for splitting a pass between threads (2²⁰ entries), at an odd split.
  test("columnCentring: the column means (in row order), x − means and its column sums of squares, bit for bit", () => {
    for (const [rows, cols] of [[1000, 10], [300, 257], [1, 3], [4100, 257]]) {
      const x = f64(rows * cols, 13).map((v, i) => v + (i % cols === 1 ? 1e6 : 0));
      const means = new Float64Array(cols);
      const sumSquares = new Float64Array(cols);
      const out = new Float64Array(rows * cols);
      assert.equal(addon.columnCentring(x, means, sumSquares, rows, cols, out), true, "finite input");
      const expectedMeans = Float64Array.from({ length: cols }, (_, j) => { let s = 0; for (let i = 0; i < rows; i++) s += x[i * cols + j]; return s / rows; });
      const expectedOut = x.map((v, i) => v - expectedMeans[i % cols]);
      const expectedSquares = new Float64Array(cols);
      for (let i = 0; i < rows * cols; i++) expectedSquares[i % cols] += expectedOut[i] * expectedOut[i];
      assert.deepEqual(means, expectedMeans, `${rows}x${cols} means`);
      assert.deepEqual(out, expectedOut, `${rows}x${cols} centred copy`);
      assert.deepEqual(sumSquares, expectedSquares, `${rows}x${cols} sums of squares`);
      const statsOnly = new Float64Array(cols);
      addon.columnCentring(x, means, statsOnly, rows, cols);
      assert.deepEqual(statsOnly, expectedSquares, `${rows}x${cols} sums of squares without a copy`);
      for (const bad of [NaN, Infinity, -Infinity]) {
        const y = Float64Array.from(x);
        y[y.length - 1] = bad;
        assert.equal(addon.columnCentring(y, means, sumSquares, rows, cols), false, `${rows}x${cols} with ${bad}`);
      }
    }
    // Finite entries whose sum overflows are still finite entries.
    assert.equal(addon.columnCentring(new Float64Array([1e308, 1e308, 1e308]), new Float64Array(1), new Float64Array(1), 3, 1), true);
  });

  test("columnSums: the column sums and sums of squares (in row order), bit for bit, and the finiteness test", () => {
    for (const [rows, cols] of [[1000, 10], [300, 257], [1, 3], [4100, 257]]) {
      const x = f64(rows * cols, 14).map((v, i) => v + (i % cols === 1 ? 1e6 : 0));
      const sums = new Float64Array(cols);
      const squares = new Float64Array(cols);
      assert.equal(addon.columnSums(x, sums, squares, rows, cols), true, "finite input");
      const expectedSums = new Float64Array(cols);
      const expectedSquares = new Float64Array(cols);
      for (let i = 0; i < rows * cols; i++) { expectedSums[i % cols] += x[i]; expectedSquares[i % cols] += x[i] * x[i]; }
      assert.deepEqual(sums, expectedSums, `${rows}x${cols} sums`);
      assert.deepEqual(squares, expectedSquares, `${rows}x${cols} sums of squares`);
      for (const bad of [NaN, Infinity, -Infinity]) {
        for (const at of [0, x.length - 1]) {
          const y = Float64Array.from(x);
          y[at] = bad;
          assert.equal(addon.columnSums(y, sums, squares, rows, cols), false, `${rows}x${cols} with ${bad} at ${at}`);
        }
      }
    }
    assert.equal(addon.columnSums(new Float64Array([1e308, 1e308, 1e308]), new Float64Array(1), new Float64Array(1), 3, 1), true);
  });

  test("centredRowProducts: each row's ‖x_i − means‖² and (x_i − means) · weights (in column order), bit for bit", () => {
    // 4,099 × 257 is split by rows between threads, with rows left over from the blocks of four.
    for (const [rows, cols] of [[1000, 10], [7, 257], [1, 3], [4099, 257]]) {
      const x = f64(rows * cols, 15).map((v, i) => v + (i % cols === 1 ? 1e6 : 0));
      const means = f64(cols, 16).map((v, j) => v + (j === 1 ? 1e6 : 0));
      const weights = f64(cols, 17);
      const squares = new Float64Array(rows);
      const dots = new Float64Array(rows);
      addon.centredRowProducts(x, means, weights, squares, dots, rows, cols);
      const expectedSquares = new Float64Array(rows);
      const expectedDots = new Float64Array(rows);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const v = x[i * cols + j] - means[j];
          expectedSquares[i] += v * v;
          expectedDots[i] += v * weights[j];
        }
      }
      assert.deepEqual(squares, expectedSquares, `${rows}x${cols} squares`);
      assert.deepEqual(dots, expectedDots, `${rows}x${cols} dots`);
    }
  });

  test("kdTreeSearch rejects a malformed tree instead of reading out of bounds", () => {
    const x = f64(40 * 3, 12);
    const t = buildKdTree(x, 40, 3);
    const call = (patch: (t: ReturnType<typeof buildKdTree>) => void) => {
      const tree = { ...t, idx: Int32Array.from(t.idx), left: Int32Array.from(t.left), hi: Int32Array.from(t.hi) };
      patch(tree);
      addon.kdTreeSearch(tree.points, tree.idx, tree.lo, tree.hi, tree.dim, tree.split, tree.left, tree.right, 3, 2, new Float64Array(80).fill(Infinity), new Int32Array(80), 0, 40);
    };
    call(() => undefined);
    assert.throws(() => call((tree) => { tree.idx[5] = 40; }), /idx\[5\] out of range/);
    assert.throws(() => call((tree) => { tree.left[0] = 0; }), /node 0 has a bad split or children/);
    assert.throws(() => call((tree) => { const leaf = tree.dim.indexOf(-1); tree.hi[leaf] = 41; }), /leaf \d+ has points out of range/);
  });

  test("dsyevd: eigenvalues of [[2,1],[1,2]] are 1 and 3, and of H diag(λ) H are λ", () => {
    const w = new Float64Array(2);
    addon.dsyevd(new Float64Array([2, 1, 1, 2]), w, 2);
    assertAllClose(w, [1, 3], "2x2");
    const n = 40;
    const lambda = Array.from({ length: n }, (_, i) => (i - 10) * 0.37); // negative, zero-ish and positive
    const h = reflection(n, 4);
    const diag = new Float64Array(n * n);
    lambda.forEach((v, i) => { diag[i * n + i] = v; });
    const a = naiveProduct(naiveProduct(h, diag, n, n, n, false, false), h, n, n, n, false, false);
    const copy = Float64Array.from(a);
    const eig = new Float64Array(n);
    addon.dsyevd(a, eig, n);
    assertAllClose(eig, lambda, "H diag H", 1e-12, 1e-12);
    assert.deepEqual(a, copy, "dsyevd must leave its input as it was");
    // With vectors: the eigenvector of λᵢ is H's i-th column (H is symmetric: its i-th row), up to sign.
    const vectors = new Float64Array(n * n);
    addon.dsyevd(a, eig, n, vectors);
    assertAllClose(eig, lambda, "H diag H, with vectors", 1e-12, 1e-12);
    for (let i = 0; i < n; i++) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += vectors[i * n + r] * h[i * n + r];
      assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-10, `eigenvector ${i}: |⟨v, H column⟩| = ${Math.abs(dot)}, expected 1`);
    }
    assert.deepEqual(a, copy, "dsyevd with vectors must leave its input as it was");
  });

  test("dgesdd: singular values of H₁ D H₂ are |diag D|, tall and wide, input untouched", () => {
    const values = [5, 3.5, 2, 1, 0.25, 1e-3, 0];
    for (const [m, n] of [[19, 7], [7, 12]]) {
      const a = withSingularValues(values.map((v, i) => (i % 2 ? -v : v)), m, n, 5);
      const copy = Float64Array.from(a);
      const s = new Float64Array(Math.min(m, n));
      addon.dgesdd(a, s, m, n);
      assertAllClose(s, values, `${m}x${n}`, 1e-12, 1e-13);
      assert.deepEqual(a, copy, "dgesdd must leave its input as it was");
    }
  });

  test("dpotrf recovers a known lower factor from L Lᵀ and reports a non-positive-definite minor", () => {
    const n = 9;
    const l = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) l[i * n + j] = i === j ? 1 + i / 4 : Math.sin(3 * i + j);
    const a = naiveProduct(l, l, n, n, n, false, true);
    assert.equal(addon.dpotrf(a, n), 0);
    assertAllClose(a, l, "L from L Lᵀ", 1e-12, 1e-12);
    // [[1, 2], [2, 1]] has eigenvalues 3 and −1: its leading minor of order 2 (the determinant, −3) is negative.
    assert.equal(addon.dpotrf(new Float64Array([1, 2, 2, 1]), 2), 2);
  });

  test("argument checks name the argument, the value seen and what is expected", () => {
    const out = new Float64Array(4);
    assert.throws(() => addon.dgemm(new Float32Array(6) as unknown as Float64Array, new Float64Array(6), out, 2, 2, 3, false, true),
      /argument a must be a Float64Array/);
    assert.throws(() => addon.dgemm(new Float64Array(6), new Float64Array(5), out, 2, 2, 3, false, true),
      /argument b has 5 elements, expected at least 6/);
    assert.throws(() => addon.dgemm(new Float64Array(6), new Float64Array(6), out, -2, 2, 3, false, true),
      /argument m must be a non-negative int32, got -2/);
    assert.throws(() => addon.dsyrk(new Float64Array(6), new Float64Array(3), 2, 3, true), /argument out has 3 elements, expected at least 4/);
    assert.throws(() => addon.dsyevd(new Float64Array([1, NaN, NaN, 1]), new Float64Array(2), 2), /argument a has a non-finite value nan at index 1/);
    assert.throws(() => addon.dgesdd(new Float64Array([1, 2, Infinity, 4]), new Float64Array(2), 2, 2), /argument a has a non-finite value inf at index 2/);
    assert.throws(() => addon.dgesdd(new Float64Array(6), new Float64Array(1), 2, 3), /argument s has 1 elements, expected at least 2/);
    assert.throws(() => addon.dpotrf(new Float64Array(3), 2), /argument a has 3 elements, expected at least 4/);
  });

  describe("toolkit/metrics routes through the addon and agrees with its JavaScript fallback", () => {
    const matrix = (rows: number, cols: number, seed: number): Matrix => ({ rows, cols, data: f64(rows * cols, seed) });

    test("POLARLAB_NATIVE=0 switches the metrics to the fallback", () => {
      assert.ok(nativeLinalg());
      assert.equal(withoutAddon(() => nativeLinalg()), null);
    });

    test("crossProduct XᵀY and XᵀX equal the blocked JavaScript loops", () => {
      const x = matrix(300, 37, 6);
      const y = matrix(300, 21, 7);
      assertAllClose(crossProduct(x, y), crossProductJs(x, y), "XᵀY", 1e-12, 1e-11);
      assertAllClose(crossProduct(x, x), crossProductJs(x, x), "XᵀX", 1e-12, 1e-11);
    });

    test("centredGram of one matrix equals the JavaScript blocks", () => {
      for (const [rows, cols] of [[9000, 10], [300, 80]]) {
        const x = matrix(rows, cols, 13);
        const native = centredGram(x);
        const js = withoutAddon(() => centredGram(x));
        assert.deepEqual(native.means, js.means, "means");
        assertAllClose(native.gram, js.gram, `gram ${rows}x${cols}`, 1e-12, 1e-10);
      }
    });

    test("columnStats: one pass within 1e-13 of the two-pass statistics, and the two-pass ones when a column's mean is outside its spread", () => {
      const twoPass = (x: Matrix) => {
        const means = columnMeans(x);
        const sumSquares = new Float64Array(x.cols);
        for (let k = 0; k < x.data.length; k++) sumSquares[k % x.cols] += (x.data[k] - means[k % x.cols]) ** 2;
        return { means, sumSquares };
      };
      const x = matrix(3000, 40, 16);
      for (const stats of [columnStats(x), withoutAddon(() => columnStats(x))]) {
        const exact = twoPass(x);
        assert.deepEqual(stats.means, exact.means, "means");
        assertAllClose(stats.sumSquares, exact.sumSquares, "one-pass sums of squares", 1e-13, 0);
        assert.equal(stats.finite, true);
      }
      // A column of 0.1s (two-pass variance about 1e-32: constant) and one offset by 1e6 spreads.
      for (const [column, offset] of [[3, 0.1], [7, 1e6]]) {
        const wide = { ...x, data: x.data.map((v, k) => (k % 40 === column ? (offset === 0.1 ? 0.1 : v + offset) : v)) };
        const stats = columnStats(wide);
        assert.deepEqual(stats.sumSquares, withoutAddon(() => columnStats(wide)).sumSquares, "addon and JavaScript");
        assert.deepEqual(stats.sumSquares, twoPass(wide).sumSquares, `two-pass sums of squares with column ${column} at ${offset}`);
      }
    });

    test("the k-d tree search in C++ finds the same neighbours at the same distances as in JavaScript", async () => {
      // Random rows (several chunks of 2,000 queries), and a grid with many ties and repeated coordinates.
      const grid: Matrix = { rows: 600, cols: 2, data: Float64Array.from({ length: 1200 }, (_, i) => (i % 2 ? Math.floor(i / 40) * 0.5 : (i >> 1) % 20)) };
      for (const [x, k] of [[matrix(4500, 10, 14), 20], [matrix(3000, 3, 15), 2], [grid, 5]] as const) {
        const native = await nearestNeighbours(x, k, { method: "kdtree" });
        const js = await withoutAddonAsync(() => nearestNeighbours(x, k, { method: "kdtree" }));
        // The same steps in the same order per query: equal bits, and equal indices even among ties.
        assert.deepEqual(native.distances, js.distances, `distances ${x.rows}x${x.cols}`);
        assert.deepEqual(native.indices, js.indices, `indices ${x.rows}x${x.cols}`);
      }
    });

    test("cholesky equals the JavaScript factor, and a failure still names the column and pivot", () => {
      const x = matrix(60, 12, 10);
      const gram = crossProductJs(x, x);
      const native = cholesky(gram, 12);
      const js = withoutAddon(() => cholesky(gram, 12));
      assert.ok("l" in native && "l" in js);
      assertAllClose(native.l, js.l, "L", 1e-10, 1e-12);
      assert.deepEqual(cholesky(new Float64Array([1, 2, 2, 1]), 2), { failedAt: 1, pivot: -3 });
    });

    test("symmetricEigen: the addon's and ml-matrix's decompositions both rebuild the matrix with orthonormal vectors", () => {
      const n = 30;
      const gram = crossProductJs(matrix(120, n, 8), matrix(120, n, 8));
      for (const [label, { values, vectors }] of [["addon", symmetricEigen(gram, n)], ["ml-matrix", withoutAddon(() => symmetricEigen(gram, n))]] as const) {
        for (let i = 1; i < n; i++) assert.ok(values[i - 1] <= values[i], `${label}: eigenvalues ascending`);
        const rebuilt = new Float64Array(n * n);
        for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rebuilt[i * n + j] += values[k] * vectors[k * n + i] * vectors[k * n + j];
        assertAllClose(rebuilt, gram, `${label}: Σ λ v vᵀ`, 1e-9, 1e-9);
        const gramOfVectors = naiveProduct(vectors, vectors, n, n, n, false, true);
        gramOfVectors.forEach((v, idx) => assert.ok(Math.abs(v - (idx % (n + 1) === 0 ? 1 : 0)) < 1e-10, `${label}: V Vᵀ = I at ${idx}`));
      }
    });
    test("symmetricEigenvalues and nuclearNorm equal ml-matrix's results", () => {
      const x = matrix(120, 30, 8);
      const gram = crossProductJs(x, x);
      const sorted = (v: number[]) => [...v].sort((p, q) => p - q);
      assertAllClose(sorted(symmetricEigenvalues(gram, 30)), sorted(withoutAddon(() => symmetricEigenvalues(gram, 30))), "eigenvalues", 1e-10, 1e-10);
      const c = f64(25 * 14, 9);
      for (const [p, q] of [[25, 14], [14, 25]]) {
        const native = nuclearNorm(c, p, q);
        assert.ok(Math.abs(native - withoutAddon(() => nuclearNorm(c, p, q))) <= 1e-9 * native, `nuclear norm ${p}x${q}`);
      }
    });
    test("fitLogistic: the addon's products and the JavaScript loops reach the same optimum and the same predictions", () => {
      // 300 rows, 7 columns (one all zero, which the loops skip), 12 classes tied to the first column.
      const x = matrix(300, 7, 10);
      const y = Int32Array.from({ length: 300 }, (_, i) => i % 12);
      for (let i = 0; i < 300; i++) { x.data[i * 7] += y[i] / 4; x.data[i * 7 + 6] = 0; }
      for (const C of [0.01, 1, 100]) {
        const native = fitLogistic(x, y, 12, C, { tolerance: 1e-10 });
        const js = withoutAddon(() => fitLogistic(x, y, 12, C, { tolerance: 1e-10 }));
        assertAllClose(native.weights, js.weights, `weights at C = ${C}`, 1e-6, 1e-8);
        assertAllClose(native.bias, js.bias, `bias at C = ${C}`, 1e-6, 1e-8);
        assert.deepEqual(predictLogistic(native, x), withoutAddon(() => predictLogistic(js, x)), `predictions at C = ${C}`);
      }
    });
  });
});
