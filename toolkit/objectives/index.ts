// Loss terms and priors: small pure functions of tensors (thesis ch. 3–4).
export * from "./gaussian";
export * from "./likelihood";
export * from "./totalCorrelation";
export * from "./dip";
export * from "./capacity";
export * from "./factorDiscriminator";
export * from "./fullCovarianceKL";
export * from "./mmd";
export * from "./priors";
export * from "./monteCarloKL";
