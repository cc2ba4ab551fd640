// FONDUE's search (thesis Algorithms 1, 2, 7, 8) on synthetic scores with known answers. The reference
// answer is Theorem 8.3.3: for a score difference that is non-decreasing in n, Algorithm 1 returns the
// largest n with d(n) ≤ t; Algorithms 7–8 return the largest n in [l, u) with d(n) ≤ t (or l − 1).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  binarySearch,
  fondueSearch,
  memoryMemo,
  truncateScore,
  type Evaluation,
} from "../../../toolkit/studies/search";

/** d(n) = slope · max(0, n − k): k informative dimensions, each further one adds `slope`. */
function passiveScore(k: number, slope = 1) {
  const calls: number[] = [];
  const evaluate = async (n: number): Promise<Evaluation> => {
    calls.push(n);
    return { scoreSampled: 10 + slope * Math.max(0, n - k), scoreMean: 10 };
  };
  return { evaluate, calls };
}

function bruteForce(d: (n: number) => number, t: number, max: number): number {
  let best = 0;
  for (let n = 1; n <= max; n++) if (d(n) <= t) best = n;
  return best;
}

describe("fondueSearch (Algorithm 1)", () => {
  test("returns k when every dimension beyond k adds 1 and t < 1", async () => {
    for (const k of [1, 3, 5, 10, 17]) {
      for (const init of [1, 2, 5, 11, 20, 64]) {
        const { evaluate, calls } = passiveScore(k);
        const r = await fondueSearch(init, evaluate, { threshold: 0.5 });
        assert.equal(r.n, k, `k=${k} init=${init}`);
        assert.equal(new Set(calls).size, calls.length, "GET-MEM must not evaluate an n twice");
        assert.equal(r.evaluated, calls.length);
      }
    }
  });

  test("t = 1 tolerates one passive variable's worth (Theorem 8.3.3: largest n with d ≤ t)", async () => {
    const { evaluate } = passiveScore(6);
    const r = await fondueSearch(3, evaluate, { threshold: 1 });
    assert.equal(r.n, 7);
  });

  test("matches brute force on random monotone step scores", async () => {
    let state = 12345;
    const rand = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 200; trial++) {
      const increments = Array.from({ length: 200 }, () => (rand() < 0.6 ? 0 : rand() * 2));
      const d = (n: number) => increments.slice(0, n).reduce((a, b) => a + b, 0);
      const t = rand() * 3;
      const init = 1 + Math.floor(rand() * 60);
      const r = await fondueSearch(init, async (n) => ({ scoreSampled: d(n), scoreMean: 0 }), {
        threshold: t,
        maxN: 200,
      });
      const expected = bruteForce(d, t, 200);
      assert.equal(r.n, expected, `trial ${trial} init ${init} t ${t}`);
    }
  });

  test("trace: each n, both scores, the decision and the bounds, as Algorithm 1 moves", async () => {
    const { evaluate } = passiveScore(5);
    const r = await fondueSearch(4, evaluate, { threshold: 0.5 });
    // Hand-run of Algorithm 1 from n₀ = 4, k = 5: 4 ok → 8 too many → 6 too many → 5 ok, so
    // n = min(10, u = 6) = 6 again (memoised, no training) → reject → n = ⌊(5 + 6)/2⌋ = 5 = l: stop.
    assert.deepEqual(
      r.trace.map((s) => [s.n, s.decision, s.lower, s.upper, s.next, s.cached]),
      [
        [4, "accept", 4, null, 8, false],
        [8, "reject", 4, 8, 6, false],
        [6, "reject", 4, 6, 5, false],
        [5, "accept", 5, 6, 6, false],
        [6, "reject", 5, 6, 5, true],
      ],
    );
    assert.deepEqual(
      r.trace.map((s) => s.difference),
      [0, 3, 1, 0, 1],
    );
    assert.equal(r.evaluated, 4);
    assert.ok(r.trace.every((s) => s.scoreMean === 10 && s.seconds >= 0));
  });

  test("n = 0 when even one dimension exceeds the threshold", async () => {
    const r = await fondueSearch(8, async () => ({ scoreSampled: 5, scoreMean: 0 }), { threshold: 1 });
    assert.equal(r.n, 0);
  });

  test("stops doubling at maxN and says so", async () => {
    const r = await fondueSearch(3, async () => ({ scoreSampled: 0, scoreMean: 0 }), {
      threshold: 1,
      maxN: 40,
    });
    assert.equal(r.n, 40);
    assert.equal(r.capped, true);
    assert.deepEqual(r.trace.map((s) => s.n), [3, 6, 12, 24, 40]);
  });

  test("resumes from a memo: finished n are not re-evaluated, and the result is the same", async () => {
    const memo = memoryMemo();
    const first = passiveScore(9);
    const a = await fondueSearch(20, first.evaluate, { threshold: 0.5, memo });
    const second = passiveScore(9);
    const b = await fondueSearch(20, second.evaluate, { threshold: 0.5, memo });
    assert.equal(b.n, a.n);
    assert.equal(second.calls.length, 0);
    assert.equal(b.evaluated, 0);
    assert.ok(b.trace.every((s) => s.cached));
  });

  test("an abort stops the search between evaluations and keeps the finished ones", async () => {
    const controller = new AbortController();
    const memo = memoryMemo();
    const { evaluate, calls } = passiveScore(30);
    const stopping = async (n: number) => {
      const e = await evaluate(n);
      if (calls.length === 2) controller.abort();
      return e;
    };
    await assert.rejects(
      fondueSearch(2, stopping, { threshold: 0.5, memo, signal: controller.signal }),
      (err: Error) => err.name === "AbortError",
    );
    assert.deepEqual(calls, [2, 4]);
    assert.ok(await memo.get(4), "the evaluation finished before the abort is kept");
    const resumed = await fondueSearch(2, evaluate, { threshold: 0.5, memo });
    assert.equal(resumed.n, 30);
    assert.deepEqual(calls.slice(0, 2), [2, 4]);
    assert.ok(!calls.slice(2).includes(2) && !calls.slice(2).includes(4));
  });

  test("bad input and bad scores give clear errors", async () => {
    const ok = async () => ({ scoreSampled: 0, scoreMean: 0 });
    await assert.rejects(fondueSearch(0, ok, { threshold: 1 }), /initial must be an integer ≥ 1, got 0/);
    await assert.rejects(fondueSearch(2.5, ok, { threshold: 1 }), /initial/);
    await assert.rejects(fondueSearch(2, ok, { threshold: NaN }), /threshold must be a finite number/);
    await assert.rejects(
      fondueSearch(2, async () => ({ scoreSampled: NaN, scoreMean: 0 }), { threshold: 1 }),
      /evaluate\(2\)\.scoreSampled must be a finite number, got NaN/,
    );
  });
});

