// The figures of each study, drawn from its tables with the toolkit/charts builders: one function per
// runner returning named charts (the names become file names in `polarlab study`).
import {
  correlationHeatmap,
  densityPlot,
  elbowPlot,
  heatmap,
  imageGrid,
  fondueTrace,
  groupedBars,
  hyperparameterHeatmap,
  latentHistograms,
  layerSimilarityHeatmap,
  scatterPlot,
  trainingCurves,
  uncertaintyCurves,
  variableTypeCounts,
  type Chart,
  type Row,
} from "../charts";
import { datasetLabel } from "./data";
import type { CollapseStudyConfig, CollapseStudyTables } from "./collapseStudy";
import type { DecompositionStudyConfig, DecompositionStudyTables } from "./decompositionStudy";
import type { FondueStudyConfig, FondueStudyTables } from "./fondueStudy";
import type { IvaeStudyConfig, IvaeStudyTables } from "./ivaeStudy";
import type { MeanVsSampledConfig, MeanVsSampledTables } from "./meanVsSampledStudy";
import type { PcaDirectionsConfig, PcaDirectionsTables } from "./pcaDirectionsStudy";
import type { StudyResult } from "./runner";
import type { SimilarityStudyConfig, SimilarityStudyTables } from "./similarityStudy";

export type Figures = Record<string, Chart>;

/** The study rows as the charts' Row type (typed interfaces carry no index signature). */
const tidy = (rows: readonly object[]) => rows as readonly Row[];

const defined = <T extends object>(rows: readonly T[], field: keyof T) => rows.filter((r) => typeof r[field] === "number" && Number.isFinite(r[field]));
const middle = <T>(xs: readonly T[]): T => xs[Math.floor(xs.length / 2)];

/** KL vs β (VGON Fig. 3), variable types vs β (Figs. 4–5), μ / σ² histograms (Figs. 6–9), CKA heatmaps (Figs. 10–14). */
export function collapseFigures(result: StudyResult<CollapseStudyConfig, CollapseStudyTables>): Figures {
  const { tables, config } = result;
  const on = ` (${datasetLabel(config.dataset)})`;
  const figures: Figures = {
    kl: uncertaintyCurves(tidy(tables.summary), { x: "beta", y: "kl", series: "model", xScale: "log", xTitle: "β", yTitle: "KL (nats)", title: `KL divergence against β${on}` }),
    types: variableTypeCounts(tidy(tables.summary), { x: "beta", model: "model", title: `Active, mixed and passive variables against β${on}` }),
  };
  const beta = middle(config.betas);
  for (const model of config.models) {
    const rows = tables.samples.filter((r) => r.model === model && r.beta === beta);
    if (rows.length) figures[`histograms-${model}`] = latentHistograms(tidy(rows), { title: `${model}, β = ${beta}: μ and σ² of each latent${on}` });
    for (const representation of ["mean", "variance"] as const) {
      const self = defined(tables.selfSimilarity.filter((r) => r.modelA === model && r.representation === representation), "cka");
      if (self.length) figures[`self-${model}-${representation}`] = hyperparameterHeatmap(tidy(self), { x: "betaB", y: "betaA", value: "cka", title: `${model}: CKA of the ${representation} representation across β${on}` });
    }
  }
  for (const representation of ["mean", "variance"] as const) {
    const rows = defined(tables.cka.filter((r) => r.representation === representation), "cka");
    const [a, b] = config.models;
    if (rows.length) figures[`cka-${representation}`] = hyperparameterHeatmap(tidy(rows), { x: "betaB", y: "betaA", value: "cka", xTitle: `${b} β`, yTitle: `${a} β`, title: `CKA of the ${representation} representations, ${a} × ${b}${on}` });
  }
  return figures;
}

/** Histograms of μ, σ², μ†, Σ† per variant (thesis Figs. 5.1–5.4) and the propositions' checks. */
export function ivaeFigures(result: StudyResult<IvaeStudyConfig, IvaeStudyTables>): Figures {
  const figures: Figures = {};
  for (const variant of result.config.variants) {
    const rows = result.tables.samples.filter((r) => r.variant === variant);
    if (rows.length) {
      figures[`histograms-${variant}`] = latentHistograms(tidy(rows), { representationField: "quantity", title: `iVAE, prior mean ${variant}: posterior and prior of each latent` });
    }
  }
  const checks = defined(result.tables.checks, "value");
  if (checks.length) {
    figures.checks = groupedBars(tidy(checks), { x: "statement", y: "value", series: "variant", title: "Propositions 5.2.1–5.2.2: measured deviations" });
  }
  return figures;
}

