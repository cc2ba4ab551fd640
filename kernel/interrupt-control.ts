// The main thread's side of interrupts: the shared executor state (kernel/shared-state.ts), the SIGINT
// watcher thread, and the hooks the executor calls around a cell's synchronous part. The thread that
// delivers interrupts (the protocol thread, or run-guard-thread for `polarlab run`) gets `state` and
// `sigintPort`.
import * as path from "node:path";
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import type { SyncHooks } from "./executor";
import { ASYNC, createSharedState, IDLE, SLOT_HANDLED, SLOT_REQUESTED, SLOT_STATE, SLOT_WATCHER_RELEASED, SYNC } from "./shared-state";

/** How long the executor waits for the SIGINT watcher to release its watchdog before arming its own. */
const WATCHER_RELEASE_TIMEOUT_MS = 200;

export class InterruptControl implements SyncHooks {
  readonly state = createSharedState();
  /** Transfer this port to the delivering thread: the watcher reports each SIGINT on it. */
  readonly sigintPort: MessagePort;
  private readonly watcher: Worker;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.sigintPort = port2;
    this.watcher = new Worker(path.join(__dirname, "sigint-watcher.js"), { workerData: { state: this.state, port: port1 }, transferList: [port1] });
    this.watcher.unref();
  }

  /** Marks the cell's synchronous part; waits until the SIGINT watcher has stepped aside. */
  enterSync(): void {
    this.setState(SYNC);
    Atomics.wait(this.state, SLOT_WATCHER_RELEASED, 0, WATCHER_RELEASE_TIMEOUT_MS);
  }

  leaveSync(): void {
    this.setState(ASYNC);
  }

  idle(): void {
    this.setState(IDLE);
  }

  /** After a cell: no cell runs, and its interrupts (if any) were handled. */
  cellFinished(): void {
    this.setState(IDLE);
    this.handled();
  }

  private setState(value: number): void {
    Atomics.store(this.state, SLOT_STATE, value);
    Atomics.notify(this.state, SLOT_STATE);
  }

  /** True while an interrupt has been requested that the main thread has not handled yet. */
  pending(): boolean {
    return Atomics.load(this.state, SLOT_REQUESTED) > Atomics.load(this.state, SLOT_HANDLED);
  }

  /** Tells the delivering thread that every interrupt so far has been handled (no termination needed). */
  handled(): void {
    Atomics.store(this.state, SLOT_HANDLED, Atomics.load(this.state, SLOT_REQUESTED));
  }

  async close(): Promise<void> {
    await this.watcher.terminate();
  }
}
