// Files the user keeps (claims, tables, checkpoints) are written whole or not at all: to a unique
// temporary name beside the target, fsynced, then renamed over it, so a kill or a crash leaves either
// the old file or the new one, and two writers never share a temporary file.
import * as fs from "node:fs";
import * as path from "node:path";

let counter = 0;

/** Writes `data` to `file` atomically (unique temporary file, fsync, rename). */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const target = path.resolve(file);
  const tmp = `${target}.${process.pid}.${Date.now()}.${counter++}.tmp`;
  const fd = fs.openSync(tmp, "w");
  try {
    if (typeof data === "string") fs.writeSync(fd, data);
    else fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, target);
}
