// The SIGINT watcher thread. Node delivers SIGINT to process.on listeners only when the main thread's event
// loop is free, so Ctrl-C could not stop busy code. This thread instead blocks in Atomics.wait inside a
// vm script with breakOnSigint, whose watchdog turns a SIGINT into an exception here, whatever the main
// thread is doing; it then tells the protocol thread, which interrupts the cell.
// Only one breakOnSigint watchdog may be armed in the process at a time (two at once let SIGINT kill the
// process, measured on Node 20), so the watcher steps aside while the executor runs a cell's synchronous
// part under its own breakOnSigint (state SYNC), and signals SLOT_WATCHER_RELEASED when it has.
import * as vm from "node:vm";
import { workerData, type MessagePort } from "node:worker_threads";
import { SLOT_STATE, SLOT_WATCHER_RELEASED, SYNC } from "./shared-state";

interface WatcherData {
  state: Int32Array;
  port: MessagePort;
}

function watch({ state, port }: WatcherData): never {
  (globalThis as any).__polarlabState = state;
  for (;;) {
    const current = Atomics.load(state, SLOT_STATE);
    if (current === SYNC) {
      Atomics.store(state, SLOT_WATCHER_RELEASED, 1);
      Atomics.notify(state, SLOT_WATCHER_RELEASED);
      Atomics.wait(state, SLOT_STATE, SYNC);
      Atomics.store(state, SLOT_WATCHER_RELEASED, 0);
      continue;
    }
    try {
      vm.runInThisContext(`Atomics.wait(__polarlabState, ${SLOT_STATE}, ${current})`, { breakOnSigint: true });
    } catch {
      port.postMessage({ kind: "sigint" });
    }
  }
}

watch(workerData as WatcherData);