/** Variable types (Fig. 6.5), TC / MI / effective rank of mean vs sampled (Figs. 6.6–6.8), probes, correlations (Figs. 6.9–6.10). */
export function meanVsSampledFigures(result: StudyResult<MeanVsSampledConfig, MeanVsSampledTables>): Figures {
  const { tables } = result;
  const on = ` (${datasetLabel(result.config.dataset)})`;
  const figures: Figures = {
    types: variableTypeCounts(tidy(tables.types), { x: "value", model: "model", xTitle: "regularisation strength", title: `Variable types against regularisation strength${on}` }),
  };
  for (const subset of ["all", "noPassive", "activeOnly"] as const) {
    for (const score of ["tc", "ami", "erank"] as const) {
      if (score === "erank" && subset !== "all") continue;
      const rows = defined(tables.scores.filter((r) => r.subset === subset), score);
      if (rows.length) {
        figures[`${score}-${subset}`] = uncertaintyCurves(tidy(rows), { x: "value", y: score, series: "representation", facet: "model", xTitle: "regularisation strength", title: `${score.toUpperCase()} of mean and sampled representations (${subset})${on}` });
      }
    }
  }
  if (tables.probes.length) {
    figures.probes = groupedBars(tidy(tables.probes), { x: "variables", y: "accuracy", series: "representation", facet: "factor", baseline: "baseline", baselineLabel: "random classifier", title: `Logistic-regression probes per combination of variable types${on}` });
  }
  if (tables.correlation.length) {
    figures.correlation = groupedBars(tidy(tables.correlation), { x: "type", y: "aboveThreshold", facet: "model", title: `Snapshots where a variable's |correlation| with another exceeds the threshold${on}` });
  }
  const last = tables.types[tables.types.length - 1];
  if (last) {
    const cells = tables.correlationMatrix.filter((c) => c.model === last.model && c.value === last.value && c.seed === last.seed);
    const d = Math.round(Math.sqrt(cells.length));
    const matrix = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => cells[i * d + j].correlation));
    const types = Array.from({ length: d }, (_, i) => cells[i * d].rowType);
    if (d > 0) figures["correlation-matrix"] = correlationHeatmap(matrix, { types, title: `Correlations of the mean representation (${last.model}, ${last.param} = ${last.value})${on}` });
  }
  return figures;
}

