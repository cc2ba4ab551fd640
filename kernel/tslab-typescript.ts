// The TypeScript that tslab compiles cells with (@tslab/typescript-for-tslab, tslab's own dependency). The
// kernel parses and transpiles cells with the same instance: one TypeScript loaded at start-up, not two.
import type * as TS from "typescript";

export const ts = require("@tslab/typescript-for-tslab") as typeof TS;
