// kernel/code-cache.ts: a module loaded through V8's code cache is the one require() returns; the cache is
// written on save(), taken by the next process, rewritten when V8 rejects it (a damaged file), and a cache
// directory that cannot be written costs nothing but the compile. Each load runs in a fresh node process
// (require.cache and V8's cache check are per process).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";

const CODE_CACHE = path.resolve(__dirname, "..", "..", "kernel", "code-cache.js");
let dir: string;
let moduleFile: string;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-code-cache-"));
  moduleFile = path.join(dir, "mod.js");
  const functions = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i % 7}; }`).join("\n");
  fs.writeFileSync(moduleFile, `${functions}\nexports.sum = (x) => ${Array.from({ length: 200 }, (_, i) => `f${i}(x)`).join(" + ")};\nexports.dir = __dirname;\n`);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Loads the module with the cache file in a fresh process, saves, and reports what happened. */
function load(cacheFile: string): { cacheUsed: boolean; same: boolean; sum: number; dir: string } {
  const script = `
    const { requireWithCodeCache } = require(${JSON.stringify(CODE_CACHE)});
    const m = requireWithCodeCache(${JSON.stringify(moduleFile)}, ${JSON.stringify(cacheFile)});
    const sum = m.exports.sum(2);
    m.save();
    console.log(JSON.stringify({ cacheUsed: m.cacheUsed, same: require(${JSON.stringify(moduleFile)}) === m.exports, sum, dir: m.exports.dir }));`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

// Σ_{i<200} (2i + i mod 7): the module's value, computed here independently.
const expected = Array.from({ length: 200 }, (_, i) => 2 * i + (i % 7)).reduce((a, b) => a + b, 0);

describe("code cache", () => {
  test("the first process writes the cache, the next one takes it; require() gets the same module", () => {
    const cacheFile = path.join(dir, "cache", "mod.v8cache");
    const first = load(cacheFile);
    assert.deepEqual(first, { cacheUsed: false, same: true, sum: expected, dir });
    assert.ok(fs.statSync(cacheFile).size > 0, "save() wrote the cache");
    assert.deepEqual(load(cacheFile), { cacheUsed: true, same: true, sum: expected, dir });
  });

  test("a damaged cache is rejected, the module compiles, and the cache is written again", () => {
    const cacheFile = path.join(dir, "damaged.v8cache");
    fs.writeFileSync(cacheFile, Buffer.alloc(4096, 7));
    assert.equal(load(cacheFile).cacheUsed, false);
    assert.equal(load(cacheFile).cacheUsed, true);
  });

  test("a cache directory that cannot be made only costs the compile", () => {
    const blocked = path.join(dir, "a-file");
    fs.writeFileSync(blocked, "");
    const cacheFile = path.join(blocked, "mod.v8cache"); // its parent is a file: mkdir fails with ENOTDIR
    assert.deepEqual(load(cacheFile), { cacheUsed: false, same: true, sum: expected, dir });
    assert.deepEqual(load(cacheFile), { cacheUsed: false, same: true, sum: expected, dir });
  });
});
