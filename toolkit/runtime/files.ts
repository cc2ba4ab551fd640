// Crash-safe files: a file is written under a unique temporary name next to its destination, flushed
// to disk (fsync) and renamed over the destination, so a reader sees either the old or the new content
// in full, never a mix, and concurrent writers never share a temporary name. Checksums let a reader
// tell a file that was cut off or edited by hand from the one that was written.
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** A temporary name beside `file`, unique across processes and hosts sharing the directory. */
export function tempName(file: string): string {
  return `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
}

function syncDir(dir: string): void {
  // Makes the rename itself durable; some filesystems refuse fsync on a directory, which is harmless.
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    // not supported here
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Writes `data` to `file` atomically and durably: unique temp file → fsync → rename → fsync of the directory. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = tempName(file);
  const fd = fs.openSync(temp, "wx");
  try {
    if (typeof data === "string") fs.writeSync(fd, data);
    else {
      for (let off = 0; off < data.byteLength; ) off += fs.writeSync(fd, data, off, data.byteLength - off);
    }
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
  syncDir(path.dirname(file));
}

/** The hex SHA-256 of `data`. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Parses the JSON text of `file`; a cut-off or otherwise broken file is an error naming it and what to do. */
export function parseJsonFile<T>(file: string, text: string, remedy: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}); it was cut off or edited. ${remedy}`);
  }
}
