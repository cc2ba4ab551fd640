// Swaps native kernels into the tfjs kernel registry for one backend, keeping the backend's own
// kernel as the fallback for anything the native path does not cover, and counts which path ran.
import * as tf from "@tensorflow/tfjs";

import type { NativeAddon } from "./addon";
import type { KernelArgs, NativeKernelFunc } from "./kernel";
import { tensorMemory } from "./memory";

/** Per kernel: calls served natively, calls that fell back, and the last fallback's reason. */
export interface KernelStats { native: number; fallback: number; lastFallback?: string }

interface Installed { originals: Map<string, tf.KernelConfig | undefined>; stats: Map<string, KernelStats> }

const installed = new Map<string, Installed>();

function wrap(name: string, backendName: string, native: NativeKernelFunc, addon: NativeAddon,
  original: tf.KernelConfig | undefined, stats: KernelStats): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs) => {
    const memory = tensorMemory(args.backend);
    const result = memory ? native(args, addon, memory) : `backend '${backendName}' memory is not reachable`;
    if (typeof result !== "string") {
      stats.native++;
      return result;
    }
    stats.fallback++;
    stats.lastFallback = result;
    if (!original) {
      throw new Error(`${name} on backend '${backendName}': the native kernel does not support this call (${result}) ` +
        `and the backend has no ${name} kernel of its own to fall back to`);
    }
    return original.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
  };
  return { kernelName: name, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc,
    setupFunc: original?.setupFunc, disposeFunc: original?.disposeFunc };
}

/** Registers each kernel for backendName (replacing, not stacking, on repeated calls). */
export function installKernels(backendName: string, kernels: Record<string, NativeKernelFunc>, addon: NativeAddon): void {
  uninstallKernels(backendName);
  const entry: Installed = { originals: new Map(), stats: new Map() };
  for (const [name, native] of Object.entries(kernels)) {
    const original = tf.getKernel(name, backendName);
    if (original) tf.unregisterKernel(name, backendName);
    const stats: KernelStats = { native: 0, fallback: 0 };
    entry.originals.set(name, original);
    entry.stats.set(name, stats);
    tf.registerKernel(wrap(name, backendName, native, addon, original, stats));
  }
  installed.set(backendName, entry);
}

/** Restores the kernels that were registered before installKernels; false when none were installed. */
export function uninstallKernels(backendName: string): boolean {
  const entry = installed.get(backendName);
  if (!entry) return false;
  for (const [name, original] of entry.originals) {
    tf.unregisterKernel(name, backendName);
    if (original) tf.registerKernel(original);
  }
  installed.delete(backendName);
  return true;
}

/** Counters per kernel name for a backend with native kernels installed (empty otherwise). */
export function kernelStats(backendName: string): Record<string, KernelStats> {
  const entry = installed.get(backendName);
  return entry ? Object.fromEntries([...entry.stats].map(([k, v]) => [k, { ...v }])) : {};
}
