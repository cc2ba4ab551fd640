// The kernel's request handlers on the main thread (messaging spec 5.3): execute (busy/idle, execute_input,
// execute_result, error, execution counts, silent and store_history), complete, inspect, is_complete,
// history, comm_info, shutdown and stdin input for prompt(). Requests run one at a time in arrival order;
// after a failed cell with stop_on_error, the execute requests already queued are answered "aborted" (as
// ipykernel does, for "Run All"); a request that arrives later runs normally.
import { writeSync } from "node:fs";
import type { DisplayOptions, MimeBundle } from "../toolkit/display";
import type { ProtocolBridge } from "./bridge";
import { CellRunner } from "./cell-runner";
import { registerWidgetTargets } from "../toolkit/widgets/targets";
import { CommManager } from "./comm-manager";
import type { ConnectionInfo } from "./connection";
import type { CellError, CellOutcome } from "./executor";
import { completeness, toCellError } from "./executor";
import { backendText, setSessionServices } from "./helpers";
import { History } from "./history";
import { displayContent, outputMetadata, type OutputTarget } from "./outputs";
import type { Channel } from "./protocol-thread";
import { BANNER, kernelInfoContent } from "./kernel-info";
import type { Header, Message } from "./wire";

/** How long the kernel waits for a first cell before it runs the prelude on its own. */
const PRELUDE_IDLE_MS = 300;

function log(text: string): void {
  writeSync(2, `[polarlab kernel] ${text}\n`);
}

/** Publishes a cell's outputs on iopub, as children of its execute_request; onResult sees the result. */
class IopubTarget implements OutputTarget {
  constructor(
    private readonly bridge: ProtocolBridge,
    private readonly parent: Header,
    private readonly onResult?: (bundle: MimeBundle) => void,
  ) {}
  stream(name: "stdout" | "stderr", text: string): void {
    this.bridge.publish("stream", { name, text }, this.parent);
  }
  display(bundle: MimeBundle, options?: DisplayOptions): void {
    const type = options?.update ? "update_display_data" : "display_data";
    this.bridge.publish(type, displayContent(bundle, options), this.parent);
  }
  clearOutput(wait: boolean): void {
    this.bridge.publish("clear_output", { wait }, this.parent);
  }
  executeResult(bundle: MimeBundle, count: number | null): void {
    this.onResult?.(bundle);
    this.bridge.publish("execute_result", { execution_count: count, data: bundle, metadata: outputMetadata(bundle) }, this.parent);
  }
  error(error: CellError): void {
    this.bridge.publish("error", { ...error }, this.parent);
  }
}

/** The first cell after an interrupt sent while the kernel was starting or loading the prelude: it does not run. */
function interruptedAtStart(target: OutputTarget): CellOutcome {
  const evalue = "interrupted while the kernel was starting; the cell did not run";
  const error = { ename: "Interrupted", evalue, traceback: [`Interrupted: ${evalue}`] };
  target.error(error);
  return { status: "error", error, interrupted: true };
}

export class KernelSession {
  private readonly runner: CellRunner;
  private readonly history = new History();
  private readonly comms: CommManager;
  private executionCount = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Requests are numbered as they arrive; execute requests numbered up to abortThrough are aborted. */
  private received = 0;
  private abortThrough = 0;
  private current?: { request: Message; payload: Record<string, unknown>[] };
  private idleTimer?: NodeJS.Timeout;
  private preludeQueued = false;
  private pendingInput?: { resolve(v: string): void; reject(e: Error): void };
  /**
   * Before the first cell and while the prelude runs on its own: an interrupt then stays pending and
   * applies to the next cell (the prelude cannot be cut, or the toolkit names would be missing).
   */
  private deferInterrupts = true;

