// Compute: backend selection (at import), kernels added to incomplete backends, seeded randomness.
export * from "./backend";
export * from "./random";
export { patchBackendKernels, type KernelPatches } from "./kernels";
