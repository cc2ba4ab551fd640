// The public conformance suite jupyter_kernel_test (Debian's 0.4.5), subclassed in conformance.py with every
// sample attribute filled, run with the real jupyter_client against the kernelspec `polarlab install` wrote.
import assert from "node:assert/strict";
import { test } from "node:test";
import { installTemporaryKernelspec, python } from "./python";

test("jupyter_kernel_test: every test runs and passes, none skipped", () => {
  const spec = installTemporaryKernelspec();
  try {
    const r = python(["-m", "unittest", "-v", "conformance"], { env: { JUPYTER_PATH: spec.jupyterPath } });
    const summary = r.stderr.split("\n").slice(-4).join("\n");
    assert.equal(r.status, 0, `unittest failed:\n${r.stderr.slice(-4000)}`);
    assert.match(r.stderr, /Ran 12 tests/, summary);
    assert.doesNotMatch(r.stderr, /skipped/i, "no test of the suite may be skipped");
    for (const name of ["kernel_info", "execute_stdout", "execute_stderr", "completion", "is_complete", "error", "execute_result", "display_data", "history", "inspect", "clear_output", "pager"]) {
      assert.match(r.stderr, new RegExp(`test_${name} .*\\.\\.\\. ok`), `test_${name} did not pass`);
    }
  } finally {
    spec.cleanup();
  }
});
