// Chart benchmarks (figures, not pass/fail; docs/decisions.md, "Speed goals"): the SVG of a 10,000-point chart renders in
// under a second; time to build each builder's spec and to render its SVG in-process with vega.
// Run: npx tsc -p . && node dist/bench/charts.js
import {
  Chart, concatCharts, correlationHeatmap, densityPlot, curvesWithPassiveCounts, elbowPlot, fondueTrace, groupedBars, latentHistograms,
  layerSimilarityHeatmap, representationRows, scatterPlot, trainingCurves, traversalGrid, uncertaintyCurves, variableTypeCounts,
} from "../toolkit/charts";

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Deterministic pseudo-random numbers (Park–Miller) so that every run draws the same charts. */
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Build time, then the median of three SVG renders after one warm-up render. */
async function measure(name: string, build: () => Chart): Promise<void> {
  let start = process.hrtime.bigint();
  const chart = build();
  const buildMs = ms(start);
  await chart.toSVG();
  const times: number[] = [];
  let bytes = 0;
  for (let k = 0; k < 3; k++) {
    start = process.hrtime.bigint();
    bytes = (await chart.toSVG()).length;
    times.push(ms(start));
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(44)} build ${buildMs.toFixed(1).padStart(7)} ms   SVG ${times[1].toFixed(1).padStart(7)} ms   ${(bytes / 1024).toFixed(0).padStart(6)} KiB`);
}

async function main(): Promise<void> {
  const r = rng(7);
  const points = Array.from({ length: 10_000 }, (_, i) => ({ x: r(), y: r() + (i % 3), group: `g${i % 3}` }));
  await measure("scatterPlot, 10,000 points (goal < 1 s)", () => scatterPlot(points, { x: "x", y: "y", color: "group", opacity: 0.4 }));

  const cloud = Array.from({ length: 10_000 }, (_, i) => ({ z1: Math.cos(i) * r(), z2: Math.sin(i) * r(), beta: i % 2 ? "β = 1" : "β = 8" }));
  await measure("densityPlot, 10,000 points, 2 panels", () => densityPlot(cloud, { x: "z1", y: "z2", facet: "beta" }));

  const d = 10;
  const mean = Array.from({ length: 10_000 }, () => Array.from({ length: d }, (_, j) => (j < 5 ? 2 * r() - 1 : 0.01 * r())));
  const variance = mean.map((row) => row.map((_, j) => (j < 5 ? 0.01 * r() : 1 - 0.01 * r())));
  const types = Array.from({ length: d }, (_, j) => (j < 5 ? "active" : "passive") as "active" | "passive");
  await measure("latentHistograms, 10,000 × 10 × 2 reps", () => latentHistograms(representationRows({ mean, variance }), { types }));

  const countRows = ["VAE", "VGON"].flatMap((model) => ["mnist", "dsprites", "smallnorb"].flatMap((dataset) =>
    [1, 2, 4, 6, 8, 16].flatMap((beta) => Array.from({ length: 5 }, () => { const a = Math.floor(10 * r() / Math.sqrt(beta)); return { model, dataset, beta, active: a, mixed: 0, passive: 10 - a }; }))));
  await measure("variableTypeCounts, 2 models × 3 datasets", () => variableTypeCounts(countRows));

  const curveRows = ["VAE", "VGON"].flatMap((model) => [1, 2, 4, 6, 8, 16].flatMap((beta) => Array.from({ length: 5 }, (_, seed) => ({ model, beta, seed, kl: 30 / beta + r() }))));
  await measure("uncertaintyCurves, 2 series × 6 × 5 seeds", () => uncertaintyCurves(curveRows, { x: "beta", y: "kl", series: "model", yTitle: "KL (nats)" }));

  const elbowRows = [2, 4, 6, 8, 10, 12, 16, 24, 32].flatMap((n) => Array.from({ length: 3 }, (_, seed) => [{ n, seed, metric: "loss", value: 100 / n + r() }, { n, seed, metric: "accuracy", value: 1 - 1 / n }]).flat());
  await measure("elbowPlot, 2 metrics, 2 markers", () => elbowPlot(elbowRows, { x: "n", y: "value", facet: "metric", fondue: { FONDUE: 10, FONDUE_IB: 12 } }));

  const layers = ["input", ...Array.from({ length: 6 }, (_, i) => `enc${i}`), "mean", "variance", "sampled", ...Array.from({ length: 6 }, (_, i) => `dec${i}`), "output"];
  const sim = layers.map((_, i) => layers.map((__, j) => Math.exp(-Math.abs(i - j) / 4)));
  await measure("layerSimilarityHeatmap, 17 × 17", () => layerSimilarityHeatmap(sim, { xLayers: layers }));
  const corr = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (__, j) => (i === j ? 1 : 0.2 * (r() - 0.5))));
  await measure("correlationHeatmap, 10 × 10", () => correlationHeatmap(corr, { types }));
  await measure("concatCharts, 2 heatmaps side by side", () => concatCharts([correlationHeatmap(corr), correlationHeatmap(corr)]));

  const traces = [2, 4, 8, 12, 16, 24, 32].map((n) => ({ n, traceMean: Math.min(n, 10), traceSampled: Math.min(n, 10) + Math.max(0, n - 10) }));
  await measure("fondueTrace, 7 n, path of 3", () => fondueTrace(traces, { selected: 12, path: [8, 16, 12, 32, 24, 4].slice(0, 3) }));

  const history = Array.from({ length: 1000 }, (_, step) => ({ step, loss: 200 / (step + 1), reconstruction: 190 / (step + 1), kl: 10 + r() }));
  await measure("trainingCurves, 1,000 steps × 3 terms", () => trainingCurves(history));

  const images = { data: new Float32Array(10 * 7 * 64 * 64).map(() => r()), shape: [70, 64, 64, 1] };
  await measure("traversalGrid, 10 dims × 7 values of 64×64", () => traversalGrid(images, { dimensions: Array.from({ length: 10 }, (_, j) => j), values: [-3, -2, -1, 0, 1, 2, 3], types }));

  const barRows = ["mean", "sampled"].flatMap((representation) => ["all", "active", "active+mixed", "mixed", "passive"].flatMap((subset) => Array.from({ length: 5 }, () => ({ representation, subset, accuracy: r(), random: 0.2 }))));
  await measure("groupedBars, 5 subsets × 2 series", () => groupedBars(barRows, { x: "subset", y: "accuracy", series: "representation", baseline: "random" }));
  const metric = ["mean", "sampled"].flatMap((representation) => [1, 2, 4, 8].map((beta) => ({ representation, beta, tc: r() })));
  await measure("curvesWithPassiveCounts", () => curvesWithPassiveCounts(metric, [1, 2, 4, 8].map((beta) => ({ beta, passive: beta })), { x: "beta", y: "tc", series: "representation" }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
