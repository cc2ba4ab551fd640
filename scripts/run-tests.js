#!/usr/bin/env node
// Runs every compiled test file (dist/test/**/*.test.js) with Node's test runner; the spec reporter
// ends with the runner's standard summary (tests, pass, fail, ...). Pass paths to run a subset.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

function collect(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(full, out);
    else if (entry.name.endsWith(".test.js")) out.push(full);
  }
  return out;
}

const roots = process.argv.slice(2);
const files = (roots.length ? roots : ["dist/test"]).flatMap((r) =>
  fs.statSync(r).isDirectory() ? collect(r, []) : [r],
).sort();
if (files.length === 0) {
  console.error("no test files found under", roots.length ? roots.join(", ") : "dist/test");
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ["--test", "--test-reporter=spec", "--test-concurrency=1", ...files],
  { stdio: "inherit", env: { ...process.env, POLARLAB_QUIET: "1" } },
);
process.exit(result.status ?? 1);
