// polarlab main's time estimates and wall-time table: the arithmetic of the time left, the timings file (kept
// across runs, malformed files named) and the live lines of a run.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";

import { MainProgress } from "../../kernel/commands/main-progress";
import {
  formatDuration, formatLeft, progressLine, readTimings, recordTimings, secondsLeft, speedFactor, timingTable,
} from "../../kernel/commands/timings";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-timings-"));
}

describe("polarlab main's timings", () => {
  test("durations read as m:ss or h:mm:ss; a bad value is an error naming it", () => {
    assert.equal(formatDuration(0), "0:00");
    assert.equal(formatDuration(75.4), "1:15");
    assert.equal(formatDuration(3725), "1:02:05");
    assert.throws(() => formatDuration(Number.NaN), /seconds is NaN; expected a finite number >= 0/);
    assert.throws(() => formatDuration(-1), /seconds is -1/);
  });

  test("the speed factor is the finished notebooks' wall time over their recorded time", () => {
    assert.equal(speedFactor([]), 1);
    assert.equal(speedFactor([{ seconds: 30, recorded: 10 }, { seconds: 50, recorded: 30 }]), 2);
    assert.equal(speedFactor([{ seconds: 30 }, { seconds: 20, recorded: 40 }]), 0.5); // unrecorded ones do not count
  });

  test("time left: records times the factor, less the running notebook's elapsed time; no total with a gap", () => {
    assert.deepEqual(secondsLeft([100, 200], 2, 50), { total: 150 + 400, known: 550 });
    assert.deepEqual(secondsLeft([100, 200], 1, 500), { total: 200, known: 200, overdue: true }); // 0, not negative
    assert.equal(formatLeft({ total: 240, known: 240, overdue: true }, 0), "~4:00 left after this notebook");
    assert.deepEqual(secondsLeft([100, undefined, 30], 1), { total: undefined, known: 130 });
    assert.equal(formatLeft({ total: 750, known: 750 }, 0), "~12:30 left");
    assert.equal(formatLeft({ known: 190 }, 2), "≥ ~3:10 left (no earlier time for 2 notebooks)");
  });

  test("the live line shows a bar against the expected time, or says there is none", () => {
    assert.equal(progressLine("01-x", 30, 60, "~5:00 left"), "  01-x: [##########..........] 0:30 of ~1:00; ~5:00 left");
    assert.match(progressLine("01-x", 90, 60, "~0:00 left"), /\[#{20}\] 1:30 of ~1:00, longer than expected/);
    assert.match(progressLine("01-x", 30, undefined, "x"), /0:30 elapsed \(no earlier time to compare\)/);
  });

  test("the table lists each notebook's wall time, estimate and status, then the total", () => {
    const table = timingTable([
      { name: "00-tour", ok: true, seconds: 20, estimate: 25 },
      { name: "01-vgon-collapse", ok: false, seconds: 85 },
    ]);
    const lines = table.split("\n");
    assert.match(lines[0], /^notebook +wall time +estimate +status$/);
    assert.match(lines[2], /^00-tour +0:20 +~0:25 +ok$/);
    assert.match(lines[3], /^01-vgon-collapse +1:25 +- +FAILED$/);
    assert.match(lines[5], /^total +1:45$/);
  });

  test("recorded timings keep other scales and notebooks; a malformed file is named", () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, "timings.json");
      assert.deepEqual(readTimings(file), {});
      recordTimings(file, "quick", "native", { "00-tour": 20 });
      recordTimings(file, "quick", "native", { "01-vgon": 85 });
      recordTimings(file, "smoke", "plain", { "00-tour": 9 });
      assert.deepEqual(readTimings(file), { quick: { native: { "00-tour": 20, "01-vgon": 85 } }, smoke: { plain: { "00-tour": 9 } } });
      assert.deepEqual(fs.readdirSync(dir), ["timings.json"], "no temp file left behind");
      fs.writeFileSync(file, JSON.stringify({ quick: { native: { "00-tour": "fast" } } }));
      assert.throws(() => readTimings(file), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: quick\\.native must map notebook names to seconds`));
      fs.writeFileSync(file, "{");
      assert.throws(() => readTimings(file), /timings\.json: not JSON/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  test("a run prints expectations, live lines and the table, and the next run estimates from it", async () => {
    const out = tempDir();
    const notebooks = tempDir();
    try {
      fs.writeFileSync(path.join(notebooks, "timings.json"), JSON.stringify({ smoke: { native: { a: 0.2, b: 0.4 } } }));
      const lines: string[] = [];
      const progress = new MainProgress({ outDir: out, notebookDir: notebooks, scale: "smoke", compute: "native", names: ["a", "b"], write: (t) => lines.push(t), logEverySeconds: 0.05 });
      assert.match(progress.left(), /^~0:01 left$/);
      progress.start("a");
      await new Promise((r) => setTimeout(r, 180));
      progress.finish("a", true, 0.4); // twice the reference: b is now expected to take 0.8 s
      assert.equal(progress.expected("b"), 0.8);
      progress.start("b");
      progress.finish("b", true, 0.8);
      const table = progress.close();
      const text = lines.join("");
      assert.match(text, /▶ a \(1 of 2; ~0:00; ~0:01 left in all\)/);
      assert.match(text, /  a: \[#+\.*\] 0:00 of ~0:00/, "a live line while a runs");
      assert.match(table, /^a +0:00 +~0:00 +ok$/m);
      assert.deepEqual(readTimings(path.join(out, "timings.json")), { smoke: { native: { a: 0.4, b: 0.8 } } });
      const next = new MainProgress({ outDir: out, notebookDir: notebooks, scale: "smoke", compute: "native", names: ["a", "b"], write: () => undefined });
      assert.equal(next.expected("b"), 0.8, "this folder's earlier run comes before the reference");
      const other = new MainProgress({ outDir: out, notebookDir: notebooks, scale: "smoke", compute: "plain", names: ["a", "b"], write: () => undefined });
      assert.equal(other.expected("a"), undefined, "times of another compute path are not used");
    } finally {
      fs.rmSync(out, { recursive: true });
      fs.rmSync(notebooks, { recursive: true });
    }
  });
});
