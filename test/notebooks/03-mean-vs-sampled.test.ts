// notebooks/03-mean-vs-sampled.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec),
// with its claims checked on both datasets.
import { after, describe, test } from "node:test";
import * as fs from "node:fs";
import { assertClaimsPerDataset, runHeadless, runNbclient, workspace } from "./harness";

// Claims about synthetic data that hold at any scale; the others rest on trained models.
const MUST_HOLD = ["mvs.theorem-6-4-2-synthetic"];

describe("notebook 03-mean-vs-sampled (smoke scale)", () => {
  const ws = workspace("03-mean-vs-sampled");
  after(() => fs.rmSync(ws.dir, { recursive: true, force: true }));
  test("polarlab run executes every cell without error", () => {
    runHeadless(ws, MUST_HOLD);
  });
  test("nbclient executes every cell through the installed kernelspec", () => {
    runNbclient(ws, MUST_HOLD);
  });
  test("every claim on trained models is checked on dSprites and on colour dSprites", () => {
    assertClaimsPerDataset(ws, ["dsprites", "color-dsprites"], MUST_HOLD);
  });
});
