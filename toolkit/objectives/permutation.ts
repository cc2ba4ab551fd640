// Seeded permutations for FactorVAE's "permute each dimension across the batch" (Kim & Mnih 2018, Algorithm 1).
// mulberry32 is a small, fast 32-bit generator: the same seed gives the same permutation on every backend.

/** A uniform random permutation of 0..n−1 (Fisher–Yates driven by mulberry32(seed)). */
export function seededPermutation(n: number, seed: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`seededPermutation: n must be an integer ≥ 0, got ${n}`);
  if (!Number.isInteger(seed)) throw new Error(`seededPermutation: seed must be an integer, got ${seed}`);
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return perm;
}
