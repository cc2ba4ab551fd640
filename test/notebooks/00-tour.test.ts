// notebooks/00-tour.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec).
import { after, describe, test } from "node:test";
import * as fs from "node:fs";
import { runHeadless, runNbclient, workspace } from "./harness";

// CKA's invariance is a property of the metric, at any scale; the polarised-regime claim needs a trained model.
const MUST_HOLD = ["tour.cka-rotation-invariance"];

describe("notebook 00-tour (smoke scale)", () => {
  const ws = workspace("00-tour");
  after(() => fs.rmSync(ws.dir, { recursive: true, force: true }));
  test("polarlab run executes every cell without error", () => {
    runHeadless(ws, MUST_HOLD);
  });
  test("nbclient executes every cell through the installed kernelspec", () => {
    runNbclient(ws, MUST_HOLD);
  });
});