  /** `bridge`: the protocol thread, started before this module (and the toolkit) loaded. */
  constructor(private readonly bridge: ProtocolBridge) {
    bridge.listen({
      request: (channel, msg) => this.enqueue(channel, msg),
      interrupt: () => this.interrupt(),
      shutdown: () => void this.shutdown(),
    });
    this.runner = new CellRunner({
      rootDir: process.cwd(),
      interactive: true,
      hooks: this.bridge.interrupts,
    });
    this.comms = new CommManager(this.bridge);
    this.runner.sink.comms = this.comms;
    registerWidgetTargets(this.comms);
    setSessionServices({ input: (p, pw) => this.input(p, pw), page: (b) => this.current?.payload.push({ source: "page", data: b, start: 0 }) });
    process.on("SIGINT", () => this.interrupt());
  }

  /**
   * Binds the sockets (kernel_info is answered from then on). The prelude runs after the first cell, or
   * once the kernel has been idle for PRELUDE_IDLE_MS, or as soon as a request needs it (kernel/cell-runner.ts).
   */
  async start(): Promise<void> {
    await this.bridge.ready;
    void this.runner.preludeLoaded.then((result) => {
      if (!result.ok) log(`prelude failed (cells still run, without the toolkit names): ${result.error}`);
      this.bridge.setKernelInfo(kernelInfoContent(`${BANNER}\n${backendText()}`));
    });
    this.idleTimer = setTimeout(() => this.loadPrelude(), PRELUDE_IDLE_MS);
  }

  /** Queues the prelude (once) behind the requests already waiting. */
  private loadPrelude(): void {
    clearTimeout(this.idleTimer);
    if (this.preludeQueued) return;
    this.preludeQueued = true;
    this.queue = this.queue
      .then(async () => {
        this.deferInterrupts = true;
        await this.runner.prelude();
        this.deferInterrupts = false;
      })
      .catch((e) => log(`prelude failed: ${(e as Error).stack ?? e}`));
  }

  private enqueue(channel: Channel, msg: Message): void {
    if (channel === "stdin") return this.onInput(msg);
    const seq = ++this.received;
    this.queue = this.queue.then(() => this.handle(channel, msg, seq)).catch((e) => log(`request ${msg.header.msg_type} failed: ${(e as Error).stack ?? e}`));
  }

  private async handle(channel: Channel, msg: Message, seq: number): Promise<void> {
    const type = msg.header.msg_type;
    if (type === "execute_request" && seq <= this.abortThrough) return this.abort(msg);
    const handler = this.handlers[type];
    if (!handler) {
      log(`ignored ${channel} message of unknown type ${type}`);
      return;
    }
    this.bridge.publish("status", { execution_state: "busy" }, msg.header);
    this.comms.parent = msg.header;
    try {
      await handler(msg, channel);
    } catch (e) {
      // A request the handler cannot serve (content of the wrong shape) still gets its reply.
      log(`${type} failed: ${(e as Error).stack ?? e}`);
      const { ename, evalue, traceback } = toCellError(e);
      this.bridge.reply(msg, type.replace(/_request$/, "_reply"), { status: "error", ename, evalue, traceback }, channel);
    } finally {
      this.bridge.publish("status", { execution_state: "idle" }, msg.header);
    }
  }

  private readonly handlers: Record<string, (msg: Message, channel: Channel) => Promise<void> | void> = {
    execute_request: (msg) => this.execute(msg),
    complete_request: async (msg) => {
      await this.runner.prelude();
      const { code, cursor_pos } = msg.content;
      const c = this.runner.executor.complete(code, cursor_pos ?? code.length);
      this.bridge.reply(msg, "complete_reply", { status: "ok", matches: c.candidates, cursor_start: c.start, cursor_end: c.end, metadata: {} });
    },
    inspect_request: async (msg) => {
      await this.runner.prelude();
      const { code, cursor_pos } = msg.content;
      const text = this.runner.executor.inspect(code, cursor_pos ?? code.length);
      this.bridge.reply(msg, "inspect_reply", { status: "ok", found: text !== undefined, data: text === undefined ? {} : { "text/plain": text }, metadata: {} });
    },
    is_complete_request: (msg) => this.bridge.reply(msg, "is_complete_reply", completeness(msg.content.code)),
    history_request: (msg) => this.bridge.reply(msg, "history_reply", { status: "ok", history: this.history.query(msg.content as any) }),
    comm_info_request: (msg) => this.bridge.reply(msg, "comm_info_reply", this.comms.info(msg.content.target_name)),
    comm_open: (msg) => this.onComm(msg, () => this.comms.open(msg)),
    comm_msg: (msg) => this.onComm(msg, () => this.comms.message(msg)),
    comm_close: (msg) => this.onComm(msg, () => this.comms.close(msg)),
    shutdown_request: (msg, channel) => {
      this.bridge.reply(msg, "shutdown_reply", { status: "ok", restart: msg.content.restart === true }, channel);
      void this.shutdown();
    },
  };

