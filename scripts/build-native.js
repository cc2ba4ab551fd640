#!/usr/bin/env node
// Builds the optional OpenBLAS addon (native/binding.gyp) into build/Release/polarlab_native.node.
// Runs as the npm "install" script, so it must never fail the install: when the build is impossible
// (no C++ compiler, no OpenBLAS headers, node-gyp missing or failing) it says why, records the reason
// in build/native-build.log for toolkit/compute/native to report, ends with a framed notice (the
// slowdown and the commands that fix it, scripts/native-help.js), and exits 0.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { framedNotice } = require("./native-help");

const root = path.resolve(__dirname, "..");
const nativeDir = path.join(root, "native");
// POLARLAB_NATIVE_BUILD_DIR redirects the product and log (the test of this script uses it).
const buildDir = process.env.POLARLAB_NATIVE_BUILD_DIR || path.join(root, "build");
const outDir = path.join(buildDir, "Release");
const product = path.join(outDir, "polarlab_native.node");
const logFile = path.join(buildDir, "native-build.log");

function record(ok, message) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.writeFileSync(logFile, `${ok ? "ok" : "failed"}: ${message}\n`);
}

function skip(reason) {
  record(false, `not built (${reason})`);
  console.log(`polarlab native kernels: not built (${reason}); polarlab will use the plain tfjs kernels`);
  // Switched off on purpose: the one line above is enough. Otherwise the install ends with the framed notice.
  if (process.env.POLARLAB_NATIVE !== "0") console.log(`\n${framedNotice(reason)}\n`);
  process.exit(0);
}

function has(command, args) {
  const r = spawnSync(command, args, { stdio: "ignore" });
  return r.status === 0;
}

function findNodeGyp() {
  const candidates = [];
  try {
    candidates.push(require.resolve("node-gyp/bin/node-gyp.js"));
  } catch {
    // not a direct dependency: look for the copy bundled with npm
  }
  if (process.env.npm_execpath) {
    candidates.push(path.join(path.dirname(process.env.npm_execpath), "..", "node_modules", "node-gyp", "bin", "node-gyp.js"));
  }
  const prefix = path.resolve(path.dirname(process.execPath), "..");
  candidates.push(path.join(prefix, "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"));
  return candidates.find((c) => fs.existsSync(c));
}

function findOpenBlasHeader() {
  const dirs = ["/usr/include", "/usr/include/x86_64-linux-gnu", "/usr/include/aarch64-linux-gnu",
    "/usr/include/openblas", "/usr/local/include", "/opt/homebrew/opt/openblas/include"];
  return dirs.map((d) => path.join(d, "cblas.h")).find((f) => fs.existsSync(f));
}

// Node's headers: npm passes npm_config_nodedir; a distro node (/usr/bin/node) ships them in /usr/include/node.
function nodedirArgs() {
  const configured = process.env.npm_config_nodedir;
  if (configured) return [`--nodedir=${configured}`];
  const prefix = path.resolve(path.dirname(process.execPath), "..");
  return fs.existsSync(path.join(prefix, "include", "node", "node_api.h")) ? [`--nodedir=${prefix}`] : [];
}

function main() {
  if (process.env.POLARLAB_NATIVE === "0") skip("POLARLAB_NATIVE=0");
  const cxx = process.env.CXX || "c++";
  if (!has(cxx, ["--version"])) skip(`no C++ compiler: '${cxx} --version' failed; install g++ or set CXX`);
  // macOS: the Accelerate framework provides CBLAS and LAPACK (native/binding.gyp; untested).
  if (process.platform !== "darwin" && !findOpenBlasHeader()) skip("OpenBLAS not found: no cblas.h; install libopenblas-dev");
  const nodeGyp = findNodeGyp();
  if (!nodeGyp) skip("node-gyp not found (it ships with npm)");
  const r = spawnSync(process.execPath, [nodeGyp, "rebuild", ...nodedirArgs()], {
    cwd: nativeDir, encoding: "utf8", env: process.env,
  });
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    console.log(tail);
    skip(`node-gyp rebuild failed with exit code ${r.status ?? r.signal}; see the lines above`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  // Copy then rename: running processes keep their mapped (old) file instead of crashing on a rewrite.
  const staged = `${product}.${process.pid}.tmp`;
  fs.copyFileSync(path.join(nativeDir, "build", "Release", "polarlab_native.node"), staged);
  fs.renameSync(staged, product);
  record(true, `built ${path.relative(root, product)}`);
  console.log(`polarlab native kernels: built ${path.relative(root, product)}`);
}

try {
  main();
} catch (error) {
  skip(`unexpected error: ${error && error.message ? error.message : error}`);
}
