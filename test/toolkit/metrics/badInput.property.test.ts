// Property: every function exported by toolkit/metrics, fed random bad input from a seeded generator, either
// throws an Error whose message names the argument (and the row and column of a bad entry) or returns only finite
// numbers, equal to a clean recomputation (the same values passed as a float64 Matrix). The table must list every
// export, so a new metric is covered or this test fails.
import { Rng } from "../../../toolkit/compute/rng";
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as m from "../../../toolkit/metrics";
import { normalSampler } from "./helpers";

/** real: any value; positive: variances; int: factor indices 0..2; labels: class indices 0..cols−1 (a vector); vector: a numeric vector. */
type Kind = "real" | "positive" | "int" | "labels" | "vector";
type Slot =
  | { type: "matrix"; name: string; rows: number; cols: number; kind: Kind; nestedOnly: boolean }
  | { type: "arg"; name: string }
  | { type: "options"; keys: string[] };

/** One corruption of one slot; `value` is the bad value or the degenerate constant. */
interface Plan {
  slot: number;
  how: "entry" | "typedEntry" | "structure" | "constant" | "scale" | "repeat" | "option";
  i: number;
  j: number;
  value: unknown;
  key?: string;
}

const badEntries: unknown[] = [null, true, false, "3", undefined, NaN, Infinity, -Infinity, {}, [1]];
const badOptions: unknown[] = [NaN, Infinity, -Infinity, "2", null, true, {}];

/** Hands the case its arguments: clean seeded values, except the slot the plan corrupts. */
class Args {
  readonly slots: Slot[] = [];
  readonly tensors: tf.Tensor[] = [];
  /** The name the error must contain, and a pattern for the bad entry's position when there is one. */
  expected: { name: string; position?: string } | undefined;

  constructor(private readonly plan: Plan | undefined, private readonly form: "nested" | "matrix") {}

  private clean(index: number, rows: number, cols: number, kind: Kind): number[][] {
    const g = normalSampler(1000 + index * 7919 + rows * 31 + cols);
    return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => {
      const v = g();
      if (kind === "positive") return Math.exp(0.5 * v);
      if (kind === "int") return (i * (j + 2) + Math.floor(Math.abs(v) * 2)) % 3;
      if (kind === "labels") return (i + Math.floor(Math.abs(v) * 2)) % cols;
      return v;
    }));
  }

  matrix(name: string, rows: number, cols: number, kind: Kind = "real", nestedOnly = false): any {
    const index = this.slots.length;
    this.slots.push({ type: "matrix", name, rows, cols, kind, nestedOnly });
    const values = this.clean(index, rows, cols, kind);
    const vector = kind === "labels" || kind === "vector";
    const plan = this.plan?.slot === index ? this.plan : undefined;
    if (plan) {
      const { i, j } = plan;
      const position = vector ? `(\\[${i}\\]|\\[${i}, 0\\])` : `\\[${i}, ${j}\\]`;
      switch (plan.how) {
        case "entry":
          values[i][vector ? 0 : j] = plan.value as number;
          this.expected = { name, position };
          return vector ? values.map((r) => r[0]) : values;
        case "typedEntry": {
          const data = Float64Array.from(vector ? values.map((r) => r[0]) : values.flat());
          data[vector ? i : i * cols + j] = plan.value as number;
          this.expected = { name, position: nestedOnly ? undefined : position };
          return vector ? data : { data, shape: [rows, cols] };
        }
        case "structure":
          this.expected = { name };
          if (vector && (plan.value === "ragged" || plan.value === "flat")) return "x";
          if (plan.value === "ragged") { values[i] = values[i].slice(1); return values; }
          if (plan.value === "flat") return values.map((r) => r[0]);
          if (plan.value === "rank3") { const t = tf.zeros([2, 2, 2]); this.tensors.push(t); return t; }
          if (plan.value === "shape") return { data: values.flat(), shape: [rows + 1, cols] };
          return plan.value; // [], "x", null, undefined, 7
        case "constant":
          if (kind === "labels") values.forEach((r) => { r[0] = plan.value as number; });
          else values.forEach((r) => { r[j] = plan.value as number; });
          break;
        case "scale":
          values.forEach((r) => r.forEach((_, c) => { r[c] *= plan.value as number; }));
          break;
        case "repeat":
          values.forEach((r, t) => { values[t] = values[0].slice(); });
          break;
      }
    }
    if (vector) return values.map((r) => r[0]);
    if (this.form === "matrix" && !nestedOnly) return { rows, cols, data: Float64Array.from(values.flat()) };
    return values;
  }

  arg<T>(name: string, value: T): T {
    const index = this.slots.length;
    this.slots.push({ type: "arg", name });
    if (this.plan?.slot === index) { this.expected = { name }; return this.plan.value as T; }
    return value;
  }

  options<T extends object>(options: T): T {
    const index = this.slots.length;
    this.slots.push({ type: "options", keys: Object.keys(options) });
    if (this.plan?.slot !== index) return options;
    this.expected = { name: this.plan.key! };
    return { ...options, [this.plan.key!]: this.plan.value };
  }
}

