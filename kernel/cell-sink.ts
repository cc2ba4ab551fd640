// The display sink the kernel and `polarlab run` install (toolkit/display's setSink): it routes displays,
// clear_output and the process's stdout/stderr to the latest cell's OutputTarget, keeps them in call order
// while a display still renders, and hands the cell's AbortSignal to the toolkit (currentSignal()). An
// interrupt drops the cell's later output and cancels the timers it created while running, so that its
// loops stop and print nothing into later cells.
// No AsyncLocalStorage: its promise hooks make Node abort when the inspector terminates busy code
// (kernel/interrupter.ts), so a cell is "the latest one", not the async context that printed.
import { writeSync } from "node:fs";
import type { CommHost, DisplayOptions, DisplaySink, MimeBundle } from "../toolkit/display";
import { cancelTimers, trackTimers, type TimerOwner } from "./cell-timers";
import type { OutputTarget } from "./outputs";

export class InterruptError extends Error {
  constructor(message = "the cell was interrupted") {
    super(message);
    this.name = "Interrupted";
  }
}

/** One cell's outputs: where they go, its AbortSignal, the outputs still rendering and its timers. */
export class CellOutputs implements TimerOwner {
  readonly controller = new AbortController();
  readonly timers = new Map<object, (timer: never) => void>();
  /** Running: timers it creates are tracked. Interrupted: its output is dropped. */
  running = true;
  interrupted = false;
  /** The first display that failed to render while the cell ran (the cell reports it as its error). */
  failure?: unknown;
  private tail?: Promise<void>;

  constructor(readonly target: OutputTarget) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Sends now, or after the outputs still rendering; dropped once the cell is interrupted. */
  emit(send: (target: OutputTarget) => void): void {
    if (this.interrupted) return;
    if (!this.tail) return send(this.target);
    this.queue(
      this.tail.then(() => {
        if (!this.interrupted) send(this.target);
      }),
    );
  }

  display(bundle: MimeBundle | Promise<MimeBundle>, options?: DisplayOptions): Promise<void> | void {
    if (!(bundle instanceof Promise)) return this.emit((t) => t.display(bundle, options));
    if (this.interrupted) return void bundle.catch(() => undefined);
    const rendered = bundle.then(
      (b) => b,
      (e: unknown) => this.renderFailed(e),
    );
    return this.queue(Promise.all([this.tail, rendered]).then(([, b]) => void (b && !this.interrupted && this.target.display(b, options))));
  }

  private renderFailed(e: unknown): undefined {
    if (this.running) this.failure ??= e;
    else if (!this.interrupted) this.target.stream("stderr", `display failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return undefined;
  }

  private queue(next: Promise<void>): Promise<void> {
    this.tail = next;
    void next.then(() => {
      if (this.tail === next) this.tail = undefined;
    });
    return next;
  }

  /** Resolves when every output sent so far is shown. */
  async flush(): Promise<void> {
    while (this.tail) await this.tail;
  }

  interrupt(reason: string): void {
    this.interrupted = true;
    if (!this.signal.aborted) this.controller.abort(new InterruptError(reason));
    cancelTimers(this);
  }

  /** The cell has finished: background work it left goes on, untracked. */
  finish(): void {
    this.running = false;
    this.timers.clear();
  }
}

export class CellSink implements DisplaySink {
  private current?: CellOutputs;
  /** The kernel's comms; a headless run has none. */
  comms?: CommHost;

  constructor(readonly interactive: boolean) {
    trackTimers(() => (this.current?.running && !this.current.interrupted ? this.current : undefined));
  }

  /** Starts a cell: its outputs go to `target`, it gets a fresh AbortSignal and owns the timers made while it runs. */
  begin(target: OutputTarget): CellOutputs {
    this.current = new CellOutputs(target);
    return this.current;
  }

  /** Interrupts the running (or, between cells, the last) cell: aborts its signal, stops its output and timers. */
  interrupt(reason: string = "the cell was interrupted"): void {
    this.current?.interrupt(reason);
  }

  display(bundle: MimeBundle | Promise<MimeBundle>, options?: DisplayOptions): void | Promise<void> {
    if (this.current) return this.current.display(bundle, options);
    void Promise.resolve(bundle).then((b) => writeSync(1, `${String(b["text/plain"] ?? "")}\n`), () => undefined);
  }

  clearOutput(wait = false): void {
    this.current?.emit((t) => t.clearOutput(wait));
  }

  signal(): AbortSignal | undefined {
    return this.current?.signal;
  }

  /** Output written after its cell finished still goes to that cell (as in IPython). */
  stream(name: "stdout" | "stderr", text: string): void {
    if (this.current) this.current.emit((t) => t.stream(name, text));
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