/** Layer × layer similarity heatmaps (Figs. 7.2–7.10) and the synthetic experiment (Fig. 7.1). */
export function similarityFigures(result: StudyResult<SimilarityStudyConfig, SimilarityStudyTables>): Figures {
  const figures: Figures = {
    synthetic: uncertaintyCurves(tidy(result.tables.synthetic), { x: "n", y: "similarity", series: "metric", facet: "pair", xScale: "log", xTitle: "number of examples n", title: "CKA and Procrustes with a shared fraction of features (Fig. 7.1)" }),
  };
  const groups = new Map<string, SimilarityStudyTables["layers"]>();
  for (const row of result.tables.layers) {
    if (row.metric !== "cka") continue;
    const key = `${row.comparison}|${row.modelA}|${row.modelB}|${row.stepA}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  let index = 0;
  for (const rows of groups.values()) {
    const layers = [...new Set(rows.map((r) => r.layerA))];
    const r = rows[0];
    const what = r.comparison === "training" ? `${r.modelA}: step ${r.stepA} vs ${r.stepB}` : `${r.modelA} vs ${r.modelB}`;
    figures[`cka-${r.comparison}-${index++}`] = layerSimilarityHeatmap(tidy(rows), { x: "layerB", y: "layerA", value: "similarity", xLayers: layers, title: `CKA between layers (${r.comparison}): ${what}` });
  }
  return figures;
}

/** IDs of the data against k (Fig. 8.4), FONDUE's traces and path (Fig. 8.1), elbow curves with FONDUE's n (Fig. 8.5). */
export function fondueFigures(result: StudyResult<FondueStudyConfig, FondueStudyTables>): Figures {
  const { tables, config } = result;
  const figures: Figures = {
    ids: uncertaintyCurves(tidy(tables.ids.filter((r) => r.method === "mle")), { x: "k", y: "dimension", series: "data", xTitle: "neighbours k", yTitle: "MLE intrinsic dimension", title: "Intrinsic dimension of the data" }),
  };
  const seed = config.seeds[0];
  const plain = tables.traces.filter((t) => t.variant === "fondue" && t.seed === seed);
  const chosen = tables.runs.find((r) => r.variant === "fondue" && r.seed === seed);
  if (plain.length && chosen) {
    const rows = [...new Map(plain.map((t) => [t.n, { n: t.n, traceSampled: t.scoreSampled, traceMean: t.scoreMean }])).values()];
    figures.trace = fondueTrace(tidy(rows), { n: "n", selected: chosen.n, path: plain.map((t) => t.n) });
  }
  const markers: Record<string, number> = {};
  for (const run of tables.runs.filter((r) => r.seed === seed)) markers[run.label] = run.n;
  const long = tables.elbow.flatMap((e) => [
    { n: e.n, seed: e.seed, metric: "reconstruction loss (nats)", value: e.reconstruction },
    { n: e.n, seed: e.seed, metric: e.downstreamMetric, value: e.downstream },
    { n: e.n, seed: e.seed, metric: "Tr Cov[z] − Tr Cov[μ]", value: e.difference },
  ]);
  if (long.length) figures.elbow = elbowPlot(tidy(long), { x: "n", y: "value", facet: "metric", fondue: markers, title: "Elbow curves and the n found by FONDUE" });
  const counted = tables.elbow.map((e) => ({ passive: e.passive, difference: e.difference, kind: e.mixed === 0 ? "no mixed variable" : "with mixed variables" }));
  if (counted.length) {
    figures.passive = scatterPlot(tidy(counted), { x: "passive", y: "difference", color: "kind", xTitle: "passive variables s", yTitle: "Tr Cov[z] − Tr Cov[μ]", title: "Trace difference against the number of passive variables (Prop. 8.3.2: = s)" });
  }
  return figures;
}

/**
 * Eq. 7's terms over training (one run per figure), reconstruction and disentanglement against β per prior
 * and against ν for the Student-t prior (Fig. 2), q(z) per (α, β) (Fig. 3), sparsity / log-likelihood / MMD
 * against α per γ (Fig. 4), class profiles and traversals (Fig. 5). Bands: ± 2 standard errors over seeds.
 */
export function decompositionFigures(result: StudyResult<DecompositionStudyConfig, DecompositionStudyTables>): Figures {
  const { tables, config } = result;
  const figures: Figures = {};
  for (const figure of ["fig2", "fig3", "fig4"]) {
    const rows = tables.terms.filter((t) => t.figure === figure);
    const last = rows[rows.length - 1];
    if (!last) continue;
    const run = rows.filter((t) => t.run === last.run && t.seed === last.seed).map((t) => ({ step: t.step, reconstruction: t.reconstruction, kl: t.kl, ...(t.divergence === null ? {} : { divergence: t.divergence }) }));
    figures[`terms-${figure}`] = trainingCurves(tidy(run), { title: `Eq. 7's terms over training: ${last.run}, seed ${last.seed}` });
  }
  const metrics = (r: DecompositionStudyTables["axis"][number]) => [
    { metric: "disentanglement (FactorVAE score)", value: r.disentanglement },
    { metric: "reconstruction loss (nats)", value: r.reconstruction },
  ];
  const gaussian = tables.axis.filter((r) => r.nu === null).flatMap((r) => metrics(r).map((m) => ({ ...m, beta: r.beta, prior: r.prior, seed: r.seed })));
  if (gaussian.length) figures.axis = uncertaintyCurves(tidy(gaussian), { x: "beta", y: "value", series: "prior", facet: "metric", band: "se2", xTitle: "β", yTitle: "", title: "Gaussian priors: disentanglement and reconstruction against β (Fig. 2, left)" });
  const studentT = tables.axis.filter((r) => r.nu !== null).flatMap((r) => metrics(r).map((m) => ({ ...m, nu: r.nu, seed: r.seed })));
  if (studentT.length) figures["axis-student-t"] = uncertaintyCurves(tidy(studentT), { x: "nu", y: "value", facet: "metric", band: "se2", xScale: "log", xTitle: "ν", yTitle: "", title: "Product of Student-t priors at β = 1 (Fig. 2, right)" });
  if (tables.density.length) figures.density = densityPlot(tidy(tables.density), { x: "z1", y: "z2", facet: "panel", bins: 30, xTitle: "z₁", yTitle: "z₂", title: "Aggregate posterior q(z) of pinwheels under a mixture prior, by α and β (Fig. 3)" });
  const sparse = tables.sparsity.flatMap((r) => [
    { metric: "Hoyer sparsity", value: r.hoyer },
    { metric: "reconstruction log-likelihood (nats)", value: r.logLikelihood },
    { metric: "MMD to the prior", value: r.mmd },
  ].map((m) => ({ ...m, alpha: r.alpha, gamma: `γ = ${r.gamma}`, seed: r.seed })));
  const data = config.fashionDir ? "Fashion-MNIST" : "MNIST";
  if (sparse.length) figures.sparsity = uncertaintyCurves(tidy(sparse), { x: "alpha", y: "value", series: "gamma", facet: "metric", band: "se2", xScale: "symlog", xTitle: "α", yTitle: "", seriesTitle: "prior", title: `Sparse prior on ${data}: sparsity, reconstruction and divergence against α (Fig. 4)` });
  if (tables.classes.length) figures.classes = heatmap(tidy(tables.classes), { x: "dim", y: "cls", value: "magnitude", xTitle: "latent dimension", yTitle: "class", valueTitle: "mean |μ| / σ(μ)", annotate: false, title: `Average encoding magnitude per class (${data}, Fig. 5 top)` });
  if (tables.traversals.length) {
    const labels = [...new Set(tables.traversals.map((t) => `class ${t.cls}: z${t.dim}`))];
    const values = [...new Set(tables.traversals.map((t) => t.value))];
    figures.traversals = imageGrid(tables.traversals.map((t) => ({ data: t.image, shape: [t.height, t.width] })), { columns: values.length, rowLabels: labels, columnLabels: values.map((v) => `${v} σ`), rowTitle: "class: latent", columnTitle: "value of the latent", title: `Traversals along each class's most specific latent (Fig. 5 bottom)` });
  }
  return figures;
}

