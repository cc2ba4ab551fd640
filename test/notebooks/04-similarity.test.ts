// notebooks/04-similarity.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec).
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { claimFilePath } from "../../kernel/commands/main";
import { readClaimFile } from "../../toolkit/studies/claims";
import { runHeadless, runNbclient, workspace } from "./harness";

// Claims about synthetic data (Fig. 7.1's matrices) that hold at any scale; the others rest on trained models.
const MUST_HOLD = ["sim.fig-7-1-agree-80", "sim.fig-7-1-agree-50", "sim.fig-7-1-procrustes-overestimates", "sim.fig-7-1-cka-drops"];

describe("notebook 04-similarity (smoke scale)", () => {
  const ws = workspace("04-similarity");
  after(() => fs.rmSync(ws.dir, { recursive: true, force: true }));
  test("polarlab run executes every cell without error", () => {
    runHeadless(ws, MUST_HOLD);
    // Theorem 7.4.1 as stated admits a counter-example (a translated column keeps CKA = 1 and both
    // representations polarised), so the claim must be reported as not holding, with that evidence.
    const { claims } = readClaimFile(claimFilePath(ws.dir, path.basename(ws.notebook, ".ipynb")));
    const theorem = claims.find((c) => c.id === "sim.theorem-7-4-1-cka-one-same-counts");
    assert.ok(theorem, "the Theorem 7.4.1 claim was checked");
    assert.equal(theorem.verdict, "did not hold", theorem.evidence);
    assert.match(theorem.evidence, /column permutation \(20\): min CKA 1\.0+; 0 with σ² ≤ 0, 0 with mixed variables, 20 polarised of which 0 with different numbers/);
    assert.match(theorem.evidence, /45° rotation of an active and a passive column \(1\): min CKA 1\.0+; 0 with σ² ≤ 0, 1 with mixed variables, 0 polarised.*2\/2\/2/);
  });
  test("nbclient executes every cell through the installed kernelspec", () => {
    runNbclient(ws, MUST_HOLD);
  });
});
