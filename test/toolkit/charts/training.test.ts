// Training curves from history rows, and the live chart updating one output in place through
// toolkit/display's display() / DisplayHandle.update with a recording sink.
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { liveTrainingChart, trainingCurves } from "../../../toolkit/charts/training";
import { getSink, setSink, type DisplaySink, type MimeBundle, type DisplayOptions } from "../../../toolkit/display";
import { VEGALITE_MIME } from "../../../toolkit/display/vegalite";
import { assertRenders, unit } from "./helpers";

const history = Array.from({ length: 30 }, (_, step) => ({ step: step * 10, loss: 200 / (step + 1) + 5, reconstruction: 180 / (step + 1), kl: 5 + step / 30, kl_0: 1, kl_1: 2 }));

describe("trainingCurves", () => {
  test("one panel per term; per-dimension kl_i columns left out by default", async () => {
    const chart = trainingCurves(history);
    const spec: any = chart.spec;
    assert.deepEqual(spec.facet.sort, ["loss", "reconstruction", "kl"]);
    assert.equal(spec.data.values.length, 90);
    assert.deepEqual(spec.resolve.scale, { y: "independent" });
    const line = unit(spec, "line");
    assert.deepEqual(line.encoding.x, { field: "step", type: "quantitative", title: "training step" });
    await assertRenders(chart, ["line"]);
  });

  test("overlay layout, chosen terms, log axis; bad input is named", async () => {
    const chart = trainingCurves(history, { terms: ["kl_0", "kl_1"], layout: "overlay", logY: true });
    const line = unit(chart.spec, "line");
    assert.deepEqual(line.encoding.y.scale, { type: "log" });
    assert.deepEqual(line.encoding.color.scale.domain, ["kl_0", "kl_1"]);
    await assertRenders(chart, ["line"]);
    assert.throws(() => trainingCurves([{ step: 0, loss: 1 }, { step: 1, loss: NaN }]), /history\[1\].loss: expected a finite number/);
    assert.throws(() => trainingCurves([{ step: 0, loss: 0 }], { logY: true }), /options.logY/);
    assert.throws(() => trainingCurves([{ step: 0, tag: "x" }]), /no numeric term columns/);
  });
});

class RecordingSink implements DisplaySink {
  readonly interactive = true;
  readonly calls: { bundle: MimeBundle; options?: DisplayOptions }[] = [];
  async display(bundle: MimeBundle | Promise<MimeBundle>, options?: DisplayOptions): Promise<void> {
    const call = { bundle: {} as MimeBundle, options };
    this.calls.push(call);
    call.bundle = await bundle;
  }
  clearOutput(): void {}
  signal(): AbortSignal | undefined {
    return undefined;
  }
}

describe("liveTrainingChart", () => {
  test("shows once, then updates the same display in place, at most every minIntervalMs", async () => {
    const previous = getSink();
    const sink = new RecordingSink();
    setSink(sink);
    try {
      const live = liveTrainingChart({ minIntervalMs: 60_000 });
      await live.push(history[0]);
      await live.push(history[1]); // within the interval: no redraw yet
      assert.equal(sink.calls.length, 1);
      await live.flush();
      await live.flush(); // nothing new: no redraw
      assert.equal(sink.calls.length, 2);
      const [first, second] = sink.calls;
      assert.ok(first.options?.displayId);
      assert.ok(!first.options?.update);
      assert.equal(second.options?.displayId, first.options?.displayId);
      assert.equal(second.options?.update, true);
      const spec: any = second.bundle[VEGALITE_MIME];
      assert.equal(spec.data.values.filter((v: any) => v.term === "loss").length, 2);
      assert.equal(Buffer.from(String(second.bundle["image/png"]), "base64").subarray(1, 4).toString(), "PNG");
    } finally {
      setSink(previous);
    }
  });

  test("keeps at most maxRows rows by thinning the oldest half", async () => {
    const shown: unknown[] = [];
    const live = liveTrainingChart({ maxRows: 10, minIntervalMs: 60_000, show: async (v) => (shown.push(v), { id: "x", update: async (u) => void shown.push(u) }) });
    for (const row of history.slice(0, 11)) await live.push(row);
    // 11 rows > 10: the oldest 5 (steps 0..40) keep every other one; the newest 6 stay whole.
    assert.deepEqual(live.rows.map((r) => r.step), [0, 20, 40, 50, 60, 70, 80, 90, 100]);
    assert.equal(shown.length, 1);
  });
});
