#!/usr/bin/env node
// The `polarlab` command: the compiled CLI lives in dist/kernel/cli.js (run `npm run build` first).
require("../dist/kernel/cli.js").main(process.argv.slice(2));
