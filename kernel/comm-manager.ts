// The kernel's comms (messaging spec 5.3, "Custom Messages"): comm_open / comm_msg / comm_close from the
// front end on shell, the same from the kernel on iopub, and comm_info_request listing the open comms (by
// target name when one is given). A comm_open to a target nobody registered is answered with comm_close,
// as ipykernel does.
import { writeSync } from "node:fs";
import { Comm, type CommHost, type CommMessage, type CommTargetHandler } from "../toolkit/display/comm";
import type { ProtocolBridge } from "./bridge";
import type { Header, Message } from "./wire";

export class CommManager implements CommHost {
  private readonly live = new Map<string, Comm>();
  private readonly targets = new Map<string, CommTargetHandler>();
  /** The request being handled: the parent of what the comms publish. */
  parent?: Header;

  constructor(private readonly bridge: ProtocolBridge) {}

  send(type: "comm_open" | "comm_msg" | "comm_close", content: Record<string, unknown>, metadata: Record<string, unknown>, buffers: Uint8Array[] = []): void {
    this.bridge.publishWithMetadata(type, content, metadata, this.parent, buffers);
  }

  add(comm: Comm): void {
    this.live.set(comm.id, comm);
  }

  remove(id: string): void {
    this.live.delete(id);
  }

  comms(targetName: string): Comm[] {
    return [...this.live.values()].filter((c) => c.targetName === targetName);
  }

  registerTarget(name: string, handler: CommTargetHandler): void {
    this.targets.set(name, handler);
  }

  parentMsgId(): string | undefined {
    return this.parent?.msg_id;
  }

  /** comm_open from the front end: a new comm for a registered target, else comm_close. */
  async open(msg: Message): Promise<void> {
    const { comm_id, target_name } = msg.content as { comm_id?: unknown; target_name?: unknown };
    if (typeof comm_id !== "string" || typeof target_name !== "string") {
      return log(`ignored comm_open: comm_id ${JSON.stringify(comm_id)} and target_name ${JSON.stringify(target_name)}; expected strings`);
    }
    const handler = this.targets.get(target_name);
    if (!handler) {
      log(`comm_open to unknown target ${JSON.stringify(target_name)}: closed`);
      this.send("comm_close", { comm_id, data: {} }, {});
      return;
    }
    const comm = new Comm(comm_id, target_name, this);
    this.add(comm);
    await handler(comm, commMessage(msg));
  }

  /** comm_msg from the front end, delivered to its comm's handlers. */
  async message(msg: Message): Promise<void> {
    const comm = this.live.get(msg.content.comm_id);
    if (!comm) return log(`ignored comm_msg for unknown comm ${JSON.stringify(msg.content.comm_id)}`);
    await comm.receive(commMessage(msg));
  }

  /** comm_close from the front end. */
  async close(msg: Message): Promise<void> {
    const comm = this.live.get(msg.content.comm_id);
    if (!comm) return log(`ignored comm_close for unknown comm ${JSON.stringify(msg.content.comm_id)}`);
    this.remove(comm.id);
    await comm.receiveClose(commMessage(msg));
  }

  /** comm_info_reply content: the open comms, those of `targetName` only when it is given. */
  info(targetName?: unknown): Record<string, unknown> {
    const comms: Record<string, { target_name: string }> = {};
    for (const [id, comm] of this.live) {
      if (typeof targetName !== "string" || targetName === "" || comm.targetName === targetName) comms[id] = { target_name: comm.targetName };
    }
    return { status: "ok", comms };
  }
}

function commMessage(msg: Message): CommMessage {
  const data = msg.content.data;
  return {
    data: data !== null && typeof data === "object" && !Array.isArray(data) ? data : {},
    metadata: msg.metadata ?? {},
    buffers: msg.buffers.map((b) => new Uint8Array(b)),
    msgId: msg.header.msg_id,
  };
}

function log(text: string): void {
  writeSync(2, `[polarlab kernel] ${text}\n`);
}
