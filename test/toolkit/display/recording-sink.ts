// A DisplaySink that records every call, for the display tests.
import type { DisplayOptions, DisplaySink, MimeBundle } from "../../../toolkit/display";

export class RecordingSink implements DisplaySink {
  readonly calls: { bundle: MimeBundle; options?: DisplayOptions }[] = [];
  clears: boolean[] = [];
  readonly controller = new AbortController();
  constructor(readonly interactive: boolean) {}
  /** Records the call at once; a bundle still rendering is filled in when ready. */
  display(bundle: MimeBundle | Promise<MimeBundle>, options?: DisplayOptions): void | Promise<void> {
    const call = { bundle: bundle as MimeBundle, options };
    this.calls.push(call);
    if (bundle instanceof Promise) {
      return bundle.then((b) => {
        call.bundle = b;
      });
    }
  }
  clearOutput(wait?: boolean): void {
    this.clears.push(wait === true);
  }
  signal(): AbortSignal {
    return this.controller.signal;
  }
}
