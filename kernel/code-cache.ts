// Loading a large CommonJS module through V8's code cache (Node 20 has no module.enableCompileCache): the
// module is compiled as a vm.Script with the cachedData saved by an earlier process, which spares V8
// compiling it again, and the module is put in require.cache, so every later require() of it (tslab's too)
// gets this instance. The cache is made once the process has run the module for a while (save()), so it
// also holds the functions V8 compiled lazily by then. It lives in the user's cache directory
// ($XDG_CACHE_HOME/polarlab or ~/.cache/polarlab), in a file named for the module's version, the Node
// version and the architecture; V8 rejects data from another V8, other flags or another source, and the
// file is then written again. A cache that cannot be read or written only costs the compile.
import * as fs from "node:fs";
import Module from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";
import { writeFileAtomic } from "../toolkit/runtime/files";

/** The directory polarlab keeps caches in for this user. */
export function userCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME && path.isAbsolute(process.env.XDG_CACHE_HOME) ? process.env.XDG_CACHE_HOME : path.join(os.homedir(), ".cache");
  return path.join(base, "polarlab");
}

export interface CachedModule {
  exports: unknown;
  /** True when V8 took the cached data (the module was not compiled). */
  cacheUsed: boolean;
  /** Writes the cache if it was missing or rejected; never throws. */
  save(): void;
}

/**
 * Loads the module file `file` (a resolved path, not yet loaded) with the code cache `cacheFile`. A module
 * already in require.cache is returned as it is.
 */
export function requireWithCodeCache(file: string, cacheFile: string): CachedModule {
  const loaded = require.cache[file];
  if (loaded) return { exports: loaded.exports, cacheUsed: false, save: () => undefined };
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // no cache yet, or unreadable: compile
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  require.cache[file] = mod;
  try {
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  } catch (e) {
    delete require.cache[file];
    throw e;
  }
  mod.loaded = true;
  let saved = cacheUsed;
  return {
    exports: mod.exports,
    cacheUsed,
    save() {
      if (saved) return;
      saved = true;
      try {
        writeFileAtomic(cacheFile, script.createCachedData());
      } catch {
        // an unwritable cache directory: the next start compiles again
      }
    },
  };
}
