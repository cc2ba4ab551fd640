// Long metric loops stop on the caller's AbortSignal, or on the running notebook cell's (a kernel interrupt),
// as the cross-area contract asks: `options.signal ?? currentSignal()`.
import { currentSignal } from "../runtime/cancellation";

export function loopSignal(signal: AbortSignal | undefined): AbortSignal | undefined {
  return signal ?? currentSignal();
}

