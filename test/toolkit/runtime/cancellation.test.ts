// Cancellation lives below display: the metrics load without toolkit/display, and the signal a long loop finds
// (currentSignal, the metrics' loopSignal) is the installed sink's, none with the terminal sink.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { setSink, TerminalSink, type DisplaySink } from "../../../toolkit/display";
import { loopSignal } from "../../../toolkit/metrics/abort";
import { currentSignal } from "../../../toolkit/runtime/cancellation";

describe("currentSignal", () => {
  test("follows the installed sink; an explicit signal wins", () => {
    const controller = new AbortController();
    const sink: DisplaySink = { interactive: true, display() {}, clearOutput() {}, signal: () => controller.signal };
    assert.equal(currentSignal(), undefined);
    setSink(sink);
    assert.equal(currentSignal(), controller.signal);
    assert.equal(loopSignal(undefined), controller.signal);
    const own = new AbortController().signal;
    assert.equal(loopSignal(own), own);
    setSink(new TerminalSink());
    assert.equal(currentSignal(), undefined);
  });

  test("toolkit/metrics does not load toolkit/display", () => {
    const metrics = path.resolve(__dirname, "../../../toolkit/metrics");
    const script = `require(${JSON.stringify(metrics)}); console.log(Object.keys(require.cache).filter((f) => f.includes("/toolkit/display/")).join(","))`;
    const out = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, POLARLAB_QUIET: "1" } });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout.trim(), "", "display modules loaded by the metrics");
  });
});
