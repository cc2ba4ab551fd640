// The Jupyter kernelspec "polarlab" ("TypeScript (polarlab)"): kernel.json running this installation's
// bin/polarlab.js with the current node, installed where Jupyter looks (jupyter_client's paths):
// --user: the user data dir; --sys-prefix: <python sys.prefix>/share/jupyter; --prefix P: P/share/jupyter.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { POLARLAB_BIN } from "../toolkit/runtime/bin";

export const KERNEL_NAME = "polarlab";
export const DISPLAY_NAME = "TypeScript (polarlab)";

export type InstallTarget = { kind: "user" } | { kind: "sys-prefix" } | { kind: "prefix"; prefix: string };

export { POLARLAB_BIN };

export function kernelJson(): Record<string, unknown> {
  return {
    argv: [process.execPath, POLARLAB_BIN, "kernel", "--connection-file", "{connection_file}"],
    display_name: DISPLAY_NAME,
    language: "typescript",
    // interrupt_request on the control channel; the kernel handles SIGINT as well.
    interrupt_mode: "message",
    metadata: { debugger: false },
  };
}

/** Jupyter's per-user data directory (JUPYTER_DATA_DIR overrides it), as jupyter_core computes it. */
export function userDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  if (process.platform === "darwin") return path.join(os.homedir(), "Library", "Jupyter");
  if (process.platform === "win32") return path.join(process.env.APPDATA ?? os.homedir(), "jupyter");
  return path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), ".local", "share"), "jupyter");
}

function sysPrefix(): string {
  for (const python of ["python3", "python"]) {
    try {
      return execFileSync(python, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8" }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error("polarlab install --sys-prefix: no python3 or python on PATH to ask for sys.prefix; use --prefix P or --user");
}

export function kernelsDir(target: InstallTarget): string {
  if (target.kind === "user") return path.join(userDataDir(), "kernels");
  const prefix = target.kind === "prefix" ? path.resolve(target.prefix) : sysPrefix();
  return path.join(prefix, "share", "jupyter", "kernels");
}

/** <kernels>/polarlab, where installKernelspec writes kernel.json. */
export function kernelspecDir(target: InstallTarget): string {
  return path.join(kernelsDir(target), KERNEL_NAME);
}

/** Writes <kernels>/polarlab/kernel.json and returns the kernelspec directory. */
export function installKernelspec(target: InstallTarget): string {
  const dir = kernelspecDir(target);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(kernelJson(), null, 2) + "\n");
  return dir;
}
