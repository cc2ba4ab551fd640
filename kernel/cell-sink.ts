// The display sink the kernel and `polarlab run` install (toolkit/display's setSink): it routes displays,
// clear_output and the process's stdout/stderr to the current cell's OutputTarget, and hands the running
// cell's AbortSignal to the toolkit (currentSignal()).
import { writeSync } from "node:fs";
import type { CommHost, DisplayOptions, DisplaySink, MimeBundle } from "../toolkit/display";
import type { OutputTarget } from "./outputs";

export class InterruptError extends Error {
  constructor(message = "the cell was interrupted") {
    super(message);
    this.name = "Interrupted";
  }
}

export class CellSink implements DisplaySink {
  private target?: OutputTarget;
  private controller = new AbortController();
  /** The kernel's comms; a headless run has none. */
  comms?: CommHost;

  constructor(readonly interactive: boolean) {}

  /** Starts a cell: its outputs go to `target` and it gets a fresh AbortSignal. */
  begin(target: OutputTarget): AbortSignal {
    this.target = target;
    this.controller = new AbortController();
    return this.controller.signal;
  }

  /** Aborts the running (or, between cells, the last) cell's signal, stopping its loops. */
  interrupt(reason: string = "the cell was interrupted"): void {
    if (!this.controller.signal.aborted) this.controller.abort(new InterruptError(reason));
  }

  display(bundle: MimeBundle, options?: DisplayOptions): void {
    this.target?.display(bundle, options);
  }

  clearOutput(wait = false): void {
    this.target?.clearOutput(wait);
  }

  signal(): AbortSignal | undefined {
    return this.controller.signal;
  }

  /** Output written after the last cell finished still goes to that cell (as in IPython). */
  stream(name: "stdout" | "stderr", text: string): void {
    if (this.target) this.target.stream(name, text);
    else writeSync(name === "stdout" ? 1 : 2, text);
  }

  /** Routes process.stdout/stderr writes (console.log included) into the cell's output. */
  captureStdio(): void {
    for (const name of ["stdout", "stderr"] as const) {
      const stream = process[name];
      stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
        this.stream(name, text);
        const done = typeof encoding === "function" ? encoding : callback;
        if (typeof done === "function") process.nextTick(done as () => void);
        return true;
      }) as typeof stream.write;
    }
  }
}
