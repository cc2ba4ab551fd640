// Claims as values (toolkit/studies/claims.ts): the schema rejects a claim whose threshold has no
// source, verdicts are computed from the whole 95 % interval, gates make claims not testable, and the
// interval helpers match scipy (Student-t quantiles: scipy.stats.t.ppf(0.975, df)).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import {
  bootstrapEstimate, ClaimLog, learnedGate, nullLevel, readClaimFile, seedEstimate, seedsGate, singleEstimate, validateClaim,
  type Claim, type ClaimInput,
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
