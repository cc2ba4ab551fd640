// Picks the fastest tfjs backend that works in this process, at import (docs/decisions.md, "Backends"):
// native TensorFlow with CUDA (@tensorflow/tfjs-node-gpu), native TensorFlow on the CPU (@tensorflow/tfjs-node),
// WebAssembly with XNNPACK (@tensorflow/tfjs-backend-wasm), then tfjs' plain JavaScript `cpu` backend.
// POLARLAB_BACKEND=node-gpu|node|wasm|cpu overrides the order; POLARLAB_NATIVE=0 disables the native BLAS kernels.
import * as tf from "@tensorflow/tfjs";
import { patchBackendKernels } from "./kernels";

export type BackendChoice = "node-gpu" | "node" | "wasm" | "cpu";

export interface BackendAttempt {
  candidate: BackendChoice;
  /** Why this faster candidate was not used. */
  reason: string;
}

export interface BackendReport {
  /** The tfjs backend name in use ("tensorflow", "wasm" or "cpu"). */
  backend: string;
  /** The candidate that was chosen. */
  candidate: BackendChoice;
  /** Faster candidates that were skipped, fastest first, each with the reason. */
  skipped: BackendAttempt[];
  /** Set when POLARLAB_BACKEND chose the backend. */
  override?: BackendChoice;
  /** Kernels polarlab registered because the backend lacked them (toolkit/compute/kernels). */
  addedKernels: string[];
  /** Backend kernels polarlab wrapped with a faster composition (toolkit/compute/kernels). */
  wrappedKernels: string[];
  /** The native BLAS accelerator (toolkit/compute/native), where it applies. */
  native?: { enabled: boolean; reason: string };
  /** wasm only: which binary runs (SIMD, threads). */
  wasm?: { simd: boolean; threads: boolean };
}

const ORDER: BackendChoice[] = ["node-gpu", "node", "wasm", "cpu"];
const PACKAGES: Record<BackendChoice, string> = {
  "node-gpu": "@tensorflow/tfjs-node-gpu",
  node: "@tensorflow/tfjs-node",
  wasm: "@tensorflow/tfjs-backend-wasm",
  cpu: "@tensorflow/tfjs (built in)",
};

function describeLoadError(pkg: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/Cannot find module/.test(message) && message.includes(pkg)) {
    return `${pkg} is not installed (it is an optional dependency whose install downloads libtensorflow, which fails without network access)`;
  }
  return `${pkg} failed to load: ${message.split("\n")[0]}`;
}

