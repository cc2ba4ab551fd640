// The display sink in use: the kernel installs one that speaks Jupyter messaging (kernel/cell-sink.ts); anywhere else
// the terminal sink prints the text/plain of each bundle (docs/architecture.md, "Modules and what they may touch").
import type { DisplayOptions, DisplaySink, MimeBundle } from "./protocol";
import { setSignalSource } from "../runtime/cancellation";

/**
 * Prints bundles as plain text on stdout; updates print again (a terminal cannot replace a line block).
 * A bundle still rendering is printed when ready, after those before it; a failure goes to stderr.
 */
export class TerminalSink implements DisplaySink {
  readonly interactive = false;
  private rendering?: Promise<void>;

  display(bundle: MimeBundle | Promise<MimeBundle>, _options?: DisplayOptions): void | Promise<void> {
    const print = (b: MimeBundle) => void process.stdout.write(plainText(b) + "\n");
    if (!(bundle instanceof Promise) && !this.rendering) return print(bundle);
    const shown = Promise.all([this.rendering, bundle]).then(
      ([, b]) => print(b),
      (e: unknown) => void process.stderr.write(`display failed: ${e instanceof Error ? e.message : String(e)}\n`),
    );
    this.rendering = shown;
    void shown.then(() => {
      if (this.rendering === shown) this.rendering = undefined;
    });
    return shown;
  }
  clearOutput(_wait?: boolean): void {
    // Nothing to clear in a scrolling terminal.
  }
  signal(): AbortSignal | undefined {
    return undefined;
  }
}

/** The text a non-rich front end shows for a bundle: text/plain, else a note naming the MIME types. */
export function plainText(bundle: MimeBundle): string {
  const text = bundle["text/plain"];
  if (typeof text === "string") return text;
  return `<${Object.keys(bundle).join(", ") || "empty bundle"}>`;
}

let sink: DisplaySink = new TerminalSink();

/** Installs the sink every display, progress bar and clearOutput goes through. */
export function setSink(next: DisplaySink): void {
  const missing = ["display", "clearOutput", "signal"].filter((k) => typeof (next as any)?.[k] !== "function");
  if (missing.length > 0) {
    throw new TypeError(`setSink(sink): sink lacks ${missing.join(", ")}; expected a DisplaySink (toolkit/display/protocol.ts)`);
  }
  sink = next;
  setSignalSource(() => next.signal());
}

export function getSink(): DisplaySink {
  return sink;
}
