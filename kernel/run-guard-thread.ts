// The interrupt thread of `polarlab run`: it keeps the --timeout clock of each cell and receives the SIGINT
// watcher's reports, off the main thread, so that a cell stuck in busy code is still stopped
// (kernel/interrupter.ts). Messages: {kind: "arm", ms} when a cell starts, {kind: "disarm"} when it ends.
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { Interrupter } from "./interrupter";

export type ToRunGuard = { kind: "arm"; ms: number } | { kind: "disarm" } | { kind: "close" };
export type FromRunGuard = { kind: "interrupt"; reason: "timeout" | "sigint" };

interface RunGuardData {
  state: Int32Array;
  sigintPort: MessagePort;
}

function guard({ state, sigintPort }: RunGuardData): void {
  let reason: FromRunGuard["reason"] = "sigint";
  const interrupter = new Interrupter(state, () => parentPort!.postMessage({ kind: "interrupt", reason } satisfies FromRunGuard));
  let timer: NodeJS.Timeout | undefined;
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
      interrupter.close();
      sigintPort.close();
      parentPort!.close();
    }
  });
}

if (parentPort && workerData?.sigintPort) guard(workerData as RunGuardData);
