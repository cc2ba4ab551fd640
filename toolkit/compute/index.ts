// Compute: backend selection (at import), kernels added to incomplete backends, seeded randomness.
export * from "./backend";
export * from "./random";
export { nextTurn } from "./turn";
export { BackendUnusableError, checkBackendAfter } from "./unusable";
export { patchBackendKernels, type KernelPatches } from "./kernels";
