// SVG of a 10,000-point Vega-Lite scatter rendered in-process by vega@5 (goal <= 1 s; docs/decisions.md, "Speed goals").
// Run: npx tsc -p . && node dist/bench/svg.js [points=10000]
import { renderSvg } from "../toolkit/display";

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10_000);
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const values = Array.from({ length: n }, (_, i) => ({ x: rand(), y: rand(), group: `g${i % 5}` }));
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    data: { values },
    mark: { type: "point", filled: true, size: 8 },
    encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, color: { field: "group", type: "nominal" } },
  };
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    bytes = (await renderSvg(spec)).length;
    times.push(performance.now() - t);
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  console.log(`SVG of ${n} points: first ${(times[0] / 1000).toFixed(2)} s (includes loading vega), warm median ${(warm[1] / 1000).toFixed(2)} s, ${(bytes / 1e6).toFixed(1)} MB (goal <= 1 s)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
