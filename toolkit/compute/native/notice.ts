// The one line every entry point (kernel banner, info(), `polarlab main`, `polarlab study`) prints when training
// runs without the native OpenBLAS kernels: why, what it costs and the command that fixes it. The words and the
// fix per platform come from scripts/native-help.js, which the install script's framed notice uses too.
import * as path from "node:path";

import type { BackendReport } from "../backend";
import { repoRoot } from "./addon";

interface NativeHelp {
  COST_SHORT: string;
  fixLine(): string;
}

function nativeHelp(): NativeHelp {
  return require(path.join(repoRoot(), "scripts", "native-help.js")) as NativeHelp;
}

/**
 * One line saying that training runs on the slow path and how to fix it, or undefined when no such line is due:
 * native TensorFlow runs (the addon does not apply), or the native kernels are enabled. `report` is
 * toolkit/compute's backendReport() once the backend is selected.
 */
export function slowPathNotice(report: BackendReport | undefined): string | undefined {
  if (!report?.native || report.native.enabled) return undefined;
  const help = nativeHelp();
  const reason = report.native.reason;
  if (/POLARLAB_NATIVE=0/.test(reason)) {
    return `polarlab: native kernels switched off by POLARLAB_NATIVE=0; ${help.COST_SHORT}. Unset it for the fast path.`;
  }
  return `polarlab: native kernels not in use (${reason}); ${help.COST_SHORT}. Fix: ${help.fixLine()}`;
}
