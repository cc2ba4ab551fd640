// toolkit/metrics: every score the studies use, as pure functions of matrices (float64). See each module's header
// for the equation it implements and its defaults.
export * from "./matrix";
export * from "./variableTypes";
export * from "./collapse";
export * from "./traceDifference";
export * from "./totalCorrelation";
export * from "./mutualInformation";
export * from "./effectiveRank";
export * from "./cka";
export * from "./procrustes";
export * from "./similarity";
export * from "./neighbours";
export * from "./intrinsicDimension";
export * from "./mcc";
export { linearAssignment } from "./hungarian";
export type { ColumnsOption } from "./subset";
export * from "./renyi";
export * from "./hoyer";
export * from "./orthogonality";
export * from "./mig";
export * from "./modularity";
export * from "./sap";
export * from "./dci";
export * from "./interventionScores";
export * from "./probe";
export * from "./meanImage";
export { fitLogistic, predictLogistic } from "./logistic";
export type { LogisticModel } from "./logistic";