/** Loads tfjs-node(-gpu) and switches to its "tensorflow" backend; throws a readable reason when it cannot. */
async function tryNode(choice: "node-gpu" | "node"): Promise<void> {
  const pkg = PACKAGES[choice];
  try {
    require(pkg);
  } catch (err) {
    throw new Error(describeLoadError(pkg, err));
  }
  if (!(await tf.setBackend("tensorflow"))) throw new Error(`${pkg} loaded but its "tensorflow" backend failed to initialise`);
  if (choice === "node-gpu") {
    // tfjs-node-gpu silently falls back to the CPU build of libtensorflow when CUDA is absent.
    const gpus = (tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice;
    if (gpus === false) throw new Error(`${pkg} loaded but found no CUDA GPU`);
  }
}

async function tryWasm(): Promise<void> {
  try {
    require("@tensorflow/tfjs-backend-wasm"); // registers "wasm"; in Node it reads its .wasm files from its dist folder
  } catch (err) {
    throw new Error(describeLoadError(PACKAGES.wasm, err));
  }
  if (!(await tf.setBackend("wasm"))) throw new Error(`${PACKAGES.wasm} failed to initialise its WebAssembly module`);
}

async function tryCandidate(choice: BackendChoice): Promise<void> {
  if (choice === "node-gpu" || choice === "node") return tryNode(choice);
  if (choice === "wasm") return tryWasm();
  if (!(await tf.setBackend("cpu"))) throw new Error("the tfjs cpu backend failed to initialise");
}

function readOverride(): BackendChoice | undefined {
  const raw = process.env.POLARLAB_BACKEND;
  if (raw === undefined || raw === "") return undefined;
  if (!(ORDER as string[]).includes(raw)) {
    throw new Error(`POLARLAB_BACKEND must be one of ${ORDER.join(", ")}, got ${JSON.stringify(raw)}`);
  }
  return raw as BackendChoice;
}

interface NativeModule {
  enableNativeKernels(backendName: string): { enabled: boolean; reason: string };
}

/** Calls the optional native BLAS accelerator (owned by toolkit/compute/native) for wasm or cpu; it reads
 *  POLARLAB_NATIVE itself. */
function enableNative(backendName: string): { enabled: boolean; reason: string } {
  let native: NativeModule;
  try {
    native = require("./native") as NativeModule;
  } catch (err) {
    const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
    return { enabled: false, reason: `toolkit/compute/native is not available: ${message}` };
  }
  try {
    return native.enableNativeKernels(backendName);
  } catch (err) {
    return { enabled: false, reason: `enableNativeKernels threw: ${err instanceof Error ? err.message : String(err)}` };
  }
}

async function wasmFeatures(): Promise<{ simd: boolean; threads: boolean }> {
  const simd = Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"));
  const threads = Boolean(await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT"));
  return { simd, threads };
}

async function select(): Promise<BackendReport> {
  const override = readOverride();
  const order = override ? [override] : ORDER;
  const skipped: BackendAttempt[] = [];
  for (const candidate of order) {
    try {
      await tryCandidate(candidate);
    } catch (err) {
      skipped.push({ candidate, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    const backend = tf.getBackend();
    const patches = patchBackendKernels(backend); // before the native kernels, which fall back to these
    const report: BackendReport = { backend, candidate, skipped, addedKernels: patches.added, wrappedKernels: patches.wrapped };
    if (override) report.override = override;
    if (backend === "wasm") report.wasm = await wasmFeatures();
    if (backend === "wasm" || backend === "cpu") report.native = enableNative(backend);
    return report;
  }
  throw new Error(`no tfjs backend could be started: ${skipped.map((s) => `${s.candidate}: ${s.reason}`).join("; ")}`);
}

let selection: Promise<BackendReport> | undefined;
let settled: BackendReport | undefined;

/** Starts (once) and awaits the backend selection; resolves to the tfjs backend name in use. */
export async function ensureBackend(): Promise<string> {
  if (!selection) {
    selection = select().then((r) => (settled = r));
  }
  return (await selection).backend;
}

/** What ensureBackend chose and why each faster backend was skipped; undefined until selection has finished. */
export function backendReport(): BackendReport | undefined {
  return settled;
}

/** The report as readable lines, for a notebook or the command line. */
export function formatBackendReport(report: BackendReport | undefined = settled): string {
  if (!report) return "backend: not selected yet (await ensureBackend())";
  const lines = [`backend: ${report.backend} (${PACKAGES[report.candidate]}${report.override ? ", set by POLARLAB_BACKEND" : ""})`];
  for (const s of report.skipped) lines.push(`  skipped ${s.candidate}: ${s.reason}`);
  if (report.wasm) lines.push(`  wasm: SIMD ${report.wasm.simd ? "on" : "off"}, threads ${report.wasm.threads ? "on" : "off"}`);
  if (report.addedKernels.length > 0) lines.push(`  added kernels: ${report.addedKernels.join(", ")}`);
  if (report.wrappedKernels.length > 0) lines.push(`  faster wrappers for: ${report.wrappedKernels.join(", ")}`);
  if (report.native) lines.push(`  native BLAS kernels: ${report.native.enabled ? "enabled" : "not enabled"} (${report.native.reason})`);
  return lines.join("\n");
}

// Selection starts at import; callers that need the backend in place await ensureBackend().
ensureBackend().catch(() => undefined);
