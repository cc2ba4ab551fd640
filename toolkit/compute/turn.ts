// Yielding to the event loop inside long loops (docs/architecture.md, "Conventions"), so that
// an interrupt is seen within a step. nextTurn resolves on the next turn of the event loop, or at once when
// the signal aborts: the kernel cancels an interrupted cell's pending timers, so a loop must never wait on
// one after its abort. Callers check the signal right after (signal.throwIfAborted()).

/** Resolves on the next event-loop turn (setImmediate), or as soon as `signal` aborts. */
export function nextTurn(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearImmediate(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setImmediate(done);
    signal?.addEventListener("abort", done, { once: true });
  });
}
