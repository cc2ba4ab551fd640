// The interrupt thread of `polarlab run`: it keeps the --timeout clock of each cell and receives the SIGINT
// watcher's reports, off the main thread, so that a cell stuck in busy code is still stopped
// (kernel/interrupter.ts), and reads the control pipe of the parent process (kernel/commands/supervisor.ts),
// whose "SIGTERM" interrupts the cell for good. Messages: {kind: "arm", ms} when a cell starts, {kind:
// "disarm"} when it ends.
import { Socket } from "node:net";
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { SIGTERM_GRACE_MS } from "./commands/supervisor";
import { Interrupter } from "./interrupter";

export type ToRunGuard = { kind: "arm"; ms: number } | { kind: "disarm" } | { kind: "close" };
export type FromRunGuard = { kind: "interrupt"; reason: "timeout" | "sigint" | "sigterm" };

interface RunGuardData {
  state: Int32Array;
  sigintPort: MessagePort;
  controlFd?: number;
}

/**
 * Interrupts on the parent's "SIGTERM". When the pipe closes without it, the parent has gone (killed): the
 * cell is interrupted the same way, and as nobody will kill this process if the cell is stuck in native
 * code, it kills itself after the parent's grace period.
 */
function readControl(fd: number, terminate: () => void): Socket {
  const pipe = new Socket({ fd, readable: true, writable: false });
  pipe.unref();
  let told = false;
  pipe.on("data", (chunk: Buffer) => {
    if (!told && chunk.toString().includes("SIGTERM")) {
      told = true;
      terminate();
    }
  });
  pipe.on("close", () => {
    if (told) return;
    terminate();
    setTimeout(() => process.kill(process.pid, "SIGKILL"), SIGTERM_GRACE_MS).unref();
  });
  pipe.on("error", () => undefined); // reported as close
  return pipe;
}

function guard({ state, sigintPort, controlFd }: RunGuardData): void {
  let reason: FromRunGuard["reason"] = "sigint";
  const interrupter = new Interrupter(state, () => parentPort!.postMessage({ kind: "interrupt", reason } satisfies FromRunGuard));
  let timer: NodeJS.Timeout | undefined;
  const control =
    controlFd === undefined
      ? undefined
      : readControl(controlFd, () => {
          reason = "sigterm";
          interrupter.interrupt();
        });
  sigintPort.on("message", () => {
    reason = "sigint";
    interrupter.onSigint();
  });
  parentPort!.on("message", (m: ToRunGuard) => {
    clearTimeout(timer);
    if (m.kind === "arm") {
      timer = setTimeout(() => {
        reason = "timeout";
        interrupter.interrupt();
      }, m.ms);
    } else if (m.kind === "close") {
      control?.removeAllListeners("close").destroy(); // the run has ended: its pipe closing stops nothing
      interrupter.close();
      sigintPort.close();
      parentPort!.close();
    }
  });
}

if (parentPort && workerData?.sigintPort) guard(workerData as RunGuardData);
