// Charts in nbconvert's HTML (`jupyter nbconvert --to html`, Debian's nbconvert 6.5): a notebook executed by
// nbclient through the installed kernelspec, converted with the lab and classic templates; every chart (a
// Chart result, a displayed image grid, a bare Vega-Lite spec) must be an <img> whose PNG has drawn pixels.
import assert from "node:assert/strict";
import { test } from "node:test";
import { PNG } from "pngjs";
import { installTemporaryKernelspec, python } from "./python";

const CELLS = [
  'variableTypeCounts([{ beta: 1, active: 8, mixed: 1, passive: 1 }, { beta: 4, active: 5, mixed: 2, passive: 3 }], { title: "counts" })',
  "await display(charts.imageGrid({ data: Array.from({ length: 2 * 8 * 8 }, (_, i) => (i % 8) / 7), shape: [2, 8, 8] }));",
  '({ $schema: "https://vega.github.io/schema/vega-lite/v5.json", mark: "line", data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 0 }] }, encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } })',
];

/** The share of a PNG's pixels that are not white: what the chart drew. */
function drawnFraction(png: PNG): number {
  let drawn = 0;
  for (let p = 0; p < png.width * png.height; p++) if (png.data[4 * p] < 240 || png.data[4 * p + 1] < 240 || png.data[4 * p + 2] < 240) drawn++;
  return drawn / (png.width * png.height);
}

test("nbconvert --to html draws every chart as a PNG image (lab and classic templates)", () => {
  const spec = installTemporaryKernelspec();
  try {
    const r = python(["nbconvert_html.py", "lab", "classic"], { env: { JUPYTER_PATH: spec.jupyterPath }, input: JSON.stringify(CELLS) });
    assert.equal(r.status, 0, `nbclient / nbconvert failed:\n${r.stderr.slice(-4000)}`);
    const pages = JSON.parse(r.stdout) as Record<string, string>;
    for (const [template, html] of Object.entries(pages)) {
      assert.ok(!/data-mime-type="image\/svg\+xml"|<svg/.test(html), `${template}: an SVG output (nbconvert strips its elements)`);
      const images = [...html.matchAll(/<img src="data:image\/png;base64,([A-Za-z0-9+/=\s]+)"([^>]*)>/g)];
      assert.equal(images.length, CELLS.length, `${template}: ${images.length} PNG images for ${CELLS.length} charts`);
      for (const [, base64, attributes] of images) {
        const png = PNG.sync.read(Buffer.from(base64.replace(/\s/g, ""), "base64"));
        const width = Number(/width="?(\d+)/.exec(attributes)?.[1]);
        assert.equal(png.width, 2 * width, `${template}: the PNG is drawn at 2x and shown at its CSS width (${attributes.trim()})`);
        const fraction = drawnFraction(png);
        assert.ok(fraction > 0.01 && fraction < 0.95, `${template}: ${(100 * fraction).toFixed(1)} % of a ${png.width}x${png.height} chart is drawn`);
      }
    }
  } finally {
    spec.cleanup();
  }
});
