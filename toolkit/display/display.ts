// display(value) shows a value now through the installed sink and returns a handle whose update() replaces
// it in place (update_display_data in Jupyter; printed again in a terminal). clearOutput() clears the cell.
import { randomBytes } from "node:crypto";
import { formatBundle } from "./format";
import { getSink } from "./sink";

export interface DisplayHandle {
  readonly id: string;
  update(value: unknown): Promise<void>;
}

/** Shows `value` (formatted by formatBundle). options.displayId names the output so that it can be updated. */
export async function display(value: unknown, options: { displayId?: string } = {}): Promise<DisplayHandle> {
  if (options.displayId !== undefined && (typeof options.displayId !== "string" || options.displayId === "")) {
    throw new TypeError(`display(value, { displayId }): displayId is ${JSON.stringify(options.displayId)}; expected a non-empty string`);
  }
  const id = options.displayId ?? newDisplayId();
  getSink().display(await formatBundle(value), { displayId: id });
  return {
    id,
    async update(next: unknown): Promise<void> {
      getSink().display(await formatBundle(next), { displayId: id, update: true });
    },
  };
}

/** Clears the cell's output; wait = true clears only when the next output arrives (no flicker). */
export function clearOutput(wait = false): void {
  getSink().clearOutput(wait);
}

export function newDisplayId(): string {
  return randomBytes(8).toString("hex");
}
