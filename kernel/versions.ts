// Version strings for kernel_info and info(): read from package.json files only, so that the kernel can
// answer kernel_info before TypeScript, tslab or the toolkit are loaded.
import * as fs from "node:fs";

/** The version of an installed package, or undefined where it is not installed. */
export function packageVersion(name: string): string | undefined {
  try {
    return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;
  } catch {
    return undefined;
  }
}

export { polarlabVersion } from "../toolkit/runtime/version";

/** The TypeScript version cells are compiled with (the one tslab bundles). */
export function typescriptVersion(): string {
  return packageVersion("@tslab/typescript-for-tslab") ?? packageVersion("typescript") ?? "unknown";
}
