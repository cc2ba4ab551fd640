// notebooks/07-decomposition.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec).
// Nothing must hold at smoke scale: the image models do not learn in a few dozen steps and the seed-based claims
// need ≥ 3 seeds; the pinwheel models do learn, but one α × β cell pair's MMD margin over its null level is too
// small at this size to require. The claims are checked for validity and sources.
import { after, describe, test } from "node:test";
import * as fs from "node:fs";
import { runHeadless, runNbclient, workspace } from "./harness";

const MUST_HOLD: string[] = [];

describe("notebook 07-decomposition (smoke scale)", () => {
  const ws = workspace("07-decomposition");
  after(() => fs.rmSync(ws.dir, { recursive: true, force: true }));
  test("polarlab run executes every cell without error", () => {
    runHeadless(ws, MUST_HOLD);
  });
  test("nbclient executes every cell through the installed kernelspec", () => {
    runNbclient(ws, MUST_HOLD);
  });
});
