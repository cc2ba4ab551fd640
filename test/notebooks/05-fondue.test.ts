// notebooks/05-fondue.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec).
// Must hold at smoke scale: the intrinsic dimension of the synthetic linear-Gaussian data (3 informative
// directions) recovered by the Levina–Bickel MLE, over 3 subsample seeds. The other claims rest on
// trained models (or need ≥ 3 seeds) and are only checked for validity and sources here.
import { after, describe, test } from "node:test";
import * as fs from "node:fs";
import { runHeadless, runNbclient, workspace } from "./harness";

const MUST_HOLD = ["fondue.id-known"];

describe("notebook 05-fondue (smoke scale)", () => {
  const ws = workspace("05-fondue");
  after(() => fs.rmSync(ws.dir, { recursive: true, force: true }));
  test("polarlab run executes every cell without error", () => {
    runHeadless(ws, MUST_HOLD);
  });
  test("nbclient executes every cell through the installed kernelspec", () => {
    runNbclient(ws, MUST_HOLD);
  });
});
