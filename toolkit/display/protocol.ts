// The display protocol shared by the toolkit and every front end
// (docs/architecture.md, "Modules and what they may touch"). An object displays itself by returning a MIME bundle
// from [Symbol.for("Jupyter.display")]() (Deno's convention); live output goes through the DisplaySink that the
// kernel installs at start.
import type { CommHost } from "./comm";

/** The symbol an object implements to return its own MIME bundle. */
export const DISPLAY: unique symbol = Symbol.for("Jupyter.display") as any;

/** A Jupyter MIME bundle: MIME type → data (strings, or JSON objects for +json types). */
export type MimeBundle = Record<string, unknown>;

/**
 * Per-MIME metadata a bundle carries for the front end, e.g. {"image/png": {width, height}} to show a
 * 2x PNG at its CSS size. It sits under a symbol key, so it is never taken for a MIME type and JSON drops it.
 */
export const BUNDLE_METADATA: unique symbol = Symbol.for("Jupyter.display.metadata") as any;

/** The metadata attached to `bundle` under BUNDLE_METADATA ({} when none). */
export function bundleMetadata(bundle: MimeBundle): Record<string, unknown> {
  const meta = (bundle as { [BUNDLE_METADATA]?: Record<string, unknown> })[BUNDLE_METADATA];
  return meta !== null && typeof meta === "object" ? meta : {};
}

/** Rendering may be asynchronous (Vega renders SVG asynchronously), so a Promise is allowed too. */
export interface Displayable {
  [DISPLAY](): MimeBundle | Promise<MimeBundle>;
}

export function isDisplayable(value: unknown): value is Displayable {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as any)[DISPLAY] === "function"
  );
}

/** Options of one display call. A displayId makes the output updatable in place. */
export interface DisplayOptions {
  displayId?: string;
  /** true: replace the output that holds displayId (update_display_data) instead of adding one. */
  update?: boolean;
  metadata?: Record<string, unknown>;
}

/**
 * Where live output goes. The kernel installs one that speaks Jupyter messaging; the default prints
 * plain text to the terminal. `interactive` says whether in-place updates are shown as such.
 */
export interface DisplaySink {
  readonly interactive: boolean;
  /**
   * Shows a bundle, or one still rendering (a Promise): outputs keep their call order, so output sent
   * after it waits until it is shown. Resolves once shown; a bundle that fails to render is reported by
   * the sink (never a rejection).
   */
  display(bundle: MimeBundle | Promise<MimeBundle>, options?: DisplayOptions): void | Promise<void>;
  clearOutput(wait?: boolean): void;
  /** The AbortSignal of the running cell (or of the whole process outside a kernel). */
  signal(): AbortSignal | undefined;
  /** Comms to the front end (toolkit/display/comm.ts); absent where no front end listens. */
  readonly comms?: CommHost;
}
