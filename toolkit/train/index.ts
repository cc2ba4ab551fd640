// The trainer, its checkpoints and history.
export * from "./trainer";
export * from "./checkpoint";
export { trainingCurveSpec } from "./history";
