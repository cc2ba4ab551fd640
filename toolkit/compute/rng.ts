// The one seeded random generator of polarlab (datasets, models, objectives, metrics, studies): xoshiro128**
// (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators", Fig. 3), its four uint32 state words
// filled from the seed by splitmix32 (Steele, Lea & Flood 2014, 32-bit variant). The whole state is four words and a
// cached spare normal deviate, so a checkpoint saves and restores it exactly. Uniforms carry 53 random bits; normal
// deviates come from the Box–Muller transform in float64. Plain JavaScript with no dependency, so the same seed gives
// the same numbers on every backend and machine. Choice and alternatives: docs/decisions.md.

/** The serialisable state of an Rng: four uint32 words plus a cached spare normal deviate (or null). */
export interface RngState {
  words: [number, number, number, number];
  spare: number | null;
}

const GOLDEN = 0x9e3779b9;

/** MurmurHash3's 32-bit finaliser: a bijection of uint32 that mixes every input bit into every output bit. */
function fmix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A value as an error message shows it (NaN and ±Infinity by name, not as JSON's null). */
function shown(value: unknown): string {
  return typeof value === "number" ? String(value) : JSON.stringify(value);
}

/** Checks a seed or stream key: a non-negative safe integer. */
function checkSeed(value: number, where: string, name: string): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) {
    throw new Error(`${where}: ${name} must be a non-negative safe integer, got ${shown(value)}`);
  }
}

/** A safe integer folded to 32 bits: the low word, xor the mixed high word (so 2^32 and 1 differ). */
function fold(value: number): number {
  return ((value >>> 0) ^ fmix32(Math.floor(value / 4294967296))) >>> 0;
}

/** A seeded stream of uniform, normal and integer deviates and permutations. */
export class Rng {
  private readonly s = new Uint32Array(4);
  private spare: number | null = null;

  /** The stream of `seed`, a non-negative safe integer; nearby seeds (0, 1, 2, …) give unrelated streams. */
  constructor(seed: number) {
    checkSeed(seed, "Rng", "seed");
    let x = fold(seed);
    for (let i = 0; i < 4; i++) {
      x = (x + GOLDEN) >>> 0; // splitmix32: a Weyl sequence through the finaliser, never four zero words
      this.s[i] = fmix32(x);
    }
  }

  /** Next uint32 (xoshiro128**). */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [low, high) (default [0, 1)); the unit deviate carries 53 random bits (two uint32 draws). */
  uniform(low = 0, high = 1): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    const u = (hi * 67108864 + lo) / 9007199254740992;
    return low === 0 && high === 1 ? u : low + (high - low) * u;
  }

  /** Standard normal deviate (Box–Muller; the second deviate of each pair is cached for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = this.uniform();
    while (u === 0) u = this.uniform(); // log(0) guard
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Integer in [0, n), n a positive safe integer (⌊n·U⌋; bias below n/2⁵³). */
  int(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`Rng.int: n must be a positive integer, got ${shown(n)}`);
    return Math.floor(this.uniform() * n);
  }

  /** A uniformly random permutation of 0..n−1 (Fisher–Yates, Knuth's Algorithm P). */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 2147483647) throw new Error(`Rng.permutation: n must be an integer ≥ 0, got ${shown(n)}`);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** n standard normal deviates, rounded to float32. */
  normals(n: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }

  /** n uniform deviates in [low, high), rounded to float32. */
  uniforms(n: number, low = 0, high = 1): Float32Array {
    const out = new Float32Array(n);
    const width = high - low;
    for (let i = 0; i < n; i++) out[i] = low + width * this.uniform();
    return out;
  }

  /**
   * An independent stream keyed by `key` (a non-negative safe integer: an epoch, an example, a layer), derived from
   * this stream's current state without advancing it. Each child word is this state's word through a bijection
   * chosen by a digest of the whole state and the key, so distinct states give distinct children for one key.
   */
  fork(key: number): Rng {
    checkSeed(key, "Rng.fork", "key");
    let h = fold(key);
    for (let i = 0; i < 4; i++) h = fmix32((h ^ this.s[i]) + GOLDEN);
    const child = new Rng(0);
    for (let i = 0; i < 4; i++) child.s[i] = fmix32((this.s[i] + fmix32((h + (i + 1) * GOLDEN) >>> 0)) >>> 0);
    if (child.s.every((w) => w === 0)) child.s[0] = GOLDEN; // xoshiro's one forbidden state (probability 2⁻¹²⁸)
    return child;
  }

  getState(): RngState {
    return { words: [this.s[0], this.s[1], this.s[2], this.s[3]], spare: this.spare };
  }

  setState(state: RngState): void {
    if (!state || !Array.isArray(state.words) || state.words.length !== 4 || state.words.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
      throw new Error(`Rng.setState: state.words must be four uint32 integers, got ${JSON.stringify(state?.words)}`);
    }
    if (state.words.every((w) => w === 0)) throw new Error("Rng.setState: state.words must not be all zero (xoshiro128** would stay at zero)");
    if (state.spare !== null && state.spare !== undefined && !Number.isFinite(state.spare)) {
      throw new Error(`Rng.setState: state.spare must be a finite number or null, got ${shown(state.spare)}`);
    }
    this.s.set(state.words);
    this.spare = state.spare ?? null;
  }

  /** An Rng continuing from a saved state. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }
}
