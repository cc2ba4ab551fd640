// display handles, clearOutput, the sink and currentSignal, and progress bars (throttling, in place vs lines).
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { inspect } from "node:util";
import { clearOutput, currentSignal, display, getSink, isDisplayHandle, progress, setSink, TerminalSink } from "../../../toolkit/display";
import { RecordingSink } from "./recording-sink";

const original = getSink();
afterEach(() => setSink(original));

describe("display", () => {
  test("display returns its handle at once and handle.update replaces under the same display id", async () => {
    const sink = new RecordingSink(true);
    setSink(sink);
    const h = display(6 * 7, { displayId: "answer" });
    assert.ok(!(h instanceof Promise), "display() returns the handle itself, not a Promise");
    assert.ok(isDisplayHandle(h));
    assert.equal(inspect(h), "DisplayHandle { id: 'answer' }");
    await h.update("updated");
    clearOutput(true);
    assert.equal(h.id, "answer");
    assert.deepEqual(sink.calls, [
      { bundle: { "text/plain": "42" }, options: { displayId: "answer" } },
      { bundle: { "text/plain": "'updated'" }, options: { displayId: "answer", update: true } },
    ]);
    assert.deepEqual(sink.clears, [true]);
    assert.throws(() => display(1, { displayId: "" }), /displayId is ""; expected a non-empty string/);
  });

  test("currentSignal is the sink's; the terminal sink has none and prints text", () => {
    const sink = new RecordingSink(true);
    setSink(sink);
    assert.equal(currentSignal(), sink.controller.signal);
    setSink(new TerminalSink());
    assert.equal(currentSignal(), undefined);
    const printed: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => (printed.push(s), true)) as typeof write;
    try {
      getSink().display({ "text/plain": "hello", "text/html": "<b>hello</b>" });
      getSink().display({ "image/png": "..." });
    } finally {
      process.stdout.write = write;
    }
    assert.deepEqual(printed, ["hello\n", "<image/png>\n"]);
    assert.throws(() => setSink({} as any), /sink lacks display, clearOutput, signal/);
  });

  test("the terminal sink prints a bundle still rendering in call order, before later ones", async () => {
    setSink(new TerminalSink());
    const printed: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: unknown) => (typeof s === "string" && printed.push(s), true)) as typeof write; // the test runner writes Buffers
    try {
      const slow = new Promise<{ "text/plain": string }>((r) => setTimeout(() => r({ "text/plain": "slow" }), 30));
      void getSink().display(slow);
      await getSink().display({ "text/plain": "fast" });
    } finally {
      process.stdout.write = write;
    }
    assert.deepEqual(printed, ["slow\n", "fast\n"]);
  });
});

describe("progress", () => {
  test("in Jupyter: at most 10 updates a second, in place under one display id, and a final state", async () => {
    const sink = new RecordingSink(true);
    setSink(sink);
    const bar = progress({ total: 1000, label: "train" });
    const start = performance.now();
    for (let step = 1; step <= 1000; step++) {
      bar.update(step, { loss: 1 / step });
      if (step % 100 === 0) await new Promise((r) => setTimeout(r, 30));
    }
    bar.done({ loss: 0.001 });
    const seconds = (performance.now() - start) / 1000;
    assert.ok(sink.calls.length <= Math.ceil(seconds * 10) + 2, `${sink.calls.length} updates in ${seconds} s`);
    assert.ok(sink.calls.length >= 3);
    const ids = new Set(sink.calls.map((c) => c.options?.displayId));
    assert.equal(ids.size, 1);
    assert.equal(sink.calls[0].options?.update, false);
    assert.ok(sink.calls.slice(1).every((c) => c.options?.update === true));
    const last = sink.calls[sink.calls.length - 1].bundle["text/plain"] as string;
    assert.match(last, /^train \[#{30}\] 1000\/1000 100% [\d.]+ it\/s in [\d.]+s loss=0\.001000$/);
  });

  test("without a live front end: at most one emission a second, later ones updates of the first; bad totals are rejected", () => {
    const sink = new RecordingSink(false);
    setSink(sink);
    const bar = progress({ label: "sweep" });
    bar.update(5);
    bar.update(6);
    bar.done();
    assert.equal(sink.calls.length, 2, "the second update falls inside the 1 s throttle of plain lines");
    assert.deepEqual(sink.calls.map((c) => c.options?.update), [false, true], "a saved notebook keeps one output per bar");
    assert.match(sink.calls[1].bundle["text/plain"] as string, /^sweep step 6 /);
    assert.throws(() => progress({ total: -1 }), /total is -1; expected a finite number >= 0/);
  });
});
