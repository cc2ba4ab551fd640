// What polarlab tells a user whose native OpenBLAS kernels are not in use: what it costs (measured) and the
// commands that fix it on this platform. One source for the install script's framed notice
// (scripts/build-native.js) and the one line every entry point prints at start (toolkit/compute/native/notice.ts).
// Plain CommonJS: the install script runs before the TypeScript is compiled.
"use strict";
const fs = require("node:fs");

/**
 * The slowdown without the native kernels, measured with `node dist/bench/train-step.js` (ms per training step,
 * batch 64, 64×64×1) and `npm start` on a fresh Debian machine, with and without the addon.
 */
const COST = "training runs about 6x slower (fc β-VAE step 816 vs 137 ms, conv 1,010 vs 207 ms; " +
  "`npm start` hours instead of about 17 minutes)";
const COST_SHORT = "training runs about 6x slower";

/** Rebuilds only polarlab's native addon and shows its output (npm hides install-script output otherwise). */
const REBUILD = "npm rebuild polarlab --foreground-scripts";

/**
 * The one command that installs what the addon needs on this platform: OpenBLAS headers, a C++ compiler, make and
 * python3 (node-gyp's build tools); on macOS the Xcode command-line tools (Accelerate ships with the system).
 */
function installCommand(platform = process.platform, exists = fs.existsSync, root = process.getuid?.() === 0) {
  const sudo = root ? "" : "sudo ";
  if (platform === "darwin") return "xcode-select --install";
  if (platform === "linux") {
    if (exists("/usr/bin/apt-get")) return `${sudo}apt-get install -y libopenblas-dev g++ make python3`;
    if (exists("/usr/bin/dnf")) return `${sudo}dnf install -y openblas-devel gcc-c++ make python3`;
    if (exists("/sbin/apk")) return `${sudo}apk add openblas-dev g++ make python3`;
  }
  return "install OpenBLAS with its cblas.h, a C++ compiler, make and python3";
}

/** The fix as one line: the install command, then the rebuild. */
function fixLine(platform, exists, root) {
  return `${installCommand(platform, exists, root)} && ${REBUILD}`;
}

/** Words of `text` in lines of at most `width` characters (a longer word stays whole). */
function wrap(text, width) {
  const lines = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  return current ? [...lines, current] : lines;
}

/** The install script's notice, framed so it stands out among npm's own lines. */
function framedNotice(why, platform, exists, root) {
  const field = (label, text) => wrap(text, 72).map((l, i) => `${i === 0 ? label : " ".repeat(label.length)}${l}`);
  const rows = [
    "polarlab: the native OpenBLAS kernels were NOT built",
    "",
    ...field("why:   ", why),
    ...field("cost:  ", COST),
    ...field("fix:   ", installCommand(platform, exists, root)),
    ...field("then:  ", REBUILD),
  ];
  const width = Math.max(...rows.map((r) => r.length));
  const line = "─".repeat(width + 2);
  return [`┌${line}┐`, ...rows.map((r) => `│ ${r.padEnd(width)} │`), `└${line}┘`].join("\n");
}

module.exports = { COST, COST_SHORT, REBUILD, installCommand, fixLine, framedNotice };
