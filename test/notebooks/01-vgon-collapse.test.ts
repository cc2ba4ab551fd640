// notebooks/01-vgon-collapse.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec),
// with its claims checked on both datasets.
import { test } from "node:test";
import { assertClaimsPerDataset, describeSmoke } from "./harness";

describeSmoke("01-vgon-collapse", [], (ws) => {
  test("every claim is checked on dSprites and on MNIST", () => {
    assertClaimsPerDataset(ws, ["dsprites", "mnist"]);
  });
});
