// What tslab's converter reads of the ES2022 library and @types: without comments (./declaration-comments.ts)
// until documentation is first asked for (inspection), then in full. Most of a first cell's wait is
// TypeScript parsing these files, and JSDoc is the largest part of them; types do not depend on comments.
// The switch tells the converter's watch program that those files changed (through the watchers tslab
// set up with ts.sys.watchFile), so its next update reads them again, in full. ts.sys is the one tslab
// uses (kernel/tslab-typescript.ts); its readFile and watchFile are wrapped once per process.
import type * as TS from "typescript";
import { stripComments } from "./declaration-comments";
import { ts } from "./tslab-typescript";

/** The declaration files read without comments: TypeScript's own lib files and @types packages. */
const STRIPPED = /[\\/]node_modules[\\/](?:@types[\\/]|@tslab[\\/]typescript-for-tslab[\\/]lib[\\/]).*\.d\.ts$/;

type Watcher = (file: string, kind: TS.FileWatcherEventKind) => void;

interface State {
  full: boolean;
  /** The files served without comments, with the watcher tslab set on each (if any). */
  served: Map<string, Watcher | undefined>;
}

const STATE = Symbol.for("polarlab.declarationTexts");

/** Wraps ts.sys once; later calls return the same state. */
function state(): State {
  const sys = ts.sys as TS.System & { [STATE]?: State };
  if (sys[STATE]) return sys[STATE];
  const s: State = { full: false, served: new Map() };
  sys[STATE] = s;
  const readFile = sys.readFile;
  sys.readFile = (file, encoding) => {
    const text = readFile.call(sys, file, encoding);
    if (s.full || text === undefined || !STRIPPED.test(file)) return text;
    if (!s.served.has(file)) s.served.set(file, undefined);
    return stripComments(text);
  };
  const watchFile = sys.watchFile;
  if (watchFile) {
    sys.watchFile = (file, callback, ...rest) => {
      if (STRIPPED.test(file)) s.served.set(file, callback);
      return watchFile.call(sys, file, callback, ...rest);
    };
  }
  return s;
}

/** From now on the converter reads the library and @types without comments (until fullDeclarationTexts). */
export function stripDeclarationComments(): void {
  state();
}

/**
 * The library and @types in full from now on: the converter's next update parses them again (about a
 * second), so inspection shows their documentation. Once per process; at once after the first.
 */
export function fullDeclarationTexts(): void {
  const s = state();
  if (s.full) return;
  s.full = true;
  for (const [file, watcher] of s.served) watcher?.(file, ts.FileWatcherEventKind.Changed);
  s.served.clear();
}
