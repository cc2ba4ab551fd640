// notebooks/01-vgon-collapse.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec),
// with its claims checked on both datasets.
import { after, describe, test } from "node:test";
import * as fs from "node:fs";
import { assertClaimsPerDataset, runHeadless, runNbclient, workspace } from "./harness";

describe("notebook 01-vgon-collapse (smoke scale)", () => {
  const ws = workspace("01-vgon-collapse");
  after(() => fs.rmSync(ws.dir, { recursive: true, force: true }));
  test("polarlab run executes every cell without error", () => {
    runHeadless(ws);
  });
  test("nbclient executes every cell through the installed kernelspec", () => {
    runNbclient(ws);
  });
  test("every claim is checked on dSprites and on MNIST", () => {
    assertClaimsPerDataset(ws, ["dsprites", "mnist"]);
  });
});
