// Claims as values (toolkit/studies/claims.ts): the schema rejects a claim whose threshold has no
// source, verdicts are computed from the whole 95 % interval, gates make claims not testable, and the
// interval helpers match scipy (Student-t quantiles: scipy.stats.t.ppf(0.975, df)).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import {
  bootstrapEstimate, ClaimLog, learnedGate, learnedSubset, nullLevel, readClaimFile, seedEstimate, seedsGate, singleEstimate, validateClaim,
  type Claim, type ClaimInput, type LearnerRecord,
} from "../../../toolkit/studies/claims";

const spec = {
  id: "demo.tc-mean-above-sampled",
  paper: "Bonheme (thesis)",
  place: "§6.4.2, Fig. 6.6",
  statement: "the total correlation of the mean representation is higher than that of the sampled one",
  quantity: "TC(μ) − TC(z), nats",
};
const seedsSource = { kind: "seeds", how: "the 95 % interval of the difference over seeds must exclude 0" } as const;
const input = (values: number[], extra: Partial<ClaimInput> = {}): ClaimInput => ({
  ...spec,
  estimate: seedEstimate(values),
  threshold: { comparison: ">", value: 0, source: seedsSource },
  ...extra,
});
const quiet = () => new ClaimLog("03-demo", "smoke", null);

