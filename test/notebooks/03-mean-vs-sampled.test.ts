// notebooks/03-mean-vs-sampled.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec).
import { after, describe, test } from "node:test";
import * as fs from "node:fs";
import { runHeadless, runNbclient, workspace } from "./harness";

describe("notebook 03-mean-vs-sampled (smoke scale)", () => {
  const ws = workspace("03-mean-vs-sampled");
  after(() => fs.rmSync(ws.dir, { recursive: true, force: true }));
  test("polarlab run executes every cell without error", () => {
    runHeadless(ws);
  });
  test("nbclient executes every cell through the installed kernelspec", () => {
    runNbclient(ws);
  });
});
