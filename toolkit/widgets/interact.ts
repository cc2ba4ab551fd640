// interact(fn, controls): ipywidgets' interact for TypeScript. The controls above an Output widget in a
// VBox; fn runs once now and again whenever a control's value changes, with the values by name, and what it
// returns (a chart, a table, text) is shown in the output in place of the previous result.
import { display } from "../display/display";
import { Dropdown, VBox, ValueWidget } from "./controls";
import { Output } from "./output";
import type { Widget } from "./widget";

type Control = ValueWidget<any> | Dropdown<any>;
export type Values<C extends Record<string, Control>> = { [K in keyof C]: C[K]["value"] };

export interface Interactive<C extends Record<string, Control>> extends VBox {
  readonly controls: C;
  readonly output: Output;
}

/**
 * `await interact(({ beta }) => chartFor(beta), { beta: new FloatSlider({ min: 0.1, max: 10, value: 1 }) })`
 * returns the VBox (show it as the cell's result); fn may be async.
 */
export async function interact<C extends Record<string, Control>>(fn: (values: Values<C>) => unknown, controls: C): Promise<Interactive<C>> {
  if (typeof fn !== "function") throw new TypeError(`interact(fn, controls): fn is ${typeof fn}; expected a function of the controls' values`);
  const entries = Object.entries(controls ?? {});
  if (entries.length === 0 || !entries.every(([, c]) => c instanceof ValueWidget || c instanceof Dropdown)) {
    throw new TypeError(`interact(fn, controls): expected an object of named controls (IntSlider, FloatSlider, Dropdown, Checkbox), got ${JSON.stringify(Object.keys(controls ?? {}))}`);
  }
  const output = new Output();
  const values = (): Values<C> => Object.fromEntries(entries.map(([k, c]) => [k, c.value])) as Values<C>;
  const run = () =>
    output.capture(async () => {
      const result = await fn(values());
      if (result !== undefined) await display(result);
    }, { clear: true });
  for (const [, c] of entries) {
    if (c instanceof Dropdown) c.onChange(run);
    else c.observe("value", run);
  }
  const box = new VBox([...entries.map(([, c]) => c as Widget), output]) as Interactive<C>;
  Object.assign(box, { controls, output });
  await run();
  return box;
}
