// PNG rendering time per chart: vega's SVG rasterised by resvg at 2x (toolkit/display/png.ts), for
// charts of the sizes the studies draw. Prints the SVG time and the added PNG time, warm medians.
// Run: npx tsc -p . && node dist/bench/png.js
import { imageGrid } from "../toolkit/charts";
import { renderSvg, svgToPng, type VegaLiteSpec } from "../toolkit/display";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
let seed = 1;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

function xy(mark: string, values: Record<string, unknown>[], extra: Record<string, unknown> = {}): VegaLiteSpec {
  return { $schema: SCHEMA, data: { values }, mark, encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, ...extra } };
}

const CHARTS: [string, VegaLiteSpec][] = [
  ["bars (3 x 8)", { $schema: SCHEMA, data: { values: Array.from({ length: 24 }, (_, i) => ({ beta: String(i % 8), type: ["active", "mixed", "passive"][i % 3], n: 1 + (i % 5) })) }, mark: "bar", encoding: { x: { field: "beta", type: "ordinal" }, y: { field: "n", type: "quantitative" }, color: { field: "type", type: "nominal" } } }],
  ["training curves (2 x 2,000 points)", xy("line", Array.from({ length: 4000 }, (_, i) => ({ x: i % 2000, y: Math.exp(-(i % 2000) / 500) + 0.05 * rand(), term: i < 2000 ? "loss" : "kl" })), { color: { field: "term", type: "nominal" } })],
  ["heatmap (32 x 32)", { $schema: SCHEMA, data: { values: Array.from({ length: 1024 }, (_, i) => ({ a: i % 32, b: Math.floor(i / 32), v: rand() })) }, mark: "rect", encoding: { x: { field: "a", type: "ordinal" }, y: { field: "b", type: "ordinal" }, color: { field: "v", type: "quantitative" } } }],
  ["scatter (10,000 points)", xy("point", Array.from({ length: 10_000 }, () => ({ x: rand(), y: rand() })))],
  ["image grid (20 of 28 x 28)", imageGrid({ data: Array.from({ length: 20 * 28 * 28 }, () => rand()), shape: [20, 28, 28] }).spec],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  for (const [name, spec] of CHARTS) {
    const svgTimes: number[] = [];
    const pngTimes: number[] = [];
    let size = "";
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      const svg = await renderSvg(spec);
      const t1 = performance.now();
      const png = svgToPng(svg);
      const t2 = performance.now();
      if (i === 0) continue; // the first run loads vega and resvg
      svgTimes.push(t1 - t0);
      pngTimes.push(t2 - t1);
      size = `${png.width}x${png.height} css px, ${(png.base64.length * 0.75 / 1024).toFixed(0)} KiB`;
    }
    console.log(`${name.padEnd(36)} SVG ${median(svgTimes).toFixed(0).padStart(5)} ms   PNG +${median(pngTimes).toFixed(0).padStart(4)} ms   (${size})`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
