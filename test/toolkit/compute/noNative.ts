// Imported first by tests that exercise polarlab's own kernels: keeps the native BLAS kernels
// (toolkit/compute/native, another area) from replacing them on the wasm backend.
process.env.POLARLAB_NATIVE = "0";