/** A linear decoder z (·×2) → 4 outputs, for the Jacobian-based scores. */
const decoderWeights = tf.tensor2d([[0.5, -1, 0.2, 0], [1, 0.3, 0, -0.7]]);
const decoder = (z: tf.Tensor2D) => tf.matMul(z, decoderWeights);

function sampler(a: Args) {
  return { factorSizes: [3, 4], encode: (f: number[][]) => a.matrix("encode(factors)", f.length, 2) };
}

const n = 40;
const cases: Record<string, (a: Args) => unknown> = {
  toMatrix: (a) => m.toMatrix(a.matrix("x", 6, 3), "x"),
  variableTypes: (a) => m.variableTypes(a.matrix("variance", 30, 3, "positive"), a.options({ alpha: 0.1, priorVariance: 1 })),
  variableTypesSweep: (a) => m.variableTypesSweep(a.matrix("variance", 30, 3, "positive"), a.arg("alphas", [0.05, 0.2])),
  typeColumns: (a) => m.typeColumns(m.variableTypes(a.matrix("variance", 30, 3, "positive")), a.arg("which", ["active", "mixed"] as m.VariableType[])),
  klPerDimension: (a) => m.klPerDimension(a.matrix("mean", 20, 3), a.matrix("logvar", 20, 3)),
  collapsedUnits: (a) => m.collapsedUnits(a.matrix("mean", 20, 3), a.matrix("logvar", 20, 3), a.options({ epsilon: 0.01, delta: 0.01 })),
  activeUnits: (a) => m.activeUnits(a.matrix("mean", 20, 3), a.options({ threshold: 0.01 })),
  polarisedRegime: (a) => m.polarisedRegime(a.matrix("mean", 20, 3), a.matrix("logvar", 20, 3), a.options({ threshold: 0.5, tolerance: 0.03 })),
  traceDifference: (a) => m.traceDifference(a.matrix("sampled", 20, 3), a.matrix("mean", 20, 3), a.options({ columns: [0, 2] })),
  gaussianTotalCorrelation: (a) => m.gaussianTotalCorrelation(a.matrix("x", n, 3), a.options({ singularTolerance: 1e-10, columns: [0, 1, 2] })),
  averagedMutualInformation: (a) => m.averagedMutualInformation(a.matrix("x", n, 3), a.options({ bins: 8, columns: [0, 1, 2] })),
  effectiveRank: (a) => m.effectiveRank(a.matrix("x", n, 3), a.options({ columns: [0, 1, 2] })),
  linearCKA: (a) => m.linearCKA(a.matrix("x", n, 3), a.matrix("y", n, 2)),
  debiasedCKA: (a) => m.debiasedCKA(a.matrix("x", n, 3), a.matrix("y", n, 2)),
  MinibatchCKA: (a) => { const acc = new m.MinibatchCKA(); acc.update(a.matrix("x", 20, 3), a.matrix("y", 20, 2)); acc.update(a.matrix("x", 20, 3), a.matrix("y", 20, 2)); return acc.value(); },
  minibatchCKA: (a) => m.minibatchCKA([[a.matrix("x", 20, 3), a.matrix("y", 20, 2)], [a.matrix("x", 20, 3), a.matrix("y", 20, 2)]]),
  procrustesSimilarity: (a) => m.procrustesSimilarity(a.matrix("x", n, 3), a.matrix("y", n, 2)),
  similarityMatrix: (a) => m.similarityMatrix({ p: a.matrix("layersA.p", 20, 3), q: a.matrix("layersA.q", 20, 2) }, { r: a.matrix("layersB.r", 20, 4) }, a.arg("metric", "debiasedCKA")),
  averageSimilarityMatrix: (a) => m.averageSimilarityMatrix([{ p: a.matrix("layersA.p", 20, 3) }], [{ r: a.matrix("layersB.r", 20, 2) }], a.arg("metric", "procrustes")),
  nearestNeighbours: (a) => m.nearestNeighbours(a.matrix("x", 30, 3), a.arg("k", 3), a.options({ method: "scan" as const, blockRows: 8 })),
  mleIntrinsicDimensionSweep: (a) => m.mleIntrinsicDimensionSweep(a.matrix("x", n, 3), a.arg("ks", [3, 5]), a.options({ averaging: "levina-bickel" as const, repeats: 2, fraction: 0.9, seed: 1 })),
  mleIntrinsicDimension: (a) => m.mleIntrinsicDimension(a.matrix("x", n, 3), a.options({ k: 5, averaging: "mackay-ghahramani" as const, repeats: 1, fraction: 0.9, seed: 0 })),
  twoNN: (a) => m.twoNN(a.matrix("x", n, 3), a.options({ discardFraction: 0.1 })),
  meanImageReconstruction: (a) => m.meanImageReconstruction(a.matrix("x", 20, 4), a.options({ likelihood: "gaussian", gamma: 0.5 })),
  mcc: (a) => m.mcc(a.matrix("learned", n, 3), a.matrix("truth", n, 2)),
  linearAssignment: (a) => m.linearAssignment(a.matrix("cost", 3, 4, "real", true)),
  renyiEntropy: (a) => m.renyiEntropy(a.matrix("x", n, 3), a.options({ alpha: 2, batchSize: 15 })),
  renyiJointEntropy: (a) => m.renyiJointEntropy(a.matrix("x", n, 3), a.matrix("y", n, 2), a.options({ alpha: 3, batchSize: 20 })),
  renyiMutualInformation: (a) => m.renyiMutualInformation(a.matrix("x", n, 3), a.matrix("y", n, 2), a.options({ alpha: 1.5, batchSize: 1000 })),
  hoyerSparsity: (a) => m.hoyerSparsity(a.matrix("z", n, 3), a.options({ columns: [0, 1, 2] })),
  distanceToOrthogonality: (a) => m.distanceToOrthogonality([a.matrix("jacobians[0]", 5, 3), a.matrix("jacobians[1]", 4, 3)]),
  decoderJacobians: (a) => m.decoderJacobians(decoder, a.matrix("z", 3, 2), a.options({ chunk: 3 })),
  decoderDistanceToOrthogonality: (a) => m.decoderDistanceToOrthogonality(decoder, a.matrix("z", 3, 2), a.options({ chunk: 2 })),
  shareBelowUntilEnd: (a) => m.shareBelowUntilEnd(a.arg("steps", [100, 200, 300]), a.arg("values", [0.5, 0.01, 0.02]), a.arg("tolerance", 0.03), a.arg("totalSteps", 300)),
  columnAlignment: (a) => m.columnAlignment(a.matrix("a", 6, 2), a.matrix("b", 6, 3)),
  randomRotation: (a) => m.randomRotation(a.arg("k", 3), a.arg("normal", normalSampler(1))),
  mig: (a) => m.mig(a.matrix("codes", n, 3), a.matrix("factors", n, 2, "int"), a.options({ bins: 8 })),
  modularity: (a) => m.modularity(a.matrix("codes", n, 3), a.matrix("factors", n, 2, "int"), a.options({ bins: 8 })),
  sap: (a) => m.sap(a.matrix("codes", n, 3), a.matrix("factors", n, 2, "int"), a.options({ mode: "classification" as const, testFraction: 0.3, seed: 1 })),
  dci: (a) => m.dci(a.matrix("codes", n, 3), a.matrix("factors", n, 2, "int"), a.options({ alpha: 0.01, testFraction: 0.3, seed: 2 })),
  dciFromImportance: (a) => m.dciFromImportance(a.matrix("importance", 3, 2, "positive", true)),
  lasso: (a) => m.lasso(a.matrix("x", n, 3), a.matrix("y", n, 1, "vector"), a.arg("alpha", 0.01), a.options({ maxIter: 200, tolerance: 1e-8 })),
  betaVAEScore: (a) => m.betaVAEScore(sampler(a), a.options({ batchSize: 3, trainPoints: 8, evalPoints: 4, seed: 0 })),
  factorVAEScore: (a) => m.factorVAEScore(sampler(a), a.options({ batchSize: 3, trainPoints: 6, evalPoints: 4, varianceSamples: 20, seed: 0 })),
  logisticProbe: (a) => m.logisticProbe(a.matrix("x", n, 3), a.matrix("labels", n, 2, "labels"), a.options({ testFraction: 0.25, folds: 2, strengths: [0.1, 1], seed: 0, maxIter: 20, tolerance: 1e-4, columns: [0, 1, 2] })),
  fitLogistic: (a) => m.fitLogistic(a.matrix("x", n, 3), a.matrix("y", n, 3, "labels"), a.arg("classes", 3), a.arg("C", 1), a.options({ maxIter: 30, tolerance: 1e-6 })),
  predictLogistic: (a) => m.predictLogistic(m.fitLogistic(a.matrix("x", n, 3), a.matrix("y", n, 2, "labels"), 2, 1), a.matrix("x", 10, 3)),
};

