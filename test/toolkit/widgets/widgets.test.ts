// Widgets without a front end (a headless run): they work as values, display as text, validate their
// options with errors that name them, and interact() shows fn's result in the cell.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DISPLAY, getSink, setSink } from "../../../toolkit/display";
import { Button, Checkbox, Dropdown, FloatSlider, IntSlider, interact, VBox } from "../../../toolkit/widgets";
import { RecordingSink } from "../display/recording-sink";

describe("widgets in a headless run", () => {
  test("a slider is a detached value that displays as text and clamps kernel-side values", async () => {
    const s = new IntSlider({ value: 3, min: 0, max: 10, description: "n" });
    assert.equal(s.comm.attached, false);
    assert.deepEqual(s[DISPLAY](), { "text/plain": 'IntSlider(value=3, min=0, max=10, step=1, description="n")' });
    const seen: number[] = [];
    s.observe<number>("value", (v) => {
      seen.push(v);
    });
    await s.set({ value: 12.6 });
    await s.set({ value: 4.4 });
    assert.deepEqual(seen, [10, 4]);
    await assert.rejects(s.set({ value: Number.NaN }), /IntSlider.value is NaN; expected a finite number/);
  });

  test("bad options are named", () => {
    assert.throws(() => new FloatSlider({ min: 2, max: 1 }), /FloatSlider\(\{ min, max \}\): min 2 > max 1/);
    assert.throws(() => new FloatSlider({ step: 0 }), /step is 0; expected a number > 0/);
    assert.throws(() => new Dropdown({ options: [] }), /Dropdown\(\{ options \}\): options is \[\]/);
    assert.throws(() => new Dropdown({ options: ["a"], value: "b" }), /value "b" is not one of the options/);
    assert.throws(() => new Checkbox({ value: "yes" as any }), /Checkbox\(\{ value \}\): value is "yes"; expected true or false/);
    assert.throws(() => new Button().onClick(3 as any), /handler is number; expected a function/);
  });

  test("Dropdown maps the synced index to its option's value", async () => {
    const d = new Dropdown({ options: [["β = 1", 1], ["β = 4", 4]] as const, value: 4 });
    assert.deepEqual([d.index, d.value, d.label], [1, 4, "β = 4"]);
    const got: number[] = [];
    d.onChange((v) => {
      got.push(v);
    });
    await d.set({ index: 0 });
    assert.deepEqual(got, [1]);
  });

  test("interact shows fn's result for the controls' values; a move shows it again", async () => {
    const previous = getSink();
    const sink = new RecordingSink(false);
    setSink(sink);
    try {
      const beta = new FloatSlider({ value: 2 });
      const ui = await interact(({ beta }) => `kl ${beta * 3}`, { beta });
      assert.ok(ui instanceof VBox);
      await beta.set({ value: 4 });
      assert.deepEqual(sink.calls.map((c) => c.bundle["text/plain"]), ["'kl 6'", "'kl 12'"]);
      await assert.rejects(interact(() => 1, {} as any), /expected an object of named controls/);
    } finally {
      setSink(previous);
    }
  });
});
