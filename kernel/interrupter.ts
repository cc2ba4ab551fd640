// Delivering an interrupt to the main (executor) thread from another thread, whatever it is doing:
// inside a cell's synchronous part (state SYNC) a SIGINT, which the executor's vm breakOnSigint turns into
// an exception; otherwise a message to the main thread (which aborts the cell's AbortSignal), and if the
// main thread has not handled it within INTERRUPT_GRACE_MS (busy code after an await) the running
// JavaScript is ended through the inspector (Runtime.terminateExecution, the DevTools "stop" button), which
// unwinds the busy code and leaves the heap, and so every variable, intact.
import { writeSync } from "node:fs";
import * as inspector from "node:inspector";
import { IDLE, SLOT_HANDLED, SLOT_REQUESTED, SLOT_STATE, SYNC } from "./shared-state";

export const INTERRUPT_GRACE_MS = 150;
/** A SIGINT the interrupter raised itself may reach the SIGINT watcher if the cell just left SYNC. */
const OWN_SIGINT_WINDOW_MS = 500;

export class Interrupter {
  private readonly session = new inspector.Session();
  private lastOwnSigint = 0;

  /** notifyMain: posts the interrupt to the main thread (handled there when its event loop is free). */
  constructor(
    private readonly state: Int32Array,
    private readonly notifyMain: () => void,
  ) {
    this.session.connectToMainThread();
  }

  /** For the SIGINT watcher's reports. */
  onSigint(): void {
    if (Date.now() - this.lastOwnSigint < OWN_SIGINT_WINDOW_MS) return;
    this.interrupt();
  }

  interrupt(): void {
    const ticket = Atomics.add(this.state, SLOT_REQUESTED, 1) + 1;
    if (Atomics.load(this.state, SLOT_STATE) === SYNC) {
      this.lastOwnSigint = Date.now();
      process.kill(process.pid, "SIGINT");
    }
    this.notifyMain();
    setTimeout(() => {
      const stuck = Atomics.load(this.state, SLOT_HANDLED) < ticket && Atomics.load(this.state, SLOT_STATE) !== IDLE;
      if (!stuck) return;
      writeSync(2, "[polarlab] the cell is busy; terminating its JavaScript execution\n");
      this.session.post("Runtime.terminateExecution", (err) => err && writeSync(2, `[polarlab] terminateExecution failed: ${err.message}\n`));
    }, INTERRUPT_GRACE_MS);
  }

  busy(): boolean {
    return Atomics.load(this.state, SLOT_STATE) !== IDLE;
  }

  close(): void {
    this.session.disconnect();
  }
}
