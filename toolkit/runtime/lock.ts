// A lock on a directory, held while a process trains in it: the lock is a file (.lock) created with
// link(2), which is atomic also on NFS, holding the holder's host, pid and a token. Another process
// (or another run in the same process) waits until it is released. A lock whose holder died is taken
// over: on the same host when its pid no longer exists, from another host when the holder has not
// refreshed it (it touches the file every staleMs / 4) for staleMs.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { tempName } from "./files";

export const LOCK_FILE = ".lock";

interface Holder {
  host: string;
  pid: number;
  token: string;
  since: string;
}

export interface LockOptions {
  /** Stops waiting (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** How often a waiting process looks again, ms (default 200). */
  pollMs?: number;
  /** A lock held from another host and not refreshed for this long is taken over, ms (default 600,000). */
  staleMs?: number;
  /** Called once when the lock is found held, with a sentence naming the holder. */
  onWait?: (message: string) => void;
}

function readHolder(file: string): Holder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Holder;
  } catch {
    return undefined; // gone, or being replaced right now
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isStale(file: string, holder: Holder | undefined, staleMs: number): boolean {
  if (holder && holder.host === os.hostname()) return !processExists(holder.pid);
  try {
    return Date.now() - fs.statSync(file).mtimeMs > staleMs;
  } catch {
    return false;
  }
}

function tryCreate(file: string, holder: Holder): boolean {
  const temp = tempName(file);
  fs.writeFileSync(temp, JSON.stringify(holder));
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** Removes a dead holder's lock, but only if it is still that holder's (a rename away, then a check). */
function breakStale(file: string, dead: Holder | undefined): void {
  const moved = tempName(file);
  try {
    fs.renameSync(file, moved);
  } catch {
    return; // someone else broke it first
  }
  const now = readHolder(moved);
  if (dead && now && now.token !== dead.token) {
    // A live lock was taken in between: put it back unless yet another one exists by now.
    try {
      fs.linkSync(moved, file);
    } catch {
      // another process holds the lock; that one wins
    }
  }
  fs.rmSync(moved, { force: true });
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs `body` holding the lock on `dir` (created if needed); waits while another holds it. */
export async function withDirectoryLock<T>(dir: string, body: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const pollMs = options.pollMs ?? 200;
  const staleMs = options.staleMs ?? 600_000;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const me: Holder = { host: os.hostname(), pid: process.pid, token: randomBytes(8).toString("hex"), since: new Date().toISOString() };
  let told = false;
  while (!tryCreate(file, me)) {
    const holder = readHolder(file);
    if (isStale(file, holder, staleMs)) {
      breakStale(file, holder);
      continue;
    }
    if (!told && options.onWait) {
      told = true;
      options.onWait(`${dir} is locked by ${holder ? `pid ${holder.pid} on ${holder.host} since ${holder.since}` : "another process"}; waiting for it to finish`);
    }
    await delay(pollMs, options.signal);
  }
  const refresh = setInterval(() => {
    const now = new Date();
    try {
      fs.utimesSync(file, now, now);
    } catch {
      // the directory was removed under us; the body will find out
    }
  }, staleMs / 4);
  refresh.unref();
  try {
    return await body();
  } finally {
    clearInterval(refresh);
    if (readHolder(file)?.token === me.token) fs.rmSync(file, { force: true });
  }
}
