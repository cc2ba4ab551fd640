// Eqs. 4 / 10 / 30 and Table 1's share of Rolinek et al. (2019) and the column alignment of the linear case, against numpy/scipy
// values computed for these inputs (scipy.optimize.linear_sum_assignment for the matching).
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import * as m from "../../../toolkit/metrics";
import { close, normalSampler } from "./helpers";

describe("polarisedRegime (Eqs. 4, 10, 30) on the study's inputs", () => {
  test("KL, its polarised approximation and ΔKL match numpy", () => {
    const mean = [[1.2, 0.01, -0.3], [-0.8, 0.02, 0.1], [0.3, -0.01, 0.2], [-1.5, 0.0, -0.1]];
    const logvar = [[-4.0, -0.01, -1.0], [-3.5, 0.02, -1.2], [-4.2, 0.0, -0.9], [-3.9, -0.03, -1.1]];
    const r = m.polarisedRegime(mean, logvar);
    assert.deepEqual(r.active, [0]);
    close(r.klExact, 2.2329452018030116, 1e-12, "L_KL");
    close(r.klApprox, 2.0025000000000004, 1e-12, "L_≈KL");
    close(r.deltaKL, 0.1032023542794226, 1e-12, "ΔKL");
  });
});

describe("shareBelowUntilEnd (Table 1)", () => {
  test("counts from the first evaluation after which every value stays below the tolerance", () => {
    assert.equal(m.shareBelowUntilEnd([100, 200, 300, 400], [0.5, 0.01, 0.2, 0.02], 0.03, 400), 0);
    assert.equal(m.shareBelowUntilEnd([100, 200, 300, 400], [0.5, 0.01, 0.02, 0.02], 0.03, 400), 0.5);
    assert.equal(m.shareBelowUntilEnd([100, 200, 300, 400], [0.01, 0.01, 0.02, 0.02], 0.03, 400), 0.75);
    assert.equal(m.shareBelowUntilEnd([100, 200], [0.01, null], 0.03, 200), 0);
  });
  test("bad input is an error", () => {
    assert.throws(() => m.shareBelowUntilEnd([200, 100], [0, 0], 0.03, 200), /ascending/);
    assert.throws(() => m.shareBelowUntilEnd([100], [0, 0], 0.03, 200), /one value per step/);
    assert.throws(() => m.shareBelowUntilEnd([100, 200], [0, 0], 0.03, 150), /totalSteps/);
  });
});

describe("columnAlignment and randomRotation (the linear case)", () => {
  test("matches scipy's assignment on |cos|", () => {
    const a = [[0.1257302210933933, -0.1321048632913019, 0.6404226504432821], [0.10490011715303971, -0.535669373161111, 0.36159505490948474], [1.3040000451301372, 0.9470809631292422, -0.7037352358069926], [-1.2654214710460525, -0.6232744625373522, 0.0413259793472436], [-2.3250307746388343, -0.21879166393254573, -1.2459109472530652]];
    const b = [[-0.7322673547034516, -0.5442589828573099, -0.31630015636915454, 0.4116305363741328], [1.0425133694426776, -0.12853466294403426, 1.3664634705496859, -0.6651946734866135], [0.3515100700930197, 0.9034701816518086, 0.09401229776087457, -0.7434992493538084], [-0.9217253762584194, -0.45772582566733916, 0.2201951234700494, -1.009618183538736], [-0.20917557487171307, -0.15922500991447772, 0.5408455846858077, 0.2146591225063409]];
    const r = m.columnAlignment(a, b);
    close(r.alignment, 0.50116396632291, 1e-12, "alignment");
    assert.deepEqual(r.matching, [0, 1, 2]);
  });
  test("a signed permutation of scaled columns aligns perfectly; a 45° rotation does not", () => {
    const u = [[1, 0], [0, 1], [0, 0]];
    close(m.columnAlignment([[0, -3], [2, 0], [0, 0]], u).alignment, 1, 1e-12, "signed permutation");
    close(m.columnAlignment([[1, 1], [1, -1], [0, 0]], u).alignment, Math.SQRT1_2, 1e-12, "45° rotation");
  });
  test("randomRotation is orthogonal", () => {
    const q = m.randomRotation(4, normalSampler(3));
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) close(q[i].reduce((s, v, k) => s + v * q[j][k], 0), i === j ? 1 : 0, 1e-12, `q q^T [${i}, ${j}]`);
  });
  test("bad input is an error", () => {
    assert.throws(() => m.columnAlignment([[1, 0, 0], [0, 1, 0]], [[1, 0], [0, 1]]), /columns/);
    assert.throws(() => m.columnAlignment([[0], [0]], [[1], [0]]), /a: column 0 is zero/);
    assert.throws(() => m.randomRotation(0, Math.random), /k must be/);
  });
});
