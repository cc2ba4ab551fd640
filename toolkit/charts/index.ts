// toolkit/charts: Vega-Lite v5 charts shaped like the studies' figures (docs/decisions.md, "Charts"). Every builder is a
// pure function of tidy data that returns a Chart value, which displays itself in a notebook and saves
// itself as .svg, .html or .vl.json. Tables display through toolkit/display (formatBundle).
export { Chart, CHART_EXTENSIONS } from "./chart";
export { compileSpec, type CompileResult } from "./compile";
export { standaloneHtml } from "./html";
export { toRows, type Row, type TableInput, type DataFrameLike, type MatrixInput } from "./data";
export {
  VARIABLE_TYPES, VARIABLE_TYPE_COLORS, REPRESENTATION_COLORS, SERIES_COLORS, MARKER_COLOR, FONT, PANEL,
  VEGALITE_SCHEMA, themeConfig, variableTypeScale, seriesScale, themed, type VariableType, type TitleOptions,
} from "./theme";
export { latentHistograms, representationRows, histogramBins, type HistogramOptions, type VariableTypesInput } from "./distributions";
export { variableTypeCounts, type CountOptions } from "./counts";
export { uncertaintyCurves, elbowPlot, summariseRuns, type CurveOptions, type Marker, type Band, type SummaryRow } from "./curves";
export { heatmap, layerSimilarityHeatmap, hyperparameterHeatmap, correlationHeatmap, ANNOTATE_MAX_CELLS, type HeatmapOptions, type LayerHeatmapOptions, type CorrelationOptions } from "./heatmap";
export { fondueTrace, TRACE_SAMPLED, TRACE_MEAN, type FondueTraceOptions } from "./fondue";
export { trainingCurves, liveTrainingChart, LiveTrainingChart, type TrainingOptions, type LiveTrainingOptions } from "./training";
export { imageGrid, reconstructionGrid, traversalGrid, type ImagesInput, type ImageGridOptions, type TraversalOptions } from "./images";
export { groupedBars, curvesWithPassiveCounts, type BarOptions, type CountsWithCurvesOptions } from "./bars";
export { scatterPlot, type ScatterOptions } from "./scatter";
export { concatCharts, type ConcatOptions } from "./compose";
export { densityPlot, densityCells, type DensityOptions } from "./density";