/** The task of Fig. 4: dSprites where the study has it (the paper's), else the first task. */
export function pcaFigure4Task(tasks: readonly string[]): string | undefined {
  return tasks.includes("dsprites") ? "dsprites" : tasks[0];
}

/** Names of the PCA-directions study's models in its figures. */
const PCA_MODEL_NAMES: Record<string, string> = { betaVAE: "β-VAE", betaVAESigma: "β-VAE_Σ", random: "random decoder" };

/** DtO and score per model and task (Table 2), ΔKL during training (Table 1, Eq. 30), DtO vs score per run and length (Fig. 4). */
export function pcaDirectionsFigures(result: StudyResult<PcaDirectionsConfig, PcaDirectionsTables>): Figures {
  const { tables } = result;
  const figures: Figures = {};
  const lowLatent = new Map(result.config.tasks.map((t) => [t.name, Number(t.model.latent ?? 10)]));
  const final = tables.measures.filter((r) => r.fraction === 1 && r.latent === lowLatent.get(r.task));
  const dto = [
    ...defined(final, "dto").map((r) => ({ task: r.task, model: PCA_MODEL_NAMES[r.kind], dto: r.dto })),
    ...defined(final.filter((r) => r.kind === "betaVAE"), "dtoRandom").map((r) => ({ task: r.task, model: PCA_MODEL_NAMES.random, dto: r.dtoRandom })),
  ];
  if (dto.length) figures.dto = groupedBars(tidy(dto), { x: "task", y: "dto", series: "model", yTitle: "DtO (Eq. 29)", title: "Distance to Orthogonality of the decoder Jacobian (Table 2; lower is more axis-aligned)" });
  if (final.length) {
    figures.disentanglement = groupedBars(tidy(final.map((r) => ({ task: r.task, model: PCA_MODEL_NAMES[r.kind], disentanglement: r.disentanglement }))), { x: "task", y: "disentanglement", series: "model", yTitle: "MIG", title: "Disentanglement score (Table 2)" });
  }
  const kl = defined(tables.kl, "relativeError").map((r) => ({ ...r, series: `${r.task}, ${r.latent} latents` }));
  if (kl.length) figures.kl = uncertaintyCurves(tidy(kl), { x: "step", y: "relativeError", series: "series", yScale: "symlog", xTitle: "training step", yTitle: "ΔKL (Eq. 30)", title: "Relative error of the polarised KL approximation during training (3 % in Table 1)" });
  const first = pcaFigure4Task(result.config.tasks.map((t) => t.name));
  const points = defined(tables.measures.filter((r) => r.task === first && r.kind === "betaVAE" && r.latent === lowLatent.get(first)), "dto");
  if (points.length) {
    figures.fig4 = scatterPlot(tidy(points.map((r) => ({ dto: r.dto, disentanglement: r.disentanglement, steps: `${r.step} steps`, seed: `seed ${r.seed}` }))), { x: "dto", y: "disentanglement", color: "steps", label: "seed", xTitle: "DtO (Eq. 29)", yTitle: "MIG", title: `DtO against disentanglement, one point per β-VAE run and length (${first}; Fig. 4)` });
  }
  return figures;
}
