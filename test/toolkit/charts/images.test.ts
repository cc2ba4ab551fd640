// Image grids: each image becomes a PNG data URL whose decoded pixels equal the input (scaled to
// 0..255), laid out row-major; the server-rendered SVG carries the images themselves.
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { PNG } from "pngjs";
import { imageGrid, reconstructionGrid, traversalGrid } from "../../../toolkit/charts/images";
import { VARIABLE_TYPE_COLORS } from "../../../toolkit/charts/theme";
import { assertRenders, unit } from "./helpers";

function decode(url: string): PNG {
  return PNG.sync.read(Buffer.from(url.replace("data:image/png;base64,", ""), "base64"));
}

/** n grey 4×3 images whose pixel p of image k is ((k + p) % 12) / 11. */
function batch(n: number) {
  const h = 4, w = 3;
  const data = new Float32Array(n * h * w).map((_, i) => ((Math.floor(i / (h * w)) + (i % (h * w))) % 12) / 11);
  return { data, shape: [n, h, w, 1] };
}

describe("imageGrid", () => {
  test("PNG pixels round-trip, row-major layout, no axes without labels", async () => {
    const chart = imageGrid(batch(6), { columns: 3, size: 30 });
    const spec: any = chart.spec;
    assert.deepEqual(spec.data.values.map((v: any) => [v.row, v.column]), [["0", "0"], ["0", "1"], ["0", "2"], ["1", "0"], ["1", "1"], ["1", "2"]]);
    const png = decode(spec.data.values[4].url);
    assert.deepEqual([png.width, png.height], [3, 4]);
    for (let p = 0; p < 12; p++) {
      const expected = Math.round((255 * ((4 + p) % 12)) / 11);
      assert.deepEqual([...png.data.subarray(4 * p, 4 * p + 4)], [expected, expected, expected, 255]);
    }
    const image = unit(spec, "image");
    assert.equal(image.mark.width, 30);
    assert.equal(image.encoding.url.field, "url");
    assert.equal(image.encoding.x.axis, null);
    const svg = await assertRenders(chart, ["image"]);
    assert.equal((svg.match(/<image [^>]*href="data:image\/png;base64,/g) ?? []).length, 6);
  });

  test("RGB images keep their channels; values are clipped to [0, 1]; NaN is an error", () => {
    const rgb = { data: [1.2, 0, 0.5, -0.1, 1, 0], shape: [1, 2, 3] };
    const png = decode((imageGrid([rgb]).spec as any).data.values[0].url);
    assert.deepEqual([...png.data], [255, 0, 128, 255, 0, 255, 0, 255]);
    assert.throws(() => imageGrid([{ data: [NaN], shape: [1, 1] }]), /pixel 0 channel 0 is NaN/);
    assert.throws(() => imageGrid({ data: [1, 2, 3], shape: [1, 2, 2] }), /3 values do not fill shape \[1, 2, 2\]/);
    assert.throws(() => imageGrid({ data: new Float32Array(8), shape: [1, 2, 2, 2] }), /c in \{1, 3, 4\}/);
  });

  test("reads tfjs-like tensors through dataSync()", () => {
    const b = batch(2);
    const chart = imageGrid({ dataSync: () => b.data, shape: b.shape });
    assert.equal((chart.spec as any).data.values.length, 2);
  });
});

describe("reconstructionGrid and traversalGrid", () => {
  test("inputs above reconstructions", async () => {
    const chart = reconstructionGrid(batch(4), batch(4), { n: 3 });
    const spec: any = chart.spec;
    assert.deepEqual(spec.data.values.map((v: any) => v.row), ["input", "input", "input", "reconstruction", "reconstruction", "reconstruction"]);
    assert.equal(spec.data.values[0].url, spec.data.values[3].url);
    assert.throws(() => reconstructionGrid(batch(4), batch(3)), /3 images for 4 inputs/);
    await assertRenders(chart, ["image"]);
  });

  test("one row per dimension, labels coloured by variable type, one column per value", async () => {
    const chart = traversalGrid(batch(6), { dimensions: [2, 7], values: [-2, 0, 2.5], types: { active: [2], mixed: [], passive: [7] } });
    const spec: any = chart.spec;
    const image = unit(spec, "image");
    assert.deepEqual(image.encoding.y.scale.domain, ["z2 (active)", "z7 (passive)"]);
    assert.deepEqual(image.encoding.x.scale.domain, ["-2", "0", "2.50"]);
    assert.equal(image.encoding.y.axis.labelColor.expr, `datum.value === "z2 (active)" ? "${VARIABLE_TYPE_COLORS.active}" : datum.value === "z7 (passive)" ? "${VARIABLE_TYPE_COLORS.passive}" : '#333333'`);
    assert.deepEqual(spec.data.values.map((v: any) => v.row), ["z2 (active)", "z2 (active)", "z2 (active)", "z7 (passive)", "z7 (passive)", "z7 (passive)"]);
    await assertRenders(chart, ["image"]);
    assert.throws(() => traversalGrid(batch(5), { dimensions: [2, 7], values: [-2, 0, 2] }), /5 images for 2 dimensions × 3 values; expected 6/);
  });
});
