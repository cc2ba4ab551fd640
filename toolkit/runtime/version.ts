// polarlab's own version, read once from the repository's package.json (this file runs from
// dist/toolkit/runtime). It keys every cached result, so a new version never serves results an older one computed.
import * as fs from "node:fs";
import * as path from "node:path";

const VERSION = (JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "package.json"), "utf8")) as { version: string }).version;

export function polarlabVersion(): string {
  return VERSION;
}
