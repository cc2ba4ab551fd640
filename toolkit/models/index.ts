// Models: the interface, the registry, the papers' architectures and the model classes. Importing this module
// registers every model kind with createModel (β-VAE and AE here; the zoo's models in their own files).
export * from "./model";
export * from "./registry";
export * from "./configs";
export * from "./layers";
export * from "./architectures";
export * from "./vae";
export * from "./ae";
export * from "./annealedVAE";
export * from "./betaTCVAE";
export * from "./betaVAESigma";
export * from "./decomposition";
export * from "./dipVAE";
export * from "./factorVAE";
export * from "./ivae";
export * from "./vgon";
export * from "./linearClosedForm";
