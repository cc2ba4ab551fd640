// The prelude: TypeScript run before the first cell. It imports the toolkit with its types as `pl` and
// every value the toolkit exports (so the list grows with toolkit/index.ts; preludeNames below is the one
// place that decides), plus the kernel helpers; it prints nothing. Type-checking it loads the toolkit's
// declarations (with tfjs's) into tslab's program, which is most of a kernel's start-up; the kernel
// therefore runs a first cell that needs none of these names before it (kernel/cell-runner.ts).
import * as path from "node:path";

/** The namespace the whole toolkit is reachable under in a cell (pl.display, pl.metrics, ...). */
export const NAMESPACE = "pl";
/** Kernel helpers (kernel/helpers.ts) available in every cell. */
export const HELPERS = ["info", "prompt", "page"] as const;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** dist/toolkit (compiled), where the prelude imports from. */
export function toolkitDir(): string {
  return path.join(__dirname, "..", "toolkit");
}

/**
 * The toolkit names imported bare into cells: every runtime export of toolkit/index.ts, except names that
 * the kernel helpers take. Throws (with the toolkit's own error) when the toolkit does not load.
 */
export function preludeNames(toolkit: Record<string, unknown> = require(toolkitDir())): string[] {
  const helpers = new Set<string>(HELPERS);
  return Object.keys(toolkit)
    .filter((n) => IDENTIFIER.test(n) && n !== "default" && n !== "__esModule" && n !== NAMESPACE && !helpers.has(n))
    .sort();
}

/**
 * The prelude's TypeScript source for `names` (absolute import paths, so any notebook directory works).
 * `taken`: names the session already defines (a cell that ran before the prelude); they are not imported,
 * so the cell's own values stay, as if they had been defined after the prelude.
 */
export function preludeSource(names: string[], taken: (name: string) => boolean = () => false): string {
  const toolkit = JSON.stringify(toolkitDir().split(path.sep).join("/"));
  const helpers = JSON.stringify(path.join(__dirname, "helpers").split(path.sep).join("/"));
  const values = names.filter((n) => !taken(n));
  const helperNames = HELPERS.filter((n) => !taken(n));
  const lines = taken(NAMESPACE) ? [] : [`import * as ${NAMESPACE} from ${toolkit};`];
  if (values.length > 0) lines.push(`import { ${values.join(", ")} } from ${toolkit};`);
  if (helperNames.length > 0) lines.push(`import { ${helperNames.join(", ")} } from ${helpers};`);
  return lines.join("\n") + "\n";
}
