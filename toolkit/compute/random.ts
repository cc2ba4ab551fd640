// Seeded randomness for polarlab: a small counter-free PRNG (xoshiro128**, Blackman & Vigna 2018) whose whole
// state is four uint32 words, so a checkpoint can save and restore it exactly. Normal deviates use the
// Box–Muller transform in float64, rounded to float32 once. The same seed gives the same numbers on every backend,
// because the numbers are drawn in JavaScript and only then handed to tfjs.
import * as tf from "@tensorflow/tfjs";

/** The serialisable state of an Rng: four uint32 words plus a cached spare normal deviate (or null). */
export interface RngState {
  words: [number, number, number, number];
  spare: number | null;
}

function checkSeed(seed: number, where: string): void {
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) {
    throw new Error(`${where}: seed must be a non-negative safe integer, got ${JSON.stringify(seed)}`);
  }
}

/** splitmix32 step: expands one seed into well-mixed words (never all zero, which xoshiro forbids). */
function splitmix32(x: number): [number, number] {
  x = (x + 0x9e3779b9) >>> 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return [x, (z ^ (z >>> 16)) >>> 0];
}

export class Rng {
  private s: Uint32Array = new Uint32Array(4);
  private spare: number | null = null;

  constructor(seed: number) {
    checkSeed(seed, "Rng");
    // Fold the high bits of seeds above 2^32 in, so 0 and 2^32 differ.
    let x = (seed >>> 0) ^ Math.floor(seed / 4294967296);
    for (let i = 0; i < 4; i++) {
      const [next, word] = splitmix32(x);
      x = next;
      this.s[i] = word;
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

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal deviate (Box–Muller; the second deviate of each pair is cached). */
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

  /** Integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`Rng.int: n must be a positive integer, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  normals(n: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }

  uniforms(n: number, low = 0, high = 1): Float32Array {
    const out = new Float32Array(n);
    const width = high - low;
    for (let i = 0; i < n; i++) out[i] = low + width * this.uniform();
    return out;
  }

  getState(): RngState {
    return { words: [this.s[0], this.s[1], this.s[2], this.s[3]], spare: this.spare };
  }

  setState(state: RngState): void {
    if (!state || !Array.isArray(state.words) || state.words.length !== 4 || state.words.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
      throw new Error(`Rng.setState: state.words must be four uint32 integers, got ${JSON.stringify(state?.words)}`);
    }
    if (state.words.every((w) => w === 0)) throw new Error("Rng.setState: state.words must not be all zero (xoshiro128** would stay at zero)");
    this.s.set(state.words);
    this.spare = state.spare ?? null;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function size(shape: number[], where: string): number {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return shape.reduce((a, b) => a * b, 1);
}

/** The process-wide sampling stream (reparameterisation noise, dropout, …). The trainer seeds it and saves it. */
let stream = new Rng(0);

/** Reseeds the global sampling stream. */
export function setSeed(seed: number): void {
  checkSeed(seed, "setSeed");
  stream = new Rng(seed);
}

/** The global sampling stream itself (for shuffling or sampling outside tfjs). */
export function globalRng(): Rng {
  return stream;
}

export function getRngState(): RngState {
  return stream.getState();
}

export function setRngState(state: RngState): void {
  stream.setState(state);
}

/** A float32 tensor of standard normal deviates from `rng` (default: the global stream). */
export function randomNormal(shape: number[], rng: Rng = stream): tf.Tensor {
  return tf.tensor(rng.normals(size(shape, "randomNormal")), shape, "float32");
}

/** A float32 tensor of uniform deviates in [low, high) from `rng` (default: the global stream). */
export function randomUniform(shape: number[], low = 0, high = 1, rng: Rng = stream): tf.Tensor {
  return tf.tensor(rng.uniforms(size(shape, "randomUniform"), low, high), shape, "float32");
}

/** Glorot (Xavier) uniform initialisation, limit √(6 / (fanIn + fanOut)): the Keras and TF1 default used by
 *  disentanglement_lib's layers. */
export function glorotUniform(shape: number[], fanIn: number, fanOut: number, rng: Rng): tf.Tensor {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return randomUniform(shape, -limit, limit, rng);
}
