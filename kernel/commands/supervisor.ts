// The parent process of a command that runs user code on its main thread (`polarlab run`, `polarlab
// study`). Node runs a process.on("SIGTERM") listener only when the main thread's event loop turns, so a
// cell or study busy in a tight loop or a long native call (BLAS) would ignore SIGTERM until it returned.
// The command therefore runs in a child, in a process group of its own (as jupyter_client starts kernels),
// and this parent, whose event loop stays free, stops it:
// - SIGTERM: the parent writes "SIGTERM" to the child's control pipe (fd 3; `polarlab run`'s interrupt
//   thread reads it and interrupts the running cell, busy JavaScript included), sends SIGTERM to the child's
//   process group (the child saves what finished; a process a cell started ends too), and after
//   SIGTERM_GRACE_MS kills the group with SIGKILL. The parent then exits 143 (EXIT_SIGTERM).
// - SIGINT (Ctrl-C reaches only the parent's group): sent on to the child's group, as a terminal would.
// Otherwise the parent exits with the child's status (128 + n when signal n ended it). A `run` child whose
// parent has gone (its control pipe closed) stops as after SIGTERM.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { writeSync } from "node:fs";
import { constants } from "node:os";
import type { Writable } from "node:stream";
import { POLARLAB_BIN } from "../../toolkit/runtime/bin";
import { EXIT_SIGTERM } from "./command";

/** How long a child may take to save and exit after SIGTERM before its process group is killed. */
export const SIGTERM_GRACE_MS = 2000;

/** The environment variable naming the control pipe's fd in the child (and marking it as supervised). */
const CONTROL_ENV = "POLARLAB_CONTROL_FD";
const CONTROL_FD = 3;

/**
 * In the child: the control pipe's fd, or undefined when this process is not supervised. The variable is
 * removed from the environment, so that a `polarlab` a cell starts is supervised by its own parent.
 */
export function takeControlFd(): number | undefined {
  const value = process.env[CONTROL_ENV];
  if (value === undefined) return undefined;
  delete process.env[CONTROL_ENV];
  return Number(value);
}

/** Signals a process group, ignoring one that has already gone. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ESRCH") throw e;
  }
}

/** Runs `polarlab name args…` as a supervised child; resolves to the exit status for this process. */
export async function supervise(name: string, args: string[]): Promise<number> {
  // The child gets this node's flags, except a debugger's, whose port this process already holds.
  const flags = process.execArgv.filter((flag) => !/^--(inspect|debug)/.test(flag));
  const child = spawn(process.execPath, [...flags, POLARLAB_BIN, name, ...args], {
    stdio: ["inherit", "inherit", "inherit", "pipe"],
    env: { ...process.env, [CONTROL_ENV]: String(CONTROL_FD) },
    detached: true, // a process group of its own: signals reach it only through this parent
  });
  const control = child.stdio[CONTROL_FD] as Writable;
  control.on("error", () => undefined); // the child has exited: nothing left to tell
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  let terminated = false;
  let killTimer: NodeJS.Timeout | undefined;
  const onSigterm = () => {
    if (terminated || child.pid === undefined) return;
    terminated = true;
    control.write("SIGTERM\n");
    signalGroup(child.pid, "SIGTERM");
    const pid = child.pid;
    killTimer = setTimeout(() => {
      writeSync(2, `polarlab ${name}: still running ${SIGTERM_GRACE_MS / 1000} s after SIGTERM (busy in native code?); killed it with SIGKILL\n`);
      signalGroup(pid, "SIGKILL");
    }, SIGTERM_GRACE_MS);
  };
  const onSigint = () => child.pid !== undefined && signalGroup(child.pid, "SIGINT");
  process.on("SIGTERM", onSigterm);
  process.on("SIGINT", onSigint);
  try {
    const [code, signal] = await exited;
    clearTimeout(killTimer);
    if (terminated) {
      signalGroup(child.pid!, "SIGKILL"); // what a cell started and left behind
      return EXIT_SIGTERM;
    }
    return signal ? 128 + constants.signals[signal] : (code ?? 1);
  } finally {
    process.off("SIGTERM", onSigterm);
    process.off("SIGINT", onSigint);
    control.destroy();
  }
}
