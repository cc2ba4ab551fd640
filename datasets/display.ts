// How a dataset shows itself in a notebook (the Jupyter.display protocol of toolkit/display, by its
// global symbol so datasets/ stays independent of the toolkit): a summary and, for images, a strip of
// the first examples as a PNG.
import { PNG } from "pngjs";
import type { Dataset } from "./dataset";

/** The global symbol toolkit/display looks for (Symbol.for("Jupyter.display")). */
export const DISPLAY_SYMBOL: unique symbol = Symbol.for("Jupyter.display") as never;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/** One-line-per-field description. */
export function datasetSummary(d: Dataset): string {
  const lines = [`${d.name}: ${d.length.toLocaleString("en")} examples of shape [${d.shape.join(", ")}]`];
  if (d.factors) lines.push(`factors: ${d.factors.names.map((n, k) => `${n} (${d.factors!.sizes[k]})`).join(", ")}`);
  if (d.auxDim) lines.push(`auxiliary u: ${d.auxDim} dimensions`);
  if (d.sourceDim) lines.push(`continuous sources: ${d.sourceDim} dimensions`);
  return lines.join("\n");
}

/** The first `count` images side by side (grey or RGB), scaled up so small images stay visible. */
export function imageStrip(d: Dataset, count = 8): Buffer {
  const [h, w, c] = d.shape;
  const n = Math.min(count, d.length);
  const zoom = Math.max(1, Math.floor(64 / Math.max(h, w)));
  const png = new PNG({ width: n * (w * zoom + 2), height: h * zoom });
  png.data.fill(255);
  for (let k = 0; k < n; k++) {
    const x = d.get(k).x;
    for (let r = 0; r < h * zoom; r++) {
      for (let col = 0; col < w * zoom; col++) {
        const src = (Math.floor(r / zoom) * w + Math.floor(col / zoom)) * c;
        const dst = (r * png.width + k * (w * zoom + 2) + col) * 4;
        for (let ch = 0; ch < 3; ch++) png.data[dst + ch] = Math.round(255 * Math.min(1, Math.max(0, x[src + (c === 3 ? ch : 0)])));
      }
    }
  }
  return PNG.sync.write(png);
}

/** MIME bundle of a dataset: text summary, plus HTML with an image strip for [H, W, 1|3] data. */
export function datasetBundle(d: Dataset): Record<string, string> {
  const text = datasetSummary(d);
  const isImage = d.shape.length === 3 && (d.shape[2] === 1 || d.shape[2] === 3);
  const img = isImage && d.length > 0 ? `<br><img src="data:image/png;base64,${imageStrip(d).toString("base64")}">` : "";
  return { "text/plain": text, "text/html": `<pre>${escapeHtml(text)}</pre>${img}` };
}
