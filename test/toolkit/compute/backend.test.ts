// Backend selection: the fastest backend that loads is chosen and every faster one skipped is explained;
// POLARLAB_BACKEND overrides (checked in a child process, since selection happens once per process).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { backendReport, ensureBackend, formatBackendReport } from "../../../toolkit/compute/backend";

const computeIndex = path.resolve(__dirname, "../../../toolkit/compute");

function childBackend(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const script = `require(${JSON.stringify(computeIndex)}).ensureBackend().then(b => console.log(b), e => { console.error(e.message); process.exit(3); })`;
  const r = spawnSync(process.execPath, ["-e", script], { env: { ...process.env, ...env }, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

describe("backend selection", () => {
  test("chooses a backend, reports it and explains each faster one skipped", async () => {
    const name = await ensureBackend();
    assert.equal(tf.getBackend(), name);
    const report = backendReport();
    assert.ok(report);
    const order = ["node-gpu", "node", "wasm", "cpu"];
    const chosen = order.indexOf(report.candidate);
    assert.deepEqual(report.skipped.map((s) => s.candidate), order.slice(0, chosen));
    for (const s of report.skipped) assert.ok(s.reason.length > 10, `reason for ${s.candidate}: ${s.reason}`);
    assert.match(formatBackendReport(report), new RegExp(`backend: ${name}`));
  });

  test("POLARLAB_BACKEND=cpu overrides; an unknown value is an error naming it", () => {
    const cpu = childBackend({ POLARLAB_BACKEND: "cpu" });
    assert.equal(cpu.status, 0, cpu.stderr);
    assert.equal(cpu.stdout.split("\n").pop(), "cpu");
    const bad = childBackend({ POLARLAB_BACKEND: "gpu" });
    assert.equal(bad.status, 3);
    assert.match(bad.stderr, /POLARLAB_BACKEND must be one of node-gpu, node, wasm, cpu, got "gpu"/);
  });
});
