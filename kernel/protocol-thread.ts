// The protocol thread: owns the five zeromq sockets (messaging spec 5.3), so that heartbeat, control
// (interrupt_request, shutdown_request, kernel_info_request) and output streaming keep working while the
// main thread runs a busy cell. It verifies every incoming HMAC (a bad or missing signature, or a signed
// message that is not a valid message, is dropped and logged; nothing a client sends stops a socket), signs every outgoing message, forwards shell requests to the main thread (the executor) and
// sends what the main thread publishes. interrupt_request and SIGINT are delivered by kernel/interrupter.ts.
import { writeSync } from "node:fs";
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import * as zmq from "zeromq";
import { address, type ConnectionInfo } from "./connection";
import { decode, encode, fromWire, makeMessage, MalformedMessageError, SignatureError, toWire, type Header, type Message, type WireMessage } from "./wire";
import { Interrupter } from "./interrupter";

/** After a shutdown request, the process ends this long after the reply even if the main thread is stuck. */
const SHUTDOWN_DEADLINE_MS = 2000;

export type Channel = "shell" | "control" | "stdin" | "iopub";

/** Messages between the main thread and this thread (identities and buffers travel as Uint8Array). */
export type ToProtocol =
  | { kind: "send"; channel: Channel; msg: WireMessage }
  | { kind: "kernel_info"; content: Record<string, unknown> }
  | { kind: "close" };
export type FromProtocol =
  | { kind: "request"; channel: Channel; msg: WireMessage }
  | { kind: "interrupt" }
  | { kind: "shutdown"; restart: boolean }
  | { kind: "ready" };

export interface ProtocolThreadData {
  connection: ConnectionInfo;
  session: string;
  state: Int32Array;
  sigintPort: MessagePort;
  /** The kernel_info_reply content until the main thread sends an update (after the prelude). */
  kernelInfo: Record<string, unknown>;
}

function log(text: string): void {
  writeSync(2, `[polarlab kernel] ${text}\n`);
}

class ProtocolThread {
  private readonly key: string;
  private readonly iopub = new zmq.Publisher();
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  private readonly stdin = new zmq.Router();
  private readonly hb = new zmq.Reply();
  private readonly interrupter: Interrupter;
  private kernelInfo: Record<string, unknown>;

  constructor(private readonly data: ProtocolThreadData) {
    this.key = data.connection.key;
    this.kernelInfo = data.kernelInfo;
    this.interrupter = new Interrupter(data.state, () => parentPort!.postMessage({ kind: "interrupt" } satisfies FromProtocol));
  }

  async start(): Promise<void> {
    const c = this.data.connection;
    await Promise.all([
      this.iopub.bind(address(c, c.iopub_port)),
      this.shell.bind(address(c, c.shell_port)),
      this.control.bind(address(c, c.control_port)),
      this.stdin.bind(address(c, c.stdin_port)),
      this.hb.bind(address(c, c.hb_port)),
    ]);
    parentPort!.on("message", (m: ToProtocol) => this.fromMain(m));
    this.data.sigintPort.on("message", () => this.interrupter.onSigint());
    void this.serve(this.shell, "shell");
    void this.serve(this.control, "control");
    void this.serve(this.stdin, "stdin");
    void this.heartbeat();
    this.publish("status", { execution_state: "starting" }, undefined);
    parentPort!.postMessage({ kind: "ready" } satisfies FromProtocol);
  }

  private async heartbeat(): Promise<void> {
    try {
      for await (const frames of this.hb) await this.hb.send(frames);
    } catch (e) {
      if (!this.hb.closed) log(`heartbeat stopped: ${(e as Error).message}`);
    }
  }

  private async serve(sock: zmq.Router, channel: Channel): Promise<void> {
    try {
      for await (const frames of sock) {
        try {
          this.receive(channel, frames as Buffer[]);
        } catch (e) {
          log(`a ${channel} message failed: ${(e as Error).stack ?? e}`);
        }
      }
    } catch (e) {
      if (!sock.closed) log(`${channel} socket stopped: ${(e as Error).message}`);
    }
  }

  private receive(channel: Channel, frames: Buffer[]): void {
    let msg: Message;
    try {
      msg = decode(this.key, frames);
    } catch (e) {
      const why = e instanceof SignatureError || e instanceof MalformedMessageError ? e.message : `unreadable message (${(e as Error).message})`;
      log(`dropped a ${channel} message: ${why}`);
      return;
    }
    const type = msg.header.msg_type;
    if (type === "kernel_info_request") return this.withStatus(msg, () => this.reply(channel, msg, "kernel_info_reply", this.kernelInfo));
    if (channel === "control" && type === "interrupt_request") {
      return this.withStatus(msg, () => {
        this.interrupter.interrupt();
        this.reply(channel, msg, "interrupt_reply", { status: "ok" });
      });
    }
    if (channel === "control" && type === "shutdown_request") return this.shutdown(msg);
    parentPort!.postMessage({ kind: "request", channel, msg: toWire(msg) } satisfies FromProtocol);
  }

  private withStatus(parent: Message, body: () => void): void {
    this.publish("status", { execution_state: "busy" }, parent.header);
    body();
    this.publish("status", { execution_state: "idle" }, parent.header);
  }

  private reply(channel: Channel, parent: Message, type: string, content: Record<string, unknown>): void {
    const sock = channel === "control" ? this.control : this.shell;
    this.sendOn(sock, makeMessage(type, content, parent.header, this.data.session, parent.identities));
  }

  private publish(type: string, content: Record<string, unknown>, parent: Header | undefined): void {
    this.sendOn(this.iopub, makeMessage(type, content, parent, this.data.session));
  }

  /** zeromq allows one send at a time per socket: sends are chained per socket, in order. */
  private readonly queues = new Map<zmq.Socket, Promise<void>>();
  private sendOn(sock: zmq.Router | zmq.Publisher, msg: Message): void {
    const frames = encode(this.key, msg);
    const prev = this.queues.get(sock) ?? Promise.resolve();
    const next = prev.then(() => sock.send(frames)).catch((e) => log(`send failed: ${(e as Error).message}`));
    this.queues.set(sock, next);
  }

  private fromMain(m: ToProtocol): void {
    if (m.kind === "kernel_info") this.kernelInfo = m.content;
    else if (m.kind === "close") void this.close();
    else {
      const sock = { shell: this.shell, control: this.control, stdin: this.stdin, iopub: this.iopub }[m.channel];
      this.sendOn(sock, fromWire(m.msg));
    }
  }

  private shutdown(msg: Message): void {
    const restart = msg.content.restart === true;
    this.withStatus(msg, () => this.reply("control", msg, "shutdown_reply", { status: "ok", restart }));
    parentPort!.postMessage({ kind: "shutdown", restart } satisfies FromProtocol);
    if (this.interrupter.busy()) this.interrupter.interrupt();
    setTimeout(() => process.kill(process.pid, "SIGTERM"), SHUTDOWN_DEADLINE_MS).unref();
  }

  private async close(): Promise<void> {
    await Promise.all(this.queues.values());
    this.interrupter.close();
    this.data.sigintPort.close(); // an open port would keep this thread, and so the shutdown, waiting
    for (const s of [this.iopub, this.shell, this.control, this.stdin, this.hb]) s.close();
    parentPort!.close();
  }
}

if (parentPort && workerData?.connection) {
  new ProtocolThread(workerData as ProtocolThreadData).start().catch((e) => {
    log(`cannot start: ${(e as Error).stack ?? e}`);
    process.exit(1);
  });
}
