// toolkit/studies: FONDUE and one runner per study, each returning tidy tables ready for the charts
// (docs/decisions.md, "Scale presets"). Runners take a scale preset (smoke | quick | reference | paper) and overrides, cache trained models
// and results in a run directory, honour an AbortSignal and show progress.
export * from "./search";
export { RunCache, stableHash, canonicalJson, type CacheStats } from "./cache";
export { SCALES, checkScale, parseParams, resolveConfig, type Scale, type Presets } from "./scale";
export { toCsv, writeTables, columnsOf, type Tables } from "./tables";
export { studyDataset, pooledDsprites, averagePool64, datasetLabel, type DatasetSpec, type PooledVariant } from "./data";
export { probeSet, representations, layerActivations, reconstructionLoss, imageRows, type Probe, type Mat } from "./probe";
export { DEFAULT_THRESHOLDS, truncatedTrace, traceScores, ideScores, ibScores, type FondueScore } from "./fondueScores";
export {
  fondue, scoreDimensions, dataIntrinsicDimension, uniqueSubsample, defaultModelFor,
  type FondueOptions, type FondueResult, type FondueStep, type DimensionScore,
} from "./fondue";
export { featureOverlapExperiment, type FeatureOverlapOptions, type FeatureOverlapRow } from "./featureOverlap";
export { linearR2 } from "./regression";
export { downstreamQuality } from "./downstream";
export { runStudy, type StudyOptions, type StudyResult, type StudyContext } from "./runner";
export { withModel, runDirectory } from "./training";
export { checkRunSpec, readRunSpec, runSpecHash, trainRun, runInDirectory, finishedRun, trainTestData, RUN_RECORD, type RunSpec, type SnapshotSpec, type TrainerConfig, type ModelSpec, type RunRecord } from "./runSpec";
export * from "./collapseStudy";
export * from "./ivaeStudy";
export * from "./meanVsSampledStudy";
export * from "./similarityStudy";
export * from "./fondueStudy";
export * from "./decompositionStudy";
export { dspritesSampler } from "./dspritesSampler";
export * from "./pcaDirectionsStudy";
export * from "./figures";
export {
  ClaimLog, validateClaim, readClaimFile, claimLine, formatEstimate, learnedGate, learnedSubset, beatsBaseline, LEARNED_MARGIN, seedsGate, seedEstimate, bootstrapEstimate,
  singleEstimate, nullLevel, quantile, formatNumber, mean, meanDefined,
  type Claim, type ClaimInput, type ClaimSpec, type ClaimFile, type Estimate, type Gate, type Threshold, type ThresholdSource,
  type Verdict, type Comparison, type LearnerRecord, type LearnedSubset,
} from "./claims";
export { STUDIES, findStudy, figures, type StudyDefinition } from "./registry";
export * from "./executors";
