// formatBundle's order (Jupyter.display symbol > Vega-Lite > DataFrame / row objects > util.inspect) and
// the Vega-Lite bundle: its keys and a PNG at twice the size of vega's SVG, with the chart's line drawn.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PNG } from "pngjs";
import { bundleMetadata, DISPLAY, formatBundle, renderSvg, VEGALITE_MIME } from "../../../toolkit/display";

const spec = {
  $schema: "https://vega.github.io/schema/vega-lite/v5.json",
  title: "loss",
  mark: "line",
  data: { values: [{ step: 0, loss: 1 }, { step: 1, loss: 0.5 }] },
  encoding: { x: { field: "step", type: "quantitative" }, y: { field: "loss", type: "quantitative" } },
};

describe("formatBundle", () => {
  test("an object's own bundle wins, even when it is also a Vega-Lite spec; a Promise is awaited", async () => {
    const own = { ...spec, [DISPLAY]: async () => ({ "text/markdown": "**mine**", "text/plain": "mine" }) };
    assert.deepEqual(await formatBundle(own), { "text/markdown": "**mine**", "text/plain": "mine" });
  });

  test("a bundle without text/plain gets one; a non-object bundle is a clear error", async () => {
    class Chart {
      [DISPLAY]() {
        return { "text/html": "<b>x</b>" };
      }
    }
    assert.deepEqual(await formatBundle(new Chart()), { "text/html": "<b>x</b>", "text/plain": "<Chart>" });
    await assert.rejects(formatBundle({ [DISPLAY]: () => "text" }), /returned string; expected a MIME bundle/);
  });

  test("a Vega-Lite spec: the spec, a 2x PNG with the chart drawn and a one-line summary, no SVG or HTML", async () => {
    const b = await formatBundle(spec);
    assert.deepEqual(Object.keys(b).sort(), [VEGALITE_MIME, "image/png", "text/plain"].sort());
    assert.equal(b[VEGALITE_MIME], spec);
    assert.equal(b["text/plain"], "<Vega-Lite line chart: loss>");
    const svg = await renderSvg(spec);
    const [, width, height] = /^<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    assert.deepEqual(bundleMetadata(b), { "image/png": { width, height } }, "shown at the chart's own size");
    const png = PNG.sync.read(Buffer.from(b["image/png"] as string, "base64"));
    assert.deepEqual([png.width, png.height], [2 * width, 2 * height]);
    let line = 0;
    for (let p = 0; p < png.width * png.height; p++) {
      const [r, g, bl] = png.data.subarray(4 * p, 4 * p + 3);
      if (Math.abs(r - 0x4c) < 24 && Math.abs(g - 0x78) < 24 && Math.abs(bl - 0xa8) < 24) line++; // vega's default line colour
    }
    assert.ok(line > 200, `only ${line} pixels of the line's colour`);
  });

  test("row objects and danfojs DataFrames become an HTML table plus text", async () => {
    const rows = await formatBundle([{ beta: 1, active: 3 }, { beta: 4, mixed: 0.123456789 }]);
    assert.match(rows["text/html"] as string, /<th>beta<\/th><th>active<\/th><th>mixed<\/th>/);
    assert.match(rows["text/html"] as string, /<td>0.123457<\/td>/);
    assert.equal(rows["text/plain"], "   beta  active     mixed\n0     1       3\n1     4          0.123457\n\n[2 rows × 3 columns]");
    const dfd = require("danfojs");
    const df = new dfd.DataFrame({ a: [1, 2], b: ["x", "<y>"] });
    const b = await formatBundle(df);
    assert.match(b["text/html"] as string, /<td>&lt;y&gt;<\/td>/);
    assert.match(b["text/plain"] as string, /\[2 rows × 2 columns\]/);
  });

  test("long tables are truncated to head and tail rows around an ellipsis", async () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ i }));
    const b = await formatBundle(rows);
    const html = b["text/html"] as string;
    assert.equal((html.match(/<tr><th>[^<]/g) ?? []).length, 31, "20 head rows, 1 ellipsis row, 10 tail rows");
    assert.match(html, /<th>19<\/th>.*\n<tr><th>…<\/th>.*\n<tr><th>90<\/th>/);
    assert.match(b["text/plain"] as string, /\[100 rows × 1 columns\]$/);
  });

  test("anything else is util.inspect text; tfjs tensors print their values", async () => {
    assert.deepEqual(await formatBundle({ a: [1, 2] }), { "text/plain": "{ a: [ 1, 2 ] }" });
    assert.deepEqual(await formatBundle("s"), { "text/plain": "'s'" });
    assert.deepEqual(await formatBundle([]), { "text/plain": "[]" });
    const tf = require("@tensorflow/tfjs");
    const t = tf.tensor1d([1, 2]);
    assert.match((await formatBundle(t))["text/plain"] as string, /Tensor\s+\[1, 2\]/);
    t.dispose();
  });
});
