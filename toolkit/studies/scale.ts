// Scale presets of the study runners (docs/decisions.md, "Scale presets"): `smoke` (< 1 min each on 2
// CPU cores, for CI), `quick` (< 15 min each on 2 CPU cores, the tutorial), `reference` (the smallest runs
// that show each paper finding the claims check — several seeds, models that learn — in ≤ 30 min per study
// on 2 CPU cores with the native kernels) and `paper` (the papers' settings, for a GPU), plus typed
// overrides (code or command line).

export type Scale = "smoke" | "quick" | "reference" | "paper";
export const SCALES: readonly Scale[] = ["smoke", "quick", "reference", "paper"];

export type Presets<C> = Record<Scale, C>;

export function checkScale(scale: unknown): Scale {
  if (typeof scale !== "string" || !(SCALES as readonly string[]).includes(scale)) {
    throw new RangeError(`scale must be one of ${SCALES.join(" | ")}, got ${JSON.stringify(scale)}`);
  }
  return scale as Scale;
}

/**
 * Command-line overrides `key=value` (repeatable --param) as a map of raw strings; each value is parsed by
 * resolveConfig against the preset's type for that key. A missing "=" or an empty key is an error.
 */
export function parseParams(items: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new RangeError(`--param ${JSON.stringify(item)}: expected key=value`);
    params[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return params;
}

/**
 * The preset for `scale` with `overrides` applied. Every override must name a key of the preset and
 * keep its type (a number stays a number, an array an array); strings are parsed for the command
 * line: "1,2,4" → [1, 2, 4] for arrays, "true"/"false" for booleans, numbers for numbers.
 */
export function resolveConfig<C extends object>(
  runner: string,
  presets: Presets<C>,
  scale: Scale = "quick",
  overrides: Record<string, unknown> = {},
): C {
  const base = presets[checkScale(scale)];
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, raw] of Object.entries(overrides)) {
    if (raw === undefined) continue;
    if (!(key in base)) {
      throw new RangeError(
        `${runner}: unknown parameter ${JSON.stringify(key)}; expected one of ${Object.keys(base).join(", ")}`,
      );
    }
    out[key] = coerce(`${runner}: parameter ${key}`, (base as Record<string, unknown>)[key], raw);
  }
  return out as C;
}

function coerce(name: string, example: unknown, raw: unknown): unknown {
  if (Array.isArray(example)) {
    const items =
      typeof raw !== "string" ? raw : raw.trim().startsWith("[") ? parseJson(name, raw) : raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (!Array.isArray(items)) throw new TypeError(`${name} must be a list, got ${JSON.stringify(raw)}`);
    const item = example[0];
    return item === undefined ? items : items.map((v, i) => coerce(`${name}[${i}]`, item, v));
  }
  if (typeof example === "number") {
    const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new TypeError(`${name} must be a finite number, got ${JSON.stringify(raw)}`);
    }
    return value;
  }
  if (typeof example === "boolean") {
    if (raw === "true" || raw === true) return true;
    if (raw === "false" || raw === false) return false;
    throw new TypeError(`${name} must be true or false, got ${JSON.stringify(raw)}`);
  }
  if (typeof example === "string") {
    if (typeof raw !== "string") throw new TypeError(`${name} must be a string, got ${JSON.stringify(raw)}`);
    return raw;
  }
  // Optional (null) or structured preset values take what they are given, parsed as JSON if a string.
  if (typeof raw === "string") {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

function parseJson(name: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new TypeError(`${name} must be valid JSON when it starts with '[', got ${JSON.stringify(raw)} (${(err as Error).message})`);
  }
}
