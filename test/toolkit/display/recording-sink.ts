// A DisplaySink that records every call, for the display tests.
import type { DisplayOptions, DisplaySink, MimeBundle } from "../../../toolkit/display";

export class RecordingSink implements DisplaySink {
  readonly calls: { bundle: MimeBundle; options?: DisplayOptions }[] = [];
  clears: boolean[] = [];
  readonly controller = new AbortController();
  constructor(readonly interactive: boolean) {}
  display(bundle: MimeBundle, options?: DisplayOptions): void {
    this.calls.push({ bundle, options });
  }
  clearOutput(wait?: boolean): void {
    this.clears.push(wait === true);
  }
  signal(): AbortSignal {
    return this.controller.signal;
  }
}
