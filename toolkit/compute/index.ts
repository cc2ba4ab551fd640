// Compute: backend selection (at import), kernels added to incomplete backends, seeded randomness, and the
// one-line notice when training runs without the native kernels.
export * from "./backend";
export * from "./random";
export { nextTurn } from "./turn";
export { BackendUnusableError, checkBackendAfter } from "./unusable";
export { patchBackendKernels, type KernelPatches } from "./kernels";
export { slowPathNotice } from "./native/notice";
