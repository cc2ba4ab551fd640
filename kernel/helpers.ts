// Helpers the prelude brings into every session beside the toolkit: info() (versions and the compute
// backend), prompt() (stdin input_request), page() (the pager payload). The kernel or `polarlab run`
// installs the session behind them.
import { DISPLAY, formatBundle, type MimeBundle } from "../toolkit/display";
import { packageVersion, polarlabVersion, typescriptVersion } from "./versions";

export interface SessionServices {
  /** Asks the front end for a line of input (Jupyter stdin channel). */
  input(prompt: string, password: boolean): Promise<string>;
  /** Adds a pager payload to the running cell's execute_reply. */
  page(bundle: MimeBundle): void;
}

let services: SessionServices | undefined;

export function setSessionServices(next: SessionServices | undefined): void {
  services = next;
}

/** Reads a line from the user (Jupyter's input_request); rejects where the front end has no stdin. */
export function prompt(message = "", options: { password?: boolean } = {}): Promise<string> {
  if (!services) return Promise.reject(new Error("prompt(): no interactive front end here (a headless run has no stdin); pass the value as a parameter instead"));
  return services.input(String(message), options.password === true);
}

/** Shows a value in the front end's pager (Jupyter payload source "page"); elsewhere prints its text. */
export async function page(value: unknown): Promise<void> {
  const bundle = typeof value === "string" ? { "text/plain": value } : await formatBundle(value);
  if (services) services.page(bundle);
  else process.stdout.write(String(bundle["text/plain"]) + "\n");
}

export interface VersionInfo {
  polarlab: string;
  node: string;
  typescript: string;
  tfjs?: string;
  backend: string;
}

/** toolkit/compute, loaded on first use: its import starts the backend selection (tfjs), which the kernel defers. */
function loadCompute(): typeof import("../toolkit/compute") {
  return require("../toolkit/compute");
}

/** Awaits the toolkit's backend selection; a failure is not thrown (cells still run). */
export async function selectBackend(): Promise<void> {
  try {
    await loadCompute().ensureBackend();
  } catch {
    // The toolkit did not load (the prelude reports it) or no backend started (tfjs fails on first use).
  }
}

/**
 * The compute backend report of toolkit/compute, led by the one-line notice when training runs without the
 * native kernels (why, the cost, the fix); the kernel banner and info() show it.
 */
export function backendText(): string {
  try {
    const compute = loadCompute();
    const notice = compute.slowPathNotice(compute.backendReport());
    return [...(notice ? [notice] : []), compute.formatBackendReport()].join("\n");
  } catch (e) {
    return `backend: unavailable (${(e as Error).message.split("\n")[0]})`;
  }
}

/** Versions, the compute backend and why faster backends were not used; displays as text. */
export function info(): VersionInfo & { [DISPLAY](): MimeBundle } {
  const data: VersionInfo = {
    polarlab: polarlabVersion(),
    node: process.version,
    typescript: typescriptVersion(),
    tfjs: packageVersion("@tensorflow/tfjs"),
    backend: backendText(),
  };
  const text = [
    `polarlab ${data.polarlab} (node ${data.node}, TypeScript ${data.typescript}, tfjs ${data.tfjs ?? "not installed"})`,
    data.backend,
  ].join("\n");
  return { ...data, [DISPLAY]: () => ({ "text/plain": text }) };
}
