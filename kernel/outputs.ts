// Where a cell's outputs go: Jupyter messages on iopub (kernel/kernel-session.ts) or the outputs array of a
// notebook cell (kernel/notebook-outputs.ts, for `polarlab run`). The same cell pipeline feeds both.
import type { DisplayOptions, MimeBundle } from "../toolkit/display";
import type { CellError } from "./executor";

export interface OutputTarget {
  stream(name: "stdout" | "stderr", text: string): void;
  display(bundle: MimeBundle, options?: DisplayOptions): void;
  clearOutput(wait: boolean): void;
  executeResult(bundle: MimeBundle, executionCount: number | null): void;
  error(error: CellError): void;
}

/** Splits a bundle's metadata out: Jupyter keeps per-MIME metadata beside the data. */
export function displayContent(bundle: MimeBundle, options: DisplayOptions = {}): { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> } {
  return {
    data: bundle,
    metadata: options.metadata ?? {},
    transient: options.displayId ? { display_id: options.displayId } : {},
  };
}