  private async execute(msg: Message): Promise<void> {
    const { code, silent = false, store_history = true } = msg.content as { code: string; silent?: boolean; store_history?: boolean };
    const counted = !silent && store_history;
    if (counted) this.executionCount++;
    const count = this.executionCount;
    if (counted) this.history.add(count, code);
    if (!silent) this.bridge.publish("execute_input", { code, execution_count: count }, msg.header);
    this.current = { request: msg, payload: [] };
    const recordOutput = counted ? (b: MimeBundle) => this.history.setOutput(count, String(b["text/plain"] ?? "")) : undefined;
    const target = new IopubTarget(this.bridge, msg.header, recordOutput);
    const interrupted = this.bridge.interrupts.pending();
    this.deferInterrupts = false;
    const outcome = interrupted ? interruptedAtStart(target) : await this.runner.run(code, target, count, silent);
    this.bridge.interrupts.cellFinished();
    const expressions = msg.content.user_expressions;
    const userExpressions = outcome.status === "ok" && expressions && typeof expressions === "object" ? await this.runner.evaluate(expressions) : {};
    const reply =
      outcome.status === "ok"
        ? { status: "ok", execution_count: count, payload: this.current.payload, user_expressions: userExpressions }
        : { status: "error", execution_count: count, ...outcome.error, payload: [], user_expressions: {} };
    this.current = undefined;
    if (outcome.status === "error" && msg.content.stop_on_error !== false) this.abortThrough = this.received;
    this.bridge.reply(msg, "execute_reply", reply);
    this.loadPrelude();
  }

  /** Runs a comm's handlers like a small cell: their output and errors go to iopub under the comm message. */
  private async onComm(msg: Message, deliver: () => Promise<void>): Promise<void> {
    const target = new IopubTarget(this.bridge, msg.header);
    this.runner.sink.begin(target);
    try {
      await deliver();
    } catch (e) {
      target.error(toCellError(e));
    }
  }

  private abort(msg: Message): void {
    this.bridge.publish("status", { execution_state: "busy" }, msg.header);
    this.bridge.reply(msg, "execute_reply", { status: "aborted", execution_count: this.executionCount });
    this.bridge.publish("status", { execution_state: "idle" }, msg.header);
  }

  private interrupt(): void {
    if (this.deferInterrupts) return;
    this.bridge.interrupts.handled();
    this.runner.interrupt();
    this.pendingInput?.reject(new Error("prompt(): interrupted"));
    this.pendingInput = undefined;
  }

  private input(prompt: string, password: boolean): Promise<string> {
    const request = this.current?.request;
    if (!request || request.content.allow_stdin === false) {
      return Promise.reject(new Error("prompt(): this front end does not accept input (allow_stdin is false)"));
    }
    return new Promise((resolve, reject) => {
      this.pendingInput = { resolve, reject };
      this.bridge.send("stdin", "input_request", { prompt, password }, request.header, request.identities);
    });
  }

  private onInput(msg: Message): void {
    if (msg.header.msg_type !== "input_reply") return log(`ignored stdin message ${msg.header.msg_type}`);
    this.pendingInput?.resolve(String(msg.content.value ?? ""));
    this.pendingInput = undefined;
  }

  private async shutdown(): Promise<void> {
    this.runner.interrupt("the kernel is shutting down");
    this.runner.executor.close();
    await this.bridge.close();
    process.exit(0);
  }
}
