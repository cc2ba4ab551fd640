// The TypeScript that tslab compiles cells with (@tslab/typescript-for-tslab, tslab's own dependency). The
// kernel parses and transpiles cells with the same instance: one TypeScript loaded at start-up, not two.
// Its 8 MB are loaded through V8's code cache (./code-cache.ts); saveTypeScriptCodeCache() writes the cache
// once the process has compiled with it (after the prelude), when it was missing or out of date.
import * as path from "node:path";
import type * as TS from "typescript";
import { requireWithCodeCache, userCacheDir } from "./code-cache";
import { typescriptVersion } from "./versions";

const loaded = requireWithCodeCache(
  require.resolve("@tslab/typescript-for-tslab"),
  path.join(userCacheDir(), `typescript-${typescriptVersion()}-node-${process.version}-${process.arch}.v8cache`),
);

export const ts = loaded.exports as typeof TS;

/** True when this process loaded TypeScript from the code cache. */
export const typescriptFromCodeCache = loaded.cacheUsed;

export function saveTypeScriptCodeCache(): void {
  loaded.save();
}
