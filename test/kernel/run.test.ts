// `polarlab run`: a notebook executed headless (no Jupyter), parameters injected after the "parameters"
// cell (papermill's convention) and checked against it, a progress bar kept as one output, the output validated by nbformat itself, a
// failing cell named, and SIGTERM stopping a run (awaiting, busy in JavaScript, or stuck in native code)
// that still saves its finished cells.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import { BIN } from "./client";
import { python } from "./python";

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-run-"));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const code = (source: string, tags?: string[]) => ({ cell_type: "code", source, metadata: tags ? { tags } : {}, outputs: [], execution_count: null });

function writeNotebook(name: string, cells: object[]): string {
  const file = path.join(dir, name);
  // nbformat 4.4 (no cell ids): the run must upgrade it to 4.5.
  fs.writeFileSync(file, JSON.stringify({ nbformat: 4, nbformat_minor: 4, metadata: {}, cells: [{ cell_type: "markdown", source: "# t", metadata: {} }, ...cells] }));
  return file;
}

function polarlab(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 180_000 });
}

describe("polarlab run", () => {
  test("executes cells with injected parameters and writes a valid nbformat 4.5 notebook", () => {
    const file = writeNotebook("study.ipynb", [
      code("let epochs = 2;\nlet label = 'default';", ["parameters"]),
      code("console.log(label, epochs); epochs * 10"),
      code("const h = await display('step 0', { displayId: 'p' });\nawait h.update('step 1');"),
      code("[{ beta: 1, active: 3 }, { beta: 4, active: 2 }]"),
      code("({ epochs, label })"),
      code("const bar = progress({ total: 3, label: 't' });\nfor (let i = 1; i <= 3; i++) { bar.update(i); await new Promise((r) => setTimeout(r, 1100)); }\nbar.done();"),
    ]);
    const r = polarlab(["run", file, "--param", "epochs=7", "--param", "label=tuned", "--out", path.join(dir, "out")]);
    assert.equal(r.status, 0, r.stderr);
    const out = path.join(dir, "out", "study.ipynb");
    const v = python(["-c", "import sys, nbformat; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); print(nb.nbformat, nb.nbformat_minor)", out]);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout.trim(), "4 5");
    const nb = JSON.parse(fs.readFileSync(out, "utf8"));
    assert.ok(nb.cells.every((c: any) => typeof c.id === "string"));
    const injected = nb.cells[2];
    assert.deepEqual(injected.metadata.tags, ["injected-parameters"]);
    assert.match(injected.source, /let epochs = 7;\nlet label = "tuned";/);
    assert.deepEqual(nb.cells[3].outputs, [
      { output_type: "stream", name: "stdout", text: "tuned 7\n" },
      { output_type: "execute_result", execution_count: 3, data: { "text/plain": "70" }, metadata: {} },
    ]);
    assert.deepEqual(nb.cells[4].outputs, [{ output_type: "display_data", data: { "text/plain": "'step 1'" }, metadata: {} }]);
    assert.match(nb.cells[5].outputs[0].data["text/html"], /<td>4<\/td>/);
    // Shorthand properties naming an earlier cell's variables (tslab alone fails: "epochs is not defined").
    assert.equal(nb.cells[6].outputs[0].data["text/plain"], "{ epochs: 7, label: 'tuned' }");
    // A progress bar updates its one output, as nbclient stores update_display_data (4 emissions, 1 output).
    assert.equal(nb.cells[7].outputs.length, 1);
    assert.match(nb.cells[7].outputs[0].data["text/plain"], /^t \[#{30}\] 3\/3 100% [\d.]+ it\/s in [\d.]+s$/);
    assert.equal(nb.metadata.kernelspec.name, "polarlab");
  });

  test("exits non-zero naming the failing cell and its error, and still writes the notebook", () => {
    const file = writeNotebook("fails.ipynb", [code("const ok = 1;"), code('throw new TypeError("wrong shape")'), code("console.log('never')")]);
    const r = polarlab(["run", file]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cell 3 \(id [0-9a-f]+\) failed: TypeError: wrong shape/);
    const nb = JSON.parse(fs.readFileSync(path.join(dir, "fails.out.ipynb"), "utf8"));
    assert.equal(nb.cells[2].outputs[0].output_type, "error");
    assert.equal(nb.cells[3].execution_count, null);
  });

  test("clears every earlier output first, so a cell that does not run keeps none", () => {
    const stale = { output_type: "stream", name: "stdout", text: "HELD · an old run's claim\n" };
    const file = writeNotebook("stale.ipynb", [code('throw new Error("stop")'), { ...code("console.log('never')"), outputs: [stale], execution_count: 7 }]);
    const r = polarlab(["run", file]);
    assert.equal(r.status, 1);
    const nb = JSON.parse(fs.readFileSync(path.join(dir, "stale.out.ipynb"), "utf8"));
    const last = nb.cells[nb.cells.length - 1];
    assert.deepEqual([last.outputs, last.execution_count], [[], null]);
  });

  for (const [kind, body] of [["after an await", "await null;\n"], ["synchronous", ""]]) {
    test(`--timeout stops a cell stuck in busy code (${kind}) and names it`, () => {
      const file = writeNotebook("busy.ipynb", [code("let spins = 0;"), code(`${body}while (true) { spins++; }`), code("console.log('never')")]);
      const r = polarlab(["run", file, "--timeout", "2"]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /cell 3 \(id [0-9a-f]+\) failed: Interrupted: timed out after 2 s \(--timeout\)/);
    });
  }

  test("a --param without = is a usage error: exit 2 with the usage line", () => {
    const r = polarlab(["run", writeNotebook("p.ipynb", []), "--param", "scale"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--param "scale": expected key=value\nusage: polarlab run NOTEBOOK/);
  });

  test("an unknown --param name is a usage error listing the notebook's parameters", () => {
    const file = writeNotebook("params.ipynb", [code("let epochs = 2;\nconst [lo, hi] = [0, 1], { seed } = { seed: 3 };", ["parameters"]), code("epochs")]);
    const r = polarlab(["run", file, "--param", "epocs=3"]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--param "epocs": not a parameter of this notebook; its parameters cell declares epochs, lo, hi, seed\nusage: polarlab run/);
    assert.ok(!fs.existsSync(path.join(dir, "params.out.ipynb")), "nothing ran");
    const none = polarlab(["run", writeNotebook("plain.ipynb", [code("1")]), "--param", "beta=4"]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /--param "beta": the notebook has no cell tagged "parameters"/);
  });

  test("a value that looks like JSON but is not names the parameter", () => {
    const file = writeNotebook("json.ipynb", [code("let dims = [1];", ["parameters"])]);
    const r = polarlab(["run", file, "--param", "dims=[1, 2"]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--param dims: value "\[1, 2" looks like JSON but is not valid JSON/);
  });

  test("a missing notebook is reported as not found", () => {
    const r = polarlab(["run", path.join(dir, "missing.ipynb")]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /missing\.ipynb: not found/);
  });

  /** Starts `polarlab run file`, waits until `marker` holds a pid, sends SIGTERM; returns what happened. */
  async function terminateWhenStarted(file: string, marker: string) {
    const child = spawn(process.execPath, [BIN, "run", file], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const deadline = performance.now() + 120_000;
    while (!fs.existsSync(marker) || fs.readFileSync(marker, "utf8").trim() === "") {
      assert.ok(performance.now() < deadline && child.exitCode === null, `the cell never started; stderr:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const pid = Number(fs.readFileSync(marker, "utf8"));
    const t0 = performance.now();
    child.kill("SIGTERM");
    const status = await exited;
    return { status, seconds: (performance.now() - t0) / 1000, stderr, pid };
  }

  /** A process has ended: it no longer exists, or is a zombie nobody reaped yet (an orphan under a PID 1 that does not reap). */
  function ended(pid: number): boolean {
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ESRCH") return true;
      throw e;
    }
    try {
      return /^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
      return true; // gone between the two checks
    }
  }

  const gone = (pid: number) => assert.ok(ended(pid), `process ${pid} outlived polarlab run`);

  for (const [kind, loop] of [["awaits", "for (;;) await new Promise((r) => setTimeout(r, 20));"], ["is busy in a synchronous loop", "while (true) {}"]]) {
    test(`SIGTERM stops a cell that ${kind} promptly and the finished cells are saved`, async () => {
      const marker = path.join(dir, `started-${loop.length}`);
      const file = writeNotebook("term.ipynb", [
        code("console.log('first cell done');"),
        code(`import * as fs from "fs";\nfs.writeFileSync(${JSON.stringify(marker)}, String(process.pid));\n${loop}`),
        code("console.log('never');"),
      ]);
      const { status, seconds, stderr, pid } = await terminateWhenStarted(file, marker);
      assert.equal(status, 143, stderr);
      assert.ok(seconds < 5, `SIGTERM took ${seconds} s`);
      gone(pid);
      assert.match(stderr, /cell 3 \(id [0-9a-f]+\) failed: Interrupted: terminated by SIGTERM/);
      const nb = JSON.parse(fs.readFileSync(path.join(dir, "term.out.ipynb"), "utf8"));
      assert.deepEqual(nb.cells[1].outputs, [{ output_type: "stream", name: "stdout", text: "first cell done\n" }]);
      assert.equal(nb.cells[2].outputs[0].ename, "Interrupted");
      assert.equal(nb.cells[3].execution_count, null);
    });
  }

  test("SIGTERM kills a run stuck in native code after the grace period, with what it started, keeping the finished cells", async () => {
    // execSync blocks the main thread outside JavaScript, where no interrupt reaches it (as a long BLAS call
    // does); the shell it runs ignores SIGTERM and SIGINT, so only SIGKILL of the process group ends both.
    const marker = path.join(dir, "shell-pid");
    const shell = `trap '' TERM INT; echo $$ > ${marker}; exec sleep 120`;
    const file = writeNotebook("native.ipynb", [
      code("console.log('first cell done');"),
      code(`import { execSync } from "child_process";\nimport * as fs from "fs";\nfs.writeFileSync(${JSON.stringify(marker + ".cell")}, String(process.pid));\nexecSync(${JSON.stringify(shell)});`),
      code("console.log('never');"),
    ]);
    const { status, seconds, stderr, pid: sleeper } = await terminateWhenStarted(file, marker);
    assert.equal(status, 143, stderr);
    assert.ok(seconds >= 1.9 && seconds < 6, `stopping took ${seconds} s; expected the 2 s grace period`);
    assert.match(stderr, /still running 2 s after SIGTERM .*killed it with SIGKILL/);
    gone(Number(fs.readFileSync(marker + ".cell", "utf8")));
    gone(sleeper);
    const nb = JSON.parse(fs.readFileSync(path.join(dir, "native.out.ipynb"), "utf8"));
    assert.deepEqual(nb.cells[1].outputs, [{ output_type: "stream", name: "stdout", text: "first cell done\n" }]);
    assert.deepEqual([nb.cells[2].outputs, nb.cells[3].outputs], [[], []]);
  });
});
