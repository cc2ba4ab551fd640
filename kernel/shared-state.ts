// State shared (SharedArrayBuffer) between the executor thread (main), the protocol thread and the SIGINT
// watcher, so that an interrupt can be delivered the right way while the main thread is busy:
// SYNC = inside the cell's synchronous part (vm breakOnSigint is armed: a SIGINT throws there);
// ASYNC = the cell is awaiting or running continuations (the protocol thread terminates busy code through
// the inspector); IDLE = no cell.
export const IDLE = 0;
export const SYNC = 1;
export const ASYNC = 2;

/** Int32 slots of the shared buffer. */
export const SLOT_STATE = 0;
/** The watcher sets this to 1 when it has released its own SIGINT watchdog (only one may be armed). */
export const SLOT_WATCHER_RELEASED = 1;
/** Incremented by the protocol thread per interrupt; the main thread copies it into SLOT_HANDLED. */
export const SLOT_REQUESTED = 2;
export const SLOT_HANDLED = 3;

export function createSharedState(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * 4));
}
