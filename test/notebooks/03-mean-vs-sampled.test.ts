// notebooks/03-mean-vs-sampled.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec),
// with its claims checked on both datasets.
import { test } from "node:test";
import { assertClaimsPerDataset, describeSmoke } from "./harness";

// Claims about synthetic data that hold at any scale; the others rest on trained models.
const MUST_HOLD = ["mvs.theorem-6-4-2-synthetic"];

describeSmoke("03-mean-vs-sampled", MUST_HOLD, (ws) => {
  test("every claim on trained models is checked on dSprites and on colour dSprites", () => {
    assertClaimsPerDataset(ws, ["dsprites", "color-dsprites"], MUST_HOLD);
  });
});
