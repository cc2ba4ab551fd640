// nbclient, the Jupyter client behind nbconvert --execute and papermill, runs a notebook through the
// kernelspec that `polarlab install --prefix` wrote (JUPYTER_PATH points there).
import assert from "node:assert/strict";
import { test } from "node:test";
import { installTemporaryKernelspec, python } from "./python";

test("nbclient executes a notebook through the installed kernelspec", () => {
  const spec = installTemporaryKernelspec();
  try {
    const r = python(["execute_notebook.py"], { env: { JUPYTER_PATH: spec.jupyterPath } });
    assert.equal(r.status, 0, `nbclient failed:\n${r.stderr.slice(-4000)}`);
    const nb = JSON.parse(r.stdout);
    const outputs = nb.cells.map((c: any) => c.outputs);
    assert.deepEqual(outputs[0], [{ output_type: "stream", name: "stdout", text: "sum 55\n" }]);
    assert.equal(outputs[1][0].output_type, "execute_result");
    assert.equal(outputs[1][0].data["text/plain"], "110");
    assert.equal(outputs[2][0].output_type, "display_data");
    assert.match(outputs[2][0].data["text/html"], /<table/);
    assert.equal(outputs[3][0].data["text/plain"], "'function'");
    assert.equal(nb.metadata.language_info.name, "typescript");
  } finally {
    spec.cleanup();
  }
});
