// Where a long loop finds the AbortSignal of the work it belongs to when the caller passes none: the running
// notebook cell's (aborted by a kernel interrupt; the display sink the kernel installs provides it), else none.
// It lives below models, metrics and display, so that a metric stops on an interrupt without importing display.

type SignalSource = () => AbortSignal | undefined;

let source: SignalSource = () => undefined;

/** Sets where currentSignal() looks (toolkit/display's setSink points it at the installed sink). */
export function setSignalSource(next: SignalSource): void {
  source = next;
}

/** The running cell's AbortSignal; undefined outside the kernel. */
export function currentSignal(): AbortSignal | undefined {
  return source();
}