/** Calls the case; returns its value or the Error it threw (sync or async). */
async function outcome(run: (a: Args) => unknown, args: Args): Promise<{ value?: unknown; error?: Error }> {
  try {
    return { value: await run(args) };
  } catch (e) {
    return { error: e as Error };
  } finally {
    args.tensors.forEach((t) => t.dispose());
  }
}

/** Every number in a result (nested arrays, typed arrays, plain objects). */
function numbersOf(v: unknown, out: number[] = []): number[] {
  if (typeof v === "number") out.push(v);
  else if (ArrayBuffer.isView(v)) out.push(...Array.from(v as unknown as ArrayLike<number>));
  else if (Array.isArray(v)) v.forEach((x) => numbersOf(x, out));
  else if (v && typeof v === "object") Object.values(v).forEach((x) => numbersOf(x, out));
  return out;
}

function randomPlan(slots: Slot[], random: () => number): Plan {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const slot = Math.floor(random() * slots.length);
  const s = slots[slot];
  if (s.type === "arg") return { slot, how: "option", i: 0, j: 0, value: pick(badOptions) };
  if (s.type === "options") return { slot, how: "option", i: 0, j: 0, value: pick(badOptions), key: pick(s.keys) };
  const i = Math.floor(random() * s.rows);
  const j = Math.floor(random() * s.cols);
  const numeric = s.kind === "real" || s.kind === "positive" || s.kind === "vector";
  const how = pick(["entry", "entry", "typedEntry", "structure", ...(numeric ? ["constant", "scale", "repeat"] as const : ["constant", "fraction"] as const)]);
  if (how === "entry") return { slot, how, i, j, value: pick(badEntries) };
  if (how === "typedEntry") return { slot, how, i, j, value: pick([NaN, Infinity, -Infinity]) };
  if (how === "fraction") return { slot, how: "entry", i, j, value: 1.5 };
  if (how === "structure") return { slot, how, i: Math.max(1, i), j, value: pick(["ragged", "flat", "rank3", "shape", [], "x", null, undefined, 7]) };
  if (how === "constant") return { slot, how, i, j, value: numeric ? pick([0.1, 2.5, 1e-3, 7.3e5]) : pick([0, 1, 2]) };
  if (how === "scale") return { slot, how, i, j, value: pick([1e200, 1e-200, 1e150]) };
  return { slot, how: "repeat", i, j, value: 0 };
}


