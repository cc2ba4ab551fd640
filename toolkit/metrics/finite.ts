// The check every metric makes on what it computes (validate.ts re-exports it): a score is finite or throws. It imports
// nothing, so modules that run in worker threads (logisticFit.ts) can use it without loading tfjs.

/** Throws when a computed score is not finite, so no NaN/Infinity is ever returned silently. */
export function finiteResult(value: number, what: string, advice: string): number {
  if (!Number.isFinite(value)) throw new Error(`${what} is ${value}: ${advice}`);
  return value;
}
