// The timers made while a cell runs (setTimeout, setInterval, setImmediate), tracked so that an interrupt
// cancels them: a cell's `for (;;) { …; await new Promise((r) => setTimeout(r, 250)); }` then never resumes.
// The global functions are wrapped once per process; timers made between cells are not tracked, and the
// kernel's own waits use node:timers/promises, which is not wrapped.

export interface TimerOwner {
  /** Each live timer with the function that cancels it. */
  readonly timers: Map<object, (timer: never) => void>;
}

const WRAPPED = Symbol.for("polarlab.cellTimers");

type Scheduler = (callback: (...args: unknown[]) => void, ...rest: unknown[]) => object;

/** Wraps the global timer functions so that `owner()` (the running cell, if any) records what it schedules. */
export function trackTimers(owner: () => TimerOwner | undefined): void {
  const g = globalThis as unknown as Record<string, Scheduler & { [WRAPPED]?: true }>;
  if (g.setTimeout[WRAPPED]) return;
  const kinds: [string, (t: never) => void, boolean][] = [
    ["setTimeout", clearTimeout as (t: never) => void, true],
    ["setInterval", clearInterval as (t: never) => void, false],
    ["setImmediate", clearImmediate as (t: never) => void, true],
  ];
  for (const [name, clear, once] of kinds) {
    const original = g[name];
    const wrapped = function (this: unknown, callback: (...args: unknown[]) => void, ...rest: unknown[]): object {
      const cell = typeof callback === "function" ? owner() : undefined;
      if (!cell) return original.call(this, callback, ...rest);
      const run = once
        ? function (this: unknown, ...args: unknown[]) {
            cell.timers.delete(timer);
            return callback.apply(this, args);
          }
        : callback;
      const timer = original.call(this, run, ...rest);
      cell.timers.set(timer, clear);
      return timer;
    } as Scheduler & { [WRAPPED]?: true };
    // Keep util.promisify.custom and friends (setTimeout's promise form).
    for (const key of Reflect.ownKeys(original)) {
      if (key !== "length" && key !== "name" && key !== "prototype") Reflect.defineProperty(wrapped, key, Reflect.getOwnPropertyDescriptor(original, key)!);
    }
    wrapped[WRAPPED] = true;
    g[name] = wrapped;
  }
}

/** Cancels every timer `owner` created and that has not run yet. */
export function cancelTimers(owner: TimerOwner): void {
  for (const [timer, clear] of owner.timers) clear(timer as never);
  owner.timers.clear();
}
