// toolkit/metrics: every score the studies use, as pure functions of matrices (float64). See each module's header
// for the equation it implements and its defaults. Every function exported here validates its arguments
// (validate.ts); the building blocks on an already checked Matrix (column statistics, cross-products, the
// Gram matrices and norms the metrics share) are imported from their modules, e.g. "./matrix".
export type { Matrix, MatrixLike } from "./matrix";
export { toMatrix } from "./validate";
export * from "./variableTypes";
export * from "./collapse";
export * from "./traceDifference";
export * from "./totalCorrelation";
export * from "./mutualInformation";
export * from "./effectiveRank";
export { linearCKA, debiasedCKA, MinibatchCKA, minibatchCKA } from "./cka";
export { procrustesSimilarity } from "./procrustes";
export * from "./similarity";
export { nearestNeighbours } from "./neighbours";
export type { Neighbours, NeighbourOptions } from "./neighbours";
export * from "./intrinsicDimension";
export * from "./mcc";
export { linearAssignment } from "./hungarian";
export type { ColumnsOption } from "./subset";
export { renyiEntropy, renyiJointEntropy, renyiMutualInformation } from "./renyi";
export type { RenyiOptions } from "./renyi";
export * from "./hoyer";
export { distanceToOrthogonality, decoderJacobians, decoderDistanceToOrthogonality } from "./orthogonality";
export { shareBelowUntilEnd } from "./polarisedShare";
export { columnAlignment, randomRotation } from "./columnAlignment";
export * from "./mig";
export * from "./modularity";
export * from "./sap";
export * from "./dci";
export * from "./interventionScores";
export * from "./probe";
export * from "./meanImage";
export { fitLogistic, predictLogistic } from "./logistic";
export type { LogisticModel } from "./logistic";
