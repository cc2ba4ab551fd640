// The main thread's side of the protocol thread: starts it and the SIGINT watcher, publishes messages,
// receives requests, and keeps the shared executor state that tells the protocol thread how to interrupt.
// It loads nothing heavy, so that `polarlab kernel` starts it (and kernel_info is answered) before the
// executor and the toolkit load; events that arrive before listen() wait for it.
import { randomUUID } from "node:crypto";
import { writeSync } from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { ConnectionInfo } from "./connection";
import type { Channel, FromProtocol, ProtocolThreadData, ToProtocol } from "./protocol-thread";
import { InterruptControl } from "./interrupt-control";
import { fromWire, makeMessage, toWire, type Header, type Message } from "./wire";

export interface BridgeEvents {
  request(channel: Channel, msg: Message): void;
  interrupt(): void;
  shutdown(restart: boolean): void;
}

export class ProtocolBridge {
  readonly session = randomUUID();
  readonly interrupts = new InterruptControl();
  private readonly protocol: Worker;
  readonly ready: Promise<void>;
  private events?: BridgeEvents;
  private readonly early: FromProtocol[] = [];

  constructor(connection: ConnectionInfo, kernelInfo: Record<string, unknown>) {
    const { state, sigintPort } = this.interrupts;
    const data: ProtocolThreadData = { connection, session: this.session, state, sigintPort, kernelInfo };
    this.protocol = new Worker(path.join(__dirname, "protocol-thread.js"), { workerData: data, transferList: [sigintPort] });
    this.protocol.on("error", (e) => {
      writeSync(2, `[polarlab kernel] protocol thread failed: ${e.stack ?? e}\n`);
      process.exit(1);
    });
    this.protocol.on("exit", (code) => {
      if (code !== 0) process.exit(code);
    });
    this.ready = new Promise((resolve) => {
      this.protocol.on("message", (m: FromProtocol) => {
        if (m.kind === "ready") resolve();
        else if (this.events) this.dispatch(this.events, m);
        else this.early.push(m);
      });
    });
  }

  /** Delivers requests, interrupts and shutdowns to `events` from now on (and those that came before). */
  listen(events: BridgeEvents): void {
    this.events = events;
    for (const m of this.early.splice(0)) this.dispatch(events, m);
  }

  private dispatch(events: BridgeEvents, m: FromProtocol): void {
    if (m.kind === "request") events.request(m.channel, fromWire(m.msg));
    else if (m.kind === "interrupt") events.interrupt();
    else if (m.kind === "shutdown") events.shutdown(m.restart);
  }

  private post(m: ToProtocol): void {
    this.protocol.postMessage(m);
  }

  send(channel: Channel, type: string, content: Record<string, unknown>, parent: Header | undefined, identities: Buffer[] = []): void {
    this.post({ kind: "send", channel, msg: toWire(makeMessage(type, content, parent, this.session, identities)) });
  }

  reply(request: Message, type: string, content: Record<string, unknown>, channel: Channel = "shell"): void {
    this.send(channel, type, content, request.header, request.identities);
  }

  publish(type: string, content: Record<string, unknown>, parent: Header | undefined): void {
    this.send("iopub", type, content, parent);
  }

  /** publish() with message metadata (comm_open carries the widget protocol version there) and binary buffers. */
  publishWithMetadata(type: string, content: Record<string, unknown>, metadata: Record<string, unknown>, parent: Header | undefined, buffers: Uint8Array[] = []): void {
    const msg = toWire(makeMessage(type, content, parent, this.session, [], metadata));
    this.post({ kind: "send", channel: "iopub", msg: { ...msg, buffers: buffers.map((b) => new Uint8Array(b)) } });
  }

  setKernelInfo(content: Record<string, unknown>): void {
    this.post({ kind: "kernel_info", content });
  }

  async close(): Promise<void> {
    this.post({ kind: "close" });
    await new Promise((resolve) => this.protocol.once("exit", resolve));
    await this.interrupts.close();
  }
}
