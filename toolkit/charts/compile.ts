// Compiling a Vega-Lite v5 spec to Vega while collecting vega-lite's warnings instead of letting
// them go to the console, so that tests (and `Chart.check()`) can insist on a warning-free spec.
import * as vegaLite from "vega-lite";
import type { VegaLiteSpec } from "../display/vegalite";

export interface CompileResult {
  /** The compiled Vega spec. */
  vega: Record<string, unknown>;
  /** Every warning vega-lite logged while compiling (empty for a clean spec). */
  warnings: string[];
}

/** A logger in the shape vega-lite expects (vega-util's LoggerInterface) that records warnings. */
function collectingLogger(warnings: string[]) {
  let level = 2; // vega-util's Warn
  const logger = {
    level(l?: number): any {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]): any {
      throw new Error(args.map(String).join(" "));
    },
    warn(...args: unknown[]): any {
      warnings.push(args.map(String).join(" "));
      return logger;
    },
    info(): any {
      return logger;
    },
    debug(): any {
      return logger;
    },
  };
  return logger;
}

/** Compiles a spec with vega-lite; throws on errors, returns the Vega spec and the warnings. */
export function compileSpec(spec: VegaLiteSpec): CompileResult {
  const warnings: string[] = [];
  const vega = vegaLite.compile(spec as any, { logger: collectingLogger(warnings) as any }).spec as Record<string, unknown>;
  return { vega, warnings };
}
