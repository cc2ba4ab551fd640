// Comms (Jupyter messaging spec 5.3, "Custom Messages"): a Comm is one end of a channel between kernel and
// front end, opened by either side to a named target; both sides then send comm_msg and one closes it. The
// kernel installs a CommHost in its display sink; elsewhere (a headless `polarlab run`) a Comm is detached:
// what it sends goes nowhere, since no front end is listening.
import { randomUUID } from "node:crypto";
import { getSink } from "./sink";

/** A comm message as the handlers see it: the content's data, the message's metadata and binary buffers. */
export interface CommMessage {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  buffers: Uint8Array[];
  /** The msg_id of the message (an Output widget captures output under it). */
  msgId: string;
}

export type CommHandler = (msg: CommMessage) => void | Promise<void>;
/** Called when the front end opens a comm to a registered target, with the comm_open's message. */
export type CommTargetHandler = (comm: Comm, msg: CommMessage) => void | Promise<void>;

/** What the kernel provides: sending on iopub, the open comms, the targets the front end may open. */
export interface CommHost {
  /** Sends on iopub; `buffers` travel as the message's binary frames. */
  send(type: "comm_open" | "comm_msg" | "comm_close", content: Record<string, unknown>, metadata: Record<string, unknown>, buffers?: Uint8Array[]): void;
  add(comm: Comm): void;
  remove(id: string): void;
  /** The open comms of `targetName`, in the order they opened. */
  comms(targetName: string): Comm[];
  registerTarget(name: string, handler: CommTargetHandler): void;
  /** The msg_id of the request being handled (the running cell's execute_request or a comm_msg). */
  parentMsgId(): string | undefined;
}

export class Comm {
  /** The object this comm belongs to (a widget), for those that look it up by its comm. */
  owner?: object;
  private readonly msgHandlers: CommHandler[] = [];
  private readonly closeHandlers: CommHandler[] = [];
  private closed = false;

  /** Use openComm() to open one from the kernel; the host makes the ones a front end opens. */
  constructor(
    readonly id: string,
    readonly targetName: string,
    private readonly host: CommHost | undefined,
  ) {}

  /** True when a front end can be listening (in a kernel); false in a headless run. */
  get attached(): boolean {
    return this.host !== undefined;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends comm_msg with `data` (and binary `buffers`) to the front end. */
  send(data: Record<string, unknown>, metadata: Record<string, unknown> = {}, buffers: Uint8Array[] = []): void {
    if (this.closed) throw new Error(`Comm ${this.id} (target ${this.targetName}): send() after close()`);
    this.host?.send("comm_msg", { comm_id: this.id, data }, metadata, buffers);
  }

  /** Closes the comm on both sides (comm_close); later sends are errors. */
  close(data: Record<string, unknown> = {}): void {
    if (this.closed) return;
    this.closed = true;
    this.host?.send("comm_close", { comm_id: this.id, data }, {});
    this.host?.remove(this.id);
  }

  /** Runs `handler` for every comm_msg from the front end (awaited, in order, before the kernel goes idle). */
  onMsg(handler: CommHandler): void {
    this.msgHandlers.push(handler);
  }

  /** Runs `handler` when the front end closes the comm. */
  onClose(handler: CommHandler): void {
    this.closeHandlers.push(handler);
  }

  /** The host delivers a comm_msg. */
  async receive(msg: CommMessage): Promise<void> {
    for (const handler of this.msgHandlers) await handler(msg);
  }

  /** The host delivers the front end's comm_close. */
  async receiveClose(msg: CommMessage): Promise<void> {
    this.closed = true;
    for (const handler of this.closeHandlers) await handler(msg);
  }

  /** The host's parent message id (undefined when detached). */
  parentMsgId(): string | undefined {
    return this.host?.parentMsgId();
  }
}

/**
 * Opens a comm from the kernel to the front end's `targetName` (comm_open with `data` and binary
 * `buffers`). In a headless run the comm is detached (comm.attached is false).
 */
export function openComm(targetName: string, data: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}, buffers: Uint8Array[] = []): Comm {
  if (typeof targetName !== "string" || targetName === "") {
    throw new TypeError(`openComm(targetName): targetName is ${JSON.stringify(targetName)}; expected a non-empty string`);
  }
  const host = getSink().comms;
  const comm = new Comm(randomUUID().replace(/-/g, ""), targetName, host);
  if (host) {
    host.add(comm);
    host.send("comm_open", { comm_id: comm.id, target_name: targetName, data }, metadata, buffers);
  }
  return comm;
}

/** Lets the front end open comms to `name`; `handler` gets each new comm and its comm_open message. */
export function registerCommTarget(name: string, handler: CommTargetHandler): void {
  if (typeof name !== "string" || name === "") throw new TypeError(`registerCommTarget(name): name is ${JSON.stringify(name)}; expected a non-empty string`);
  if (typeof handler !== "function") throw new TypeError(`registerCommTarget(name, handler): handler is ${typeof handler}; expected a function`);
  const host = getSink().comms;
  if (host) host.registerTarget(name, handler);
}
