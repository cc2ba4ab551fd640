// notebooks/06-pca-directions.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec).
// Must hold at smoke scale: on the non-linear unit-square task (R² → R⁶, a few hundred steps) the β-VAE's
// decoder Jacobian is closer to orthogonal than the same decoder untrained (Table 2's random decoder). The
// dSprites claims rest on models that have not learned at smoke scale and are only checked for validity.
import { after, describe, test } from "node:test";
import * as fs from "node:fs";
import { runHeadless, runNbclient, workspace } from "./harness";

const MUST_HOLD = ["pca.synthnonlinear.dto-below-random"];

describe("notebook 06-pca-directions (smoke scale)", () => {
  const ws = workspace("06-pca-directions");
  after(() => fs.rmSync(ws.dir, { recursive: true, force: true }));
  test("polarlab run executes every cell without error", () => {
    runHeadless(ws, MUST_HOLD);
  });
  test("nbclient executes every cell through the installed kernelspec", () => {
    runNbclient(ws, MUST_HOLD);
  });
});
