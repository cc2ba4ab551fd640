// The public surface of the polarlab toolkit: what every kernel session preloads.
export * from "./display/protocol";
export * from "./display/vegalite";
