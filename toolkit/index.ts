// The public surface of the polarlab toolkit: what every kernel session preloads.
export * from "./display";
export * as metrics from "./metrics";
export { variableTypes, linearCKA, procrustesSimilarity, traceDifference, mleIntrinsicDimension, twoNN, mcc } from "./metrics";
export * as datasets from "../datasets";
export { dsprites, mnist, fashionMnist, linearGaussian, ivaeSegments, rolinekSquare, pinwheels, spirals } from "../datasets";
export * from "./compute";
export * from "./models";
export * as objectives from "./objectives";
export * from "./train";
export * as charts from "./charts";
export * as widgets from "./widgets";
export { IntSlider, FloatSlider, Dropdown, Checkbox, Button, Output, HBox, VBox, interact } from "./widgets";
export { Chart, latentHistograms, variableTypeCounts, uncertaintyCurves, elbowPlot, layerSimilarityHeatmap, correlationHeatmap, fondueTrace, trainingCurves, liveTrainingChart, traversalGrid, reconstructionGrid, VARIABLE_TYPE_COLORS } from "./charts";
export * as studies from "./studies";
export { fondue } from "./studies";
export { toDataFrame, type DataFrame } from "./dataframe";