describe("claims as values", () => {
  test("seedEstimate: mean ± t(0.975, n−1)·sd/√n, as scipy.stats.t.interval gives", () => {
    // scipy.stats.t.interval(0.95, 4, loc=mean, scale=sem) for [1, 2, 3, 4, 6]: (0.811612, 5.588388)
    const e = seedEstimate([1, 2, 3, 4, 6]);
    assert.equal(e.value, 3.2);
    assert.ok(Math.abs(e.interval![0] - 0.8116116) < 1e-6 && Math.abs(e.interval![1] - 5.5883884) < 1e-6, `${e.interval}`);
    assert.deepEqual(seedEstimate([2]), { value: 2, interval: null, method: "single", n: 1 });
    assert.throws(() => seedEstimate([1, NaN]), /values\[1\] is NaN; expected a finite number/);
  });

  test("a claim holds only when the whole interval lies on the claimed side", () => {
    const log = quiet();
    assert.equal(log.check(input([1, 1.2, 0.9])).verdict, "held");
    const wide = log.check(input([1, -0.5, 0.9], { id: "demo.wide" }));
    assert.equal(wide.verdict, "did not hold");
    assert.match(wide.reason, /95 % interval \[-1\.\d+, 2\.\d+\] does not lie above 0/);
    const below = log.check(input([0.1, 0.2, 0.15], { id: "demo.below", threshold: { comparison: "<", value: 0.12, source: seedsSource } }));
    assert.equal(below.verdict, "did not hold");
    assert.equal(log.summary(), "1 of 3 claims held at smoke scale (0 not testable)");
  });

  test("a failed gate or a missing estimate makes the claim not testable, with the reason", () => {
    const log = quiet();
    const gate = learnedGate([{ label: "vgon β=1", reconstruction: 305, baseline: 138, baselineName: "its collapsed run" }]);
    const c = log.check(input([1, 1.2, 0.9], { gates: [seedsGate(3), gate] }));
    assert.equal(c.verdict, "not testable");
    assert.match(c.reason, /model did not learn: .*vgon β=1: 305\.0 vs 138\.0 nats \(its collapsed run\)/);
    assert.equal(log.check(input([1, 1.2, 0.9], { id: "demo.seeds", gates: [seedsGate(3)] })).verdict, "held");
    assert.match(log.check(input([1, 2], { id: "demo.few", gates: [seedsGate(2, 3)] })).reason, /too few seeds: 2/);
    assert.throws(() => log.check({ ...input([1]), id: "demo.none", estimate: null }), /reason is ""/);
    assert.equal(log.check({ ...input([1]), id: "demo.nopassive", estimate: null, untestable: "no passive variable" }).verdict, "not testable");
  });

  test("a claim over many models is computed on those that learned and names the ones left out", () => {
    const log = quiet();
    // Ten models, one of which stayed at the mean image (138.8 vs 137.9 nats is not 10 % below).
    const models = Array.from({ length: 10 }, (_, i) => ({
      label: `elbow n = ${2 * (i + 1)} seed 0`, value: i === 4 ? 50 : 1 + 0.1 * i,
      learner: { label: `elbow n = ${2 * (i + 1)} seed 0`, reconstruction: i === 4 ? 138.8 : 60, baseline: 137.9, baselineName: "mean image" } as LearnerRecord,
    }));
    const subset = learnedSubset(models, (m) => [m.learner], { what: "models", min: 3 });
    assert.deepEqual(subset.kept.map((m) => m.label), models.filter((_, i) => i !== 4).map((m) => m.label));
    assert.deepEqual(subset.excluded.map((e) => e.unit.label), ["elbow n = 10 seed 0"]);
    assert.equal(subset.gate.ok, true);
    const c = log.check(input(subset.kept.map((m) => m.value), { learned: subset, evidence: "per model values" }));
    // The estimate is the mean of the nine learned models (1.0 … 1.9 without 1.4), not of all ten.
    assert.ok(Math.abs(c.estimate!.value - (14.5 - 1.4) / 9) < 1e-12, `${c.estimate!.value}`);
    assert.equal(c.verdict, "held");
    assert.equal(
      c.evidence,
      "1 of 10 models left out: model did not learn (reconstruction not 10 % below the baseline: elbow n = 10 seed 0: 138.8 vs 137.9 nats (mean image)); computed on the other 9; per model values",
    );
    // With every model learned nothing is said and the evidence is the claim's own.
    const all = learnedSubset(models.filter((_, i) => i !== 4), (m) => [m.learner], { what: "models", min: 3 });
    assert.equal(all.note, "");
    assert.equal(log.check(input([1, 1.2, 0.9], { id: "demo.all", learned: all, evidence: "e" })).evidence, "e");
  });

  test("a unit resting on several models is left out when any of them did not learn, never replaced", () => {
    const learnt = (label: string): LearnerRecord => ({ label, reconstruction: 60, baseline: 134, baselineName: "mean image" });
    const stuck = (label: string): LearnerRecord => ({ label, reconstruction: 135, baseline: 134, baselineName: "mean image" });
    // Seed pairs of β = 1 × β = 8: only the pair whose two models both learned remains.
    const seeds = { "β=1 seed 0": stuck("β=1 seed 0"), "β=1 seed 1": learnt("β=1 seed 1"), "β=8 seed 0": learnt("β=8 seed 0"), "β=8 seed 1": stuck("β=8 seed 1") };
    const pairs = [[0, 0], [0, 1], [1, 0], [1, 1]].map(([a, b]) => ({ a: `β=1 seed ${a}`, b: `β=8 seed ${b}` }));
    const subset = learnedSubset(pairs, (p) => [seeds[p.a as keyof typeof seeds], seeds[p.b as keyof typeof seeds]], { what: "seed pairs", min: 1 });
    assert.deepEqual(subset.kept, [{ a: "β=1 seed 1", b: "β=8 seed 0" }]);
    assert.equal(subset.excluded.length, 3);
    // Each model that did not learn is named once, however many pairs it is in.
    assert.equal(subset.note.match(/β=1 seed 0: 135\.0 vs 134\.0 nats/g)?.length, 1);
    assert.match(subset.note, /^3 of 4 seed pairs left out: model did not learn \(.*β=8 seed 1: 135\.0 vs 134\.0 nats \(mean image\)\); computed on the other 1$/);
  });

  test("too few learned units left make a claim over many models not testable, with the reason", () => {
    const log = quiet();
    const records = [305, 60, 310].map((reconstruction, seed) => ({ seed, learner: { label: `vgon β=1 seed ${seed}`, reconstruction, baseline: 300, baselineName: "its collapsed run" } }));
    const subset = learnedSubset(records, (r) => [r.learner], { what: "seeds", min: 2 });
    assert.equal(subset.gate.ok, false);
    const c = log.check(input([1.1], { learned: subset }));
    assert.equal(c.verdict, "not testable");
    assert.equal(
      c.reason,
      "too few seeds left: 1 of 3 after leaving out those whose model did not learn (reconstruction not 10 % below the baseline: vgon β=1 seed 0: 305.0 vs 300.0 nats (its collapsed run); vgon β=1 seed 2: 310.0 vs 300.0 nats (its collapsed run)); the claim needs ≥ 2",
    );
    assert.match(c.evidence, /^2 of 3 seeds left out: model did not learn/);
    // The claim's own gates come first: a scale with too few seeds says so.
    assert.match(log.check(input([1.1], { id: "demo.scale", gates: [seedsGate(1)], learned: subset })).reason, /too few seeds: 1 at this scale/);
    assert.equal(learnedSubset([], (r: (typeof records)[number]) => [r.learner], { what: "seeds", min: 1 }).gate.reason, "no seeds to test");
    // Too few at this scale with every model learned: the reason is the count alone, the note empty.
    const few = learnedSubset(records.slice(1, 2), (r) => [r.learner], { what: "seeds", min: 2 });
    assert.deepEqual([few.gate.reason, few.note], ["too few seeds: 1 at this scale; the claim needs ≥ 2", ""]);
    assert.throws(() => learnedSubset(records, (r) => [r.learner], { what: "seeds", min: 0 }), /min is 0; expected an integer ≥ 1/);
  });

  test("a claim about one model stays gated on it: one model that did not learn makes it not testable", () => {
    const log = quiet();
    const gate = learnedGate([{ label: "β-VAE β = 4", reconstruction: 139, baseline: 138, baselineName: "mean image" }]);
    const c = log.check(input([1, 1.2, 0.9], { gates: [gate], evidence: "e" }));
    assert.equal(c.verdict, "not testable");
    assert.equal(c.reason, "model did not learn: reconstruction not 10 % below the baseline (β-VAE β = 4: 139.0 vs 138.0 nats (mean image))");
    assert.equal(c.evidence, "e");
  });

  test("the schema rejects a threshold without a source, an empty quote, a bad id and a duplicate", () => {
    const log = quiet();
    const noSource = { ...input([1, 2, 3]), threshold: { comparison: ">", value: 0 } } as unknown as ClaimInput;
    assert.throws(() => log.check(noSource), /threshold\.source is undefined; every threshold needs a source/);
    const emptyQuote = { ...input([1, 2, 3]), threshold: { comparison: ">", value: 0.8, source: { kind: "paper", quote: " " } } } as ClaimInput;
    assert.throws(() => log.check(emptyQuote), /threshold\.source\.quote is " "/);
    const invented = { ...input([1, 2, 3]), threshold: { comparison: ">", value: 0, source: { kind: "chosen", how: "looks right" } } } as unknown as ClaimInput;
    assert.throws(() => log.check(invented), /every threshold needs a source/);
    assert.throws(() => log.check(input([1, 2, 3], { id: "Demo Claim" })), /claim id "Demo Claim"/);
    assert.throws(() => log.check(input([1, 2, 3], { threshold: { comparison: ">", value: NaN, source: seedsSource } })), /threshold\.value is NaN/);
    log.check(input([1, 2, 3]));
    assert.throws(() => log.check(input([1, 2, 3])), /recorded twice/);
    const held = { ...log.claims[0], verdict: "did not hold", reason: "" } as Claim;
    assert.throws(() => validateClaim(held), /reason is ""/);
  });

  test("the log is saved after every claim and reads back validated; a cut-off file names itself", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-claims-"));
    try {
      const file = path.join(dir, "03-demo.claims.json");
      const log = new ClaimLog("03-demo", "smoke", file);
      assert.deepEqual(readClaimFile(file).claims, []);
      log.check(input([1, 1.2, 0.9]));
      const back = readClaimFile(file);
      assert.deepEqual([back.notebook, back.scale, back.claims.map((c) => c.verdict)], ["03-demo", "smoke", ["held"]]);
      assert.deepEqual(fs.readdirSync(dir), ["03-demo.claims.json"]);
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").slice(0, 50));
      assert.throws(() => readClaimFile(file), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot read it as a claims file`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("bootstrap and null levels: the percentile interval covers the estimate; a null level is a quantile of null draws", () => {
    const units = Array.from({ length: 50 }, (_, i) => Math.sin(i) + 2);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const e = bootstrapEstimate(units, mean, { seed: 1 });
    assert.ok(e.interval![0] < e.value && e.value < e.interval![1]);
    // The standard error of the mean of these values is ≈ 0.1; the 95 % interval is about ±2 SE.
    assert.ok(e.interval![1] - e.interval![0] > 0.2 && e.interval![1] - e.interval![0] < 0.6, `${e.interval}`);
    assert.equal(nullLevel((seed) => seed, { repeats: 21, q: 0.95 }), 19);
    assert.throws(() => singleEstimate(Infinity), /value is Infinity/);
  });
});