test("the table lists every function exported by toolkit/metrics", () => {
  const exported = Object.entries(m).filter(([, v]) => typeof v === "function").map(([k]) => k).sort();
  assert.deepEqual(Object.keys(cases).sort(), exported);
});

test("random bad input to every exported metric: a named error, or finite numbers equal to a clean recomputation", async () => {
  const rng = new Rng(20261201);
  const random = (): number => rng.uniform();
  const failures: string[] = [];
  let calls = 0;
  for (const [name, run] of Object.entries(cases)) {
    const dry = new Args(undefined, "nested");
    const clean = await outcome(run, dry);
    assert.ok(!clean.error, `${name} fails on clean input: ${clean.error?.message}`);
    for (let trial = 0; trial < 40; trial++) {
      const plan = randomPlan(dry.slots, random);
      const args = new Args(plan, "nested");
      const got = await outcome(run, args);
      calls++;
      const what = `${name} with ${plan.how} ${String(plan.key ?? "")}=${typeof plan.value === "string" ? JSON.stringify(plan.value) : Array.isArray(plan.value) ? `[${plan.value}]` : String(plan.value)} at slot ${plan.slot} [${plan.i}, ${plan.j}]`;
      const degenerate = plan.how === "constant" || plan.how === "scale" || plan.how === "repeat";
      const slot = dry.slots[plan.slot];
      const slotName = slot.type === "matrix" || slot.type === "arg" ? slot.name : plan.key!;
      if (got.error) {
        const message = got.error.message;
        if (!(got.error instanceof Error) || /Cannot read|is not a function|undefined \(reading|is not iterable/.test(message)) {
          failures.push(`${what}: a generic crash: ${message}`);
          continue;
        }
        const names = degenerate ? [slotName, name, "debiased CKA", "renyi"] : [slotName];
        if (!names.some((k) => message.includes(k.replace(/\[\d+\]$/, "")))) failures.push(`${what}: the message does not name ${slotName}: ${message}`);
        const position = args.expected?.position;
        if (!degenerate && position && !new RegExp(position).test(message)) failures.push(`${what}: the message does not give the position ${position}: ${message}`);
        if (plan.how === "constant" && /constant|zero variance|zero standard deviation|same value|self-HSIC/.test(message)) {
          // The same column set to another constant must be rejected the same way: "constant" has one meaning.
          const other = await outcome(run, new Args({ ...plan, value: slot.type === "matrix" && slot.kind === "int" ? (plan.value === 1 ? 2 : 1) : 1 }, "nested"));
          if (!other.error) failures.push(`${what}: throws, but returns a value for the constant 1: ${message}`);
        }
        continue;
      }
      if (!degenerate) { failures.push(`${what}: returned a value instead of an error`); continue; }
      const numbers = numbersOf(got.value);
      if (!numbers.every(Number.isFinite)) { failures.push(`${what}: returned a non-finite number`); continue; }
      const again = await outcome(run, new Args(plan, "matrix"));
      try {
        assert.deepStrictEqual(numbersOf(again.value), numbers);
      } catch {
        failures.push(`${what}: differs from the recomputation on a float64 Matrix (${again.error?.message ?? "different numbers"})`);
      }
      if (plan.how === "constant") {
        const other = await outcome(run, new Args({ ...plan, value: slot.type === "matrix" && slot.kind === "int" ? (plan.value === 1 ? 2 : 1) : 1 }, "nested"));
        if (other.error) failures.push(`${what}: returns a value, but the constant 1 throws: ${other.error.message}`);
      }
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${calls} calls:\n${failures.join("\n")}`);
});
