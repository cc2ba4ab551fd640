// polarlab datasets: one interface (dataset.ts) over procedural, packaged, synthetic and
// bring-your-own data, all offline.
export * from "./dataset";
export * from "./factors";
export { Rng } from "../toolkit/compute/rng";
export * from "./generated";
export * from "./dsprites";
export * from "./linear-gaussian";
export * from "./ivae-segments";
export * from "./idx";
export * from "./mnist";
export * from "./numpy";
export * from "./rolinek";
export * from "./pinwheel";
export * from "./image";
export * from "./image-dataset";
export * from "./matlab";
export * from "./smallnorb";
export * from "./cars3d";
export * from "./celeba";
export * from "./symmetric-solids";
export * from "./display";
export * from "./numpy-dataset";
