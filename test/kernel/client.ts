// A small Jupyter client for the kernel's own tests (not for conformance: that uses the real Python
// clients): starts `polarlab kernel` on a fresh connection file, speaks the wire protocol over zeromq,
// and collects the iopub messages of each request until its idle status.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as zmq from "zeromq";
import { decode, encode, makeMessage, type Message } from "../../kernel/wire";

export const REPO = path.resolve(__dirname, "..", "..", "..");
export const BIN = path.join(REPO, "bin", "polarlab.js");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface Reply {
  reply: Message;
  iopub: Message[];
}

export class TestKernel {
  readonly session = randomUUID();
  readonly key = randomBytes(16).toString("hex");
  readonly identity = Buffer.from(this.session);
  process!: ChildProcess;
  stderr = "";
  private shell = new zmq.Dealer({ routingId: this.session });
  private control = new zmq.Dealer({ routingId: this.session });
  stdin = new zmq.Dealer({ routingId: this.session });
  private iopub = new zmq.Subscriber();
  private readonly iopubLog: Message[] = [];
  private readonly replies = new Map<string, (m: Message) => void>();
  private readonly unclaimed = new Map<string, Message>();
  private readonly iopubWaiters: (() => void)[] = [];
  startedAt = 0;
  connectionFile = "";

  /** Milliseconds from spawn to the first kernel_info_reply. */
  kernelInfoMs = 0;
  kernelInfo: Record<string, any> = {};

  /** Starts a kernel and waits until it answers kernel_info and its iopub reaches us (as jupyter_client does). */
  static async start(cwd = REPO): Promise<TestKernel> {
    const k = new TestKernel();
    await k.launch(cwd);
    const died = new Promise<never>((_, reject) =>
      k.process.once("exit", (code, signal) => reject(new Error(`the kernel exited (${code ?? signal}) before it was ready; stderr:\n${k.stderr}`))),
    );
    try {
      await Promise.race([k.waitForReady(), died]);
    } catch (e) {
      await k.shutdown();
      throw e;
    }
    died.catch(() => undefined);
    return k;
  }

  private async waitForReady(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const id = await this.send("kernel_info_request", {});
      const reply = await this.waitReply(id, 60_000);
      if (attempt === 0) this.kernelInfoMs = performance.now() - this.startedAt;
      this.kernelInfo = reply.content;
      // iopub is a PUB socket: messages sent before our subscription took effect are lost, so retry.
      const seen = await this.iopubUntilIdle(id, 1000).then(() => true, () => false);
      if (seen) return;
      if (attempt > 30) throw new Error(`kernel iopub never reached the client; stderr:\n${this.stderr}`);
    }
  }

  private async launch(cwd: string): Promise<void> {
    const ports = await Promise.all([0, 1, 2, 3, 4].map(() => freePort()));
    const info = { transport: "tcp", ip: "127.0.0.1", shell_port: ports[0], control_port: ports[1], iopub_port: ports[2], stdin_port: ports[3], hb_port: ports[4], key: this.key, signature_scheme: "hmac-sha256" };
    this.connectionFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-test-")), "connection.json");
    fs.writeFileSync(this.connectionFile, JSON.stringify(info));
    this.startedAt = performance.now();
    this.process = spawn(process.execPath, [BIN, "kernel", "--connection-file", this.connectionFile], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    this.process.stderr!.on("data", (d) => (this.stderr += d));
    const addr = (p: number) => `tcp://127.0.0.1:${p}`;
    this.shell.connect(addr(info.shell_port));
    this.control.connect(addr(info.control_port));
    this.stdin.connect(addr(info.stdin_port));
    this.iopub.connect(addr(info.iopub_port));
    this.iopub.subscribe();
    void this.pump(this.shell);
    void this.pump(this.control);
    void this.pumpIopub();
  }

  private async pump(sock: zmq.Dealer): Promise<void> {
    try {
      for await (const frames of sock) {
        const msg = decode(this.key, frames as Buffer[]);
        const id = (msg.parent_header as any).msg_id;
        const waiter = this.replies.get(id);
        // A reply can arrive before its waiter is registered (send() resolves late while connecting).
        if (waiter) waiter(msg);
        else this.unclaimed.set(id, msg);
      }
    } catch {
      // closed
    }
  }

  private async pumpIopub(): Promise<void> {
    try {
      for await (const frames of this.iopub) {
        this.iopubLog.push(decode(this.key, frames as Buffer[]));
        this.iopubWaiters.splice(0).forEach((w) => w());
      }
    } catch {
      // closed
    }
  }

  /** Sends a request (optionally with a wrong key) and resolves with its reply and iopub messages up to idle. */
  async request(type: string, content: Record<string, unknown>, options: { channel?: "shell" | "control"; key?: string; timeoutMs?: number } = {}): Promise<Reply> {
    const msg = makeMessage(type, content, undefined, this.session);
    const id = msg.header.msg_id;
    const timeout = options.timeoutMs ?? 60_000;
    const reply = this.waitReply(id, timeout, `${type} ${id}`);
    const sock = options.channel === "control" ? this.control : this.shell;
    await sock.send(encode(options.key ?? this.key, msg));
    const r = await reply;
    const iopub = await this.iopubUntilIdle(id, timeout);
    return { reply: r, iopub };
  }

  /** Sends without waiting (for a request that should never be answered, or one interrupted later). */
  async send(type: string, content: Record<string, unknown>, key: string = this.key): Promise<string> {
    const msg = makeMessage(type, content, undefined, this.session);
    await this.shell.send(encode(key, msg));
    return msg.header.msg_id;
  }

  waitReply(id: string, timeoutMs = 60_000, what = id): Promise<Message> {
    const early = this.unclaimed.get(id);
    if (early) {
      this.unclaimed.delete(id);
      return Promise.resolve(early);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${what} within ${timeoutMs} ms; kernel stderr:\n${this.stderr}`)), timeoutMs);
      this.replies.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  }

  /** iopub messages whose parent is `id`, once its idle status has arrived. */
  async iopubUntilIdle(id: string, timeoutMs = 60_000): Promise<Message[]> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const mine = this.iopubLog.filter((m) => (m.parent_header as any).msg_id === id);
      if (mine.some((m) => m.header.msg_type === "status" && m.content.execution_state === "idle")) return mine;
      if (performance.now() > deadline) throw new Error(`no idle status for ${id} within ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        this.iopubWaiters.push(r);
        setTimeout(r, 100);
      });
    }
  }

  /** Runs code; returns the execute_reply content and the iopub messages. */
  async execute(code: string, timeoutMs?: number): Promise<{ content: Record<string, any>; iopub: Message[] }> {
    const r = await this.request("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: true, stop_on_error: false }, { timeoutMs });
    return { content: r.reply.content, iopub: r.iopub };
  }

  async shutdown(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    try {
      if (this.process.exitCode === null) await this.request("shutdown_request", { restart: false }, { channel: "control", timeoutMs: 10_000 });
    } catch {
      // fall through to kill
    }
    const timer = setTimeout(() => this.process.kill("SIGKILL"), 5000);
    if (this.process.exitCode === null && this.process.signalCode === null) await exited;
    clearTimeout(timer);
    for (const s of [this.shell, this.control, this.stdin, this.iopub]) s.close();
    fs.rmSync(path.dirname(this.connectionFile), { recursive: true, force: true });
  }
}

/** The text/plain of the execute_result among iopub messages (undefined when there is none). */
export function resultText(iopub: Message[]): string | undefined {
  return iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"];
}
