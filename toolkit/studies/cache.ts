// The run-directory cache of the study runners: each unit of work (one trained model and what was
// measured on it, one FONDUE evaluation, one table) is stored under a key made of its kind and a
// stable hash of its configuration, so that re-running a study skips what already finished.
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { parseJsonFile, sha256, writeFileAtomic } from "../runtime/files";
import { polarlabVersion } from "../runtime/version";
import type { Evaluation, EvaluationMemo } from "./search";

/**
 * JSON with object keys sorted at every level, so that equal configurations hash equally whatever
 * order their keys were written in. undefined members are dropped (as JSON.stringify does); a
 * non-finite number is an error, since JSON would silently turn it into null.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value, "config"));
}

function normalise(value: unknown, where: string): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new RangeError(`${where} must be finite to be hashed, got ${value}`);
  }
  if (Array.isArray(value)) return value.map((v, i) => normalise(v, `${where}[${i}]`));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && typeof v !== "function") out[key] = normalise(v, `${where}.${key}`);
    }
    return out;
  }
  return value;
}

/** The first 16 hex digits of the SHA-256 of the canonical JSON of `value`. */
export function stableHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, 16);
}

export interface CacheStats {
  hits: number;
  misses: number;
}

/** The envelope of a stored entry: the value and the SHA-256 of its JSON, checked on every read. */
const ENVELOPE = "polarlab-cache";
interface Envelope {
  [ENVELOPE]: 1;
  sha256: string;
  value: unknown;
}

/**
 * A directory of results. Without a directory it keeps results in memory only (one process), which
 * still lets a runner reuse work within one call. Entries are written crash-safely (unique temp
 * file, fsync, rename), so an interrupted run never leaves a half-written result that a later run
 * would trust, and carry a checksum, so a cut-off or hand-edited entry is an error naming its file.
 */
export class RunCache {
  readonly stats: CacheStats = { hits: 0, misses: 0 };
  private readonly memory = new Map<string, unknown>();

  constructor(readonly dir?: string) {}

  /** `kind-hash`: the file name (without extension) of the entry for this configuration. */
  key(kind: string, config: unknown): string {
    if (!/^[A-Za-z0-9_.-]+$/.test(kind)) {
      throw new RangeError(`cache kind must be letters, digits, '_', '.' or '-', got ${JSON.stringify(kind)}`);
    }
    return `${kind}-${stableHash({ polarlab: polarlabVersion(), config })}`;
  }

  async get<T>(key: string): Promise<T | undefined> {
    if (this.memory.has(key)) return this.memory.get(key) as T;
    if (!this.dir) return undefined;
    try {
      const file = this.file(key);
      const text = await fs.readFile(file, "utf8");
      const value = readEntry(file, text) as T;
      this.memory.set(key, value);
      return value;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    this.memory.set(key, value);
    if (!this.dir) return;
    const json = JSON.stringify(value);
    writeFileAtomic(this.file(key), `{"${ENVELOPE}":1,"sha256":"${sha256(json)}","value":${json}}`);
  }

  /** The cached result for (kind, config), computing and storing it on a miss. */
  async cached<T>(kind: string, config: unknown, compute: () => Promise<T>): Promise<T> {
    const key = this.key(kind, config);
    const hit = await this.get<T>(key);
    if (hit !== undefined) {
      this.stats.hits += 1;
      return hit;
    }
    this.stats.misses += 1;
    const value = await compute();
    await this.set(key, value);
    return value;
  }

  /** A directory for the files of one entry (trained-model checkpoints); undefined without a cache dir. */
  async entryDir(key: string): Promise<string | undefined> {
    if (!this.dir) return undefined;
    const dir = path.join(this.dir, key);
    await fs.mkdir(dir, { recursive: true });
    return dir;
  }

  /** FONDUE's GET-MEM memory (Algorithm 2) backed by this cache: one entry per (config, n). */
  memo(kind: string, config: unknown): EvaluationMemo {
    return {
      get: async (n) => {
        const hit = await this.get<Evaluation>(this.key(kind, { config, n }));
        if (hit !== undefined) this.stats.hits += 1;
        return hit;
      },
      set: async (n, evaluation) => {
        this.stats.misses += 1;
        await this.set(this.key(kind, { config, n }), evaluation);
      },
    };
  }

  private file(key: string): string {
    return path.join(this.dir as string, `${key}.json`);
  }
}

const REMEDY = "Delete it to compute the entry again.";

/** The value of a cache file: checked against its checksum (entries written before checksums are read as they are). */
function readEntry(file: string, text: string): unknown {
  const parsed = parseJsonFile<unknown>(file, text, REMEDY);
  if (parsed === null || typeof parsed !== "object" || !(ENVELOPE in parsed)) return parsed;
  const entry = parsed as Envelope;
  if (entry.sha256 !== sha256(JSON.stringify(entry.value))) {
    throw new Error(`cache entry ${file} does not match the SHA-256 recorded when it was written: it was edited or damaged. ${REMEDY}`);
  }
  return entry.value;
}
