// Where a cell's outputs go: Jupyter messages on iopub (kernel/kernel-session.ts) or the outputs array of a
// notebook cell (kernel/notebook-outputs.ts, for `polarlab run`). The same cell pipeline feeds both.
import { bundleMetadata, type DisplayOptions, type MimeBundle } from "../toolkit/display/protocol";
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
    metadata: outputMetadata(bundle, options.metadata),
    transient: options.displayId ? { display_id: options.displayId } : {},
  };
}

/** The metadata of an output: the bundle's own (toolkit/display's BUNDLE_METADATA), then the caller's. */
export function outputMetadata(bundle: MimeBundle, given: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...bundleMetadata(bundle), ...given };
}
