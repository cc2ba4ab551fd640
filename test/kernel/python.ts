// Runs Debian's /usr/bin/python3 (which has jupyter_client, nbclient, nbformat and jupyter_kernel_test)
// for the tests that need the real Jupyter clients.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BIN, REPO } from "./client";

export const PYTHON = "/usr/bin/python3";
/** The Python sources live beside the TypeScript tests (they are not compiled into dist/). */
export const PY_DIR = path.join(REPO, "test", "kernel");

export function python(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}) {
  const r = spawnSync(PYTHON, ["-B", ...args], { cwd: options.cwd ?? PY_DIR, env: { ...process.env, ...options.env }, input: options.input, encoding: "utf8", timeout: options.timeoutMs ?? 300_000 });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error };
}

/** Installs the kernelspec with `polarlab install --prefix` into a temporary prefix; returns its JUPYTER_PATH. */
export function installTemporaryKernelspec(): { jupyterPath: string; cleanup(): void } {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-prefix-"));
  const r = spawnSync(process.execPath, [BIN, "install", "--prefix", prefix], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`polarlab install --prefix failed (${r.status}): ${r.stderr}`);
  return { jupyterPath: path.join(prefix, "share", "jupyter"), cleanup: () => fs.rmSync(prefix, { recursive: true, force: true }) };
}
