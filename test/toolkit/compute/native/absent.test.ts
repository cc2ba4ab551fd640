// The paths without the addon: a missing or broken addon file, POLARLAB_NATIVE=0 and an
// unsupported backend each give enabled: false with a reason and leave the kernels untouched.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";

import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

import { createAdam, enableNativeKernels, loadNativeAddon } from "../../../../toolkit/compute/native";

function withEnv<T>(name: string, value: string, fn: () => T): T {
  const saved = process.env[name];
  process.env[name] = value;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  }
}

describe("without the native addon", () => {
  // These tests set the switches themselves, so they also pass in a run with POLARLAB_NATIVE=0.
  const saved = { native: process.env.POLARLAB_NATIVE, path: process.env.POLARLAB_NATIVE_PATH };
  before(() => {
    delete process.env.POLARLAB_NATIVE;
    delete process.env.POLARLAB_NATIVE_PATH;
  });
  after(() => {
    if (saved.native !== undefined) process.env.POLARLAB_NATIVE = saved.native;
    if (saved.path !== undefined) process.env.POLARLAB_NATIVE_PATH = saved.path;
  });

  test("a missing addon file is reported with its path", () => {
    const missing = path.join(os.tmpdir(), "polarlab-no-such-dir", "Release", "polarlab_native.node");
    const r = loadNativeAddon(missing);
    assert.equal(r.addon, null);
    assert.match(r.reason, /native addon not found at .*polarlab-no-such-dir/);
  });

  test("a file that is not a shared library is reported as failing to load", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-native-"));
    const broken = path.join(dir, "broken.node");
    fs.writeFileSync(broken, "not an ELF file");
    try {
      const r = loadNativeAddon(broken);
      assert.equal(r.addon, null);
      assert.match(r.reason, /failed to load/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  test("enableNativeKernels reports a missing addon and keeps the backend's kernels", async () => {
    await tf.setBackend("wasm");
    const before = tf.getKernel("BatchMatMul", "wasm");
    const r = withEnv("POLARLAB_NATIVE_PATH", "/nonexistent/polarlab_native.node", () => enableNativeKernels("wasm"));
    assert.equal(r.enabled, false);
    assert.match(r.reason, /not found at \/nonexistent\/polarlab_native\.node/);
    assert.equal(tf.getKernel("BatchMatMul", "wasm"), before);
  });

  test("POLARLAB_NATIVE=0 disables native kernels and native Adam", () => {
    const r = withEnv("POLARLAB_NATIVE", "0", () => enableNativeKernels("wasm"));
    assert.deepEqual(r, { enabled: false, reason: "disabled by POLARLAB_NATIVE=0" });
    const optimizer = withEnv("POLARLAB_NATIVE", "0", () => createAdam());
    assert.equal(optimizer.native, false);
    assert.match(optimizer.nativeReason, /POLARLAB_NATIVE=0/);
    optimizer.dispose();
  });

  test("an unsupported backend is named in the reason", () => {
    const r = enableNativeKernels("webgl");
    assert.equal(r.enabled, false);
    assert.match(r.reason, /not 'webgl'/);
  });

  test("the install script exits 0 and says why when there is no compiler", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-build-"));
    try {
      const script = path.resolve(__dirname, "..", "..", "..", "..", "..", "scripts", "build-native.js");
      const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
      const r = spawnSync(process.execPath, [script], {
        encoding: "utf8", env: { ...process.env, CXX: "/nonexistent/c++", POLARLAB_NATIVE_BUILD_DIR: dir },
      });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /not built \(no C\+\+ compiler/);
      assert.match(r.stdout, /│ polarlab: the native OpenBLAS kernels were NOT built +│/);
      assert.match(r.stdout, /│ then: +npm rebuild polarlab --foreground-scripts +│/);
      assert.match(fs.readFileSync(path.join(dir, "native-build.log"), "utf8"), /^failed: not built/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
