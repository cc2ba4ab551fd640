// svgToPng: a hand-written SVG whose pixels are known (a red square, text in the bundled DejaVu font)
// comes out at twice its size with the square where the SVG puts it; bad arguments are named.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PNG } from "pngjs";
import { PNG_SCALE, svgToPng } from "../../../toolkit/display";

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">
<rect x="10" y="10" width="20" height="20" fill="#ff0000"/>
<text x="50" y="35" font-family="sans-serif" font-size="20" fill="black">Ab</text>
</svg>`;

function pixel(png: PNG, x: number, y: number): number[] {
  const i = 4 * (y * png.width + x);
  return Array.from(png.data.subarray(i, i + 4));
}

describe("svgToPng", () => {
  test("renders at 2x on white: the square where the SVG puts it, the text drawn", () => {
    const out = svgToPng(SVG);
    assert.equal(PNG_SCALE, 2);
    assert.deepEqual([out.width, out.height], [100, 50]);
    const png = PNG.sync.read(Buffer.from(out.base64, "base64"));
    assert.deepEqual([png.width, png.height], [200, 100]);
    assert.deepEqual(pixel(png, 40, 40), [255, 0, 0, 255], "inside the square (20..60 at 2x)");
    assert.deepEqual(pixel(png, 10, 10), [255, 255, 255, 255], "white outside it");
    assert.deepEqual(pixel(png, 62, 40), [255, 255, 255, 255], "the square ends at x = 60");
    let dark = 0;
    for (let y = 20; y < 100; y++) for (let x = 100; x < 200; x++) if (pixel(png, x, y)[0] < 100) dark++;
    assert.ok(dark > 150, `the text drew only ${dark} dark pixels (font not loaded?)`);
  });

  test("scale changes the pixel size, not the display size", () => {
    const out = svgToPng(SVG, 1);
    const png = PNG.sync.read(Buffer.from(out.base64, "base64"));
    assert.deepEqual([png.width, png.height, out.width, out.height], [100, 50, 100, 50]);
  });

  test("bad arguments are named", () => {
    assert.throws(() => svgToPng("not svg"), /svgToPng\(svg\): svg is "not svg"; expected an SVG document string/);
    assert.throws(() => svgToPng(SVG, 0), /scale is 0; expected a number in \(0, 8\]/);
    assert.throws(() => svgToPng(SVG, Number.NaN), /scale is NaN/);
  });
});
