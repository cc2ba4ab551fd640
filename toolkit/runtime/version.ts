// polarlab's own version, read from the repository's package.json (this file runs from dist/toolkit/runtime).
// It keys every cached result, so a new version never serves results an older one computed.
import * as fs from "node:fs";
import * as path from "node:path";

export function polarlabVersion(): string {
  const file = path.resolve(__dirname, "..", "..", "..", "package.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}
