// display(value) shows a value through the installed sink and returns, at once, a handle whose update()
// replaces it in place (update_display_data in Jupyter; printed again in a terminal). Rendering (a chart's
// SVG) finishes in the background; the sink keeps outputs in call order. clearOutput() clears the cell.
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { formatBundle } from "./format";
import { getSink } from "./sink";

export interface DisplayHandle {
  readonly id: string;
  /** Replaces the displayed output in place; resolves once the new output is shown. */
  update(value: unknown): Promise<void>;
}

class Handle implements DisplayHandle {
  constructor(readonly id: string) {}

  async update(next: unknown): Promise<void> {
    await getSink().display(formatBundle(next), { displayId: this.id, update: true });
  }

  [inspect.custom](): string {
    return `DisplayHandle { id: '${this.id}' }`;
  }
}

/** True for the handles display() returns (a cell whose value is one shows no result, as in IPython). */
export function isDisplayHandle(value: unknown): value is DisplayHandle {
  return value instanceof Handle;
}

/** Shows `value` (formatted by formatBundle). options.displayId names the output so that it can be updated. */
export function display(value: unknown, options: { displayId?: string } = {}): DisplayHandle {
  if (options.displayId !== undefined && (typeof options.displayId !== "string" || options.displayId === "")) {
    throw new TypeError(`display(value, { displayId }): displayId is ${JSON.stringify(options.displayId)}; expected a non-empty string`);
  }
  const handle = new Handle(options.displayId ?? newDisplayId());
  void getSink().display(formatBundle(value), { displayId: handle.id });
  return handle;
}

/** Clears the cell's output; wait = true clears only when the next output arrives (no flicker). */
export function clearOutput(wait = false): void {
  getSink().clearOutput(wait);
}

export function newDisplayId(): string {
  return randomBytes(8).toString("hex");
}