describe("binarySearch (Algorithms 7–8: IB, BS_FONDUE)", () => {
  test("returns k over [1, 200] and matches brute force", async () => {
    for (const k of [1, 4, 11, 32, 150]) {
      const { evaluate, calls } = passiveScore(k);
      const r = await binarySearch(1, 200, evaluate, { threshold: 0.5 });
      assert.equal(r.n, k);
      assert.ok(calls.length <= 8, `⌈log2 199⌉ = 8 evaluations at most, got ${calls.length}`);
    }
    // Every n in [l, u) accepted: Algorithm 7 returns u − 1.
    const all = await binarySearch(1, 200, async () => ({ scoreSampled: 0, scoreMean: 0 }), {
      threshold: 1,
    });
    assert.equal(all.n, 199);
    const none = await binarySearch(1, 200, async () => ({ scoreSampled: 9, scoreMean: 0 }), {
      threshold: 1,
    });
    assert.equal(none.n, 0);
  });

  test("trace follows Algorithm 7 by hand", async () => {
    const { evaluate } = passiveScore(5);
    const r = await binarySearch(1, 16, evaluate, { threshold: 0.5 });
    // l=1,u=16: n=8 reject → u=8; n=4 accept → l=5; n=6 reject → u=6; n=5 accept → l=6 = u.
    assert.deepEqual(
      r.trace.map((s) => [s.n, s.decision, s.lower, s.upper]),
      [
        [8, "reject", 1, 8],
        [4, "accept", 5, 8],
        [6, "reject", 5, 6],
        [5, "accept", 6, 6],
      ],
    );
    assert.equal(r.n, 5);
  });
});

describe("truncateScore (vae_ld utils.truncate: floor to d decimals)", () => {
  test("floors, including values whose binary form lies just below the decimal", () => {
    assert.equal(truncateScore(1.0019, 3), 1.001);
    assert.equal(truncateScore(1.001, 3), 1.001);
    assert.equal(truncateScore(0.29, 2), 0.29);
    assert.equal(truncateScore(-0.011, 2), -0.02);
    assert.equal(truncateScore(-1.001, 3), -1.001);
    assert.throws(() => truncateScore(1, -1), /decimals must be a non-negative integer, got -1/);
  });
});
