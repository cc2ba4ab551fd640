// The slow-path notice: the install script's framed notice and the one line every entry point prints when the
// native kernels are not in use (why, cost, the fix for this platform), and no line when they are.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, test } from "node:test";

import type { BackendReport } from "../../../../toolkit/compute/backend";
import { slowPathNotice } from "../../../../toolkit/compute/native/notice";

const ROOT = path.resolve(__dirname, "..", "..", "..", "..", "..");
const help = require(path.join(ROOT, "scripts", "native-help.js")) as {
  installCommand(platform: string, exists: (f: string) => boolean, root: boolean): string;
  framedNotice(why: string, platform: string, exists: (f: string) => boolean, root: boolean): string;
  REBUILD: string;
};

const only = (...files: string[]) => (f: string) => files.includes(f);

function report(native?: { enabled: boolean; reason: string }): BackendReport {
  return { backend: "wasm", candidate: "wasm", skipped: [], addedKernels: [], wrappedKernels: [], ...(native ? { native } : {}) };
}

describe("the slow-path notice", () => {
  test("the install command suits the platform and the user", () => {
    assert.equal(help.installCommand("linux", only("/usr/bin/apt-get"), false), "sudo apt-get install -y libopenblas-dev g++ make python3");
    assert.equal(help.installCommand("linux", only("/usr/bin/apt-get"), true), "apt-get install -y libopenblas-dev g++ make python3");
    assert.equal(help.installCommand("linux", only("/usr/bin/dnf"), true), "dnf install -y openblas-devel gcc-c++ make python3");
    assert.equal(help.installCommand("darwin", only(), false), "xcode-select --install");
    assert.match(help.installCommand("freebsd", only(), false), /^install OpenBLAS/);
  });

  test("the framed notice gives why, cost, fix and rebuild in a closed frame", () => {
    const text = help.framedNotice("OpenBLAS not found: no cblas.h; install libopenblas-dev", "linux", only("/usr/bin/apt-get"), true);
    const lines = text.split("\n");
    assert.ok(lines[0].startsWith("┌") && lines.at(-1)!.startsWith("└"), text);
    assert.equal(new Set(lines.map((l) => l.length)).size, 1, "every line of the frame has the same width");
    assert.match(text, /why: +OpenBLAS not found: no cblas\.h/);
    assert.match(text, /cost: +training runs about 6x slower/);
    assert.match(text, /fix: +apt-get install -y libopenblas-dev g\+\+ make python3/);
    assert.match(text, /then: +npm rebuild polarlab --foreground-scripts/);
  });

  test("no line where the native kernels run or do not apply", () => {
    assert.equal(slowPathNotice(undefined), undefined);
    assert.equal(slowPathNotice(report()), undefined); // native TensorFlow: the addon does not apply
    assert.equal(slowPathNotice(report({ enabled: true, reason: "native kernels on 'wasm': OpenBLAS" })), undefined);
  });

  test("one line with the reason and the fix where the addon is missing", () => {
    const line = slowPathNotice(report({ enabled: false, reason: "native addon not found at /x (failed: not built (OpenBLAS not found))" }));
    assert.ok(line);
    assert.doesNotMatch(line, /\n/);
    assert.match(line, /not in use \(native addon not found at \/x .*\); training runs about 6x slower\. Fix: .* && npm rebuild polarlab --foreground-scripts$/);
  });

  test("POLARLAB_NATIVE=0 is named, with how to undo it", () => {
    const line = slowPathNotice(report({ enabled: false, reason: "disabled by POLARLAB_NATIVE=0" }));
    assert.match(line ?? "", /switched off by POLARLAB_NATIVE=0; training runs about 6x slower\. Unset it/);
  });

  test("polarlab study and main print the line at start, info() and the banner text lead with it", () => {
    const slowPath = path.join(ROOT, "dist", "kernel", "commands", "slow-path.js");
    const helpers = path.join(ROOT, "dist", "kernel", "helpers.js");
    const script = `(async () => {
      await require(${JSON.stringify(slowPath)}).announceSlowPath();
      const h = require(${JSON.stringify(helpers)});
      await h.selectBackend();
      console.log(h.info()[Symbol.for("Jupyter.display")]()["text/plain"]);
    })()`;
    const env: NodeJS.ProcessEnv = { ...process.env, POLARLAB_NATIVE_PATH: "/nonexistent/polarlab_native.node", POLARLAB_BACKEND: "wasm" };
    delete env.POLARLAB_NATIVE;
    const r = spawnSync(process.execPath, ["-e", script], { env, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^polarlab: native kernels not in use \(native addon not found at \/nonexistent\/polarlab_native\.node/);
    assert.match(r.stderr, /Fix: .*npm rebuild polarlab --foreground-scripts\n$/);
    const infoLines = r.stdout.trim().split("\n");
    assert.match(infoLines[1], /^polarlab: native kernels not in use/);
    assert.match(infoLines[2], /^backend: wasm/);
  });
});
