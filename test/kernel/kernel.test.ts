// The kernel's own behaviour over the wire (one kernel for the file, driven by test/kernel/client.ts):
// signatures, interrupts that stop work and keep state, displays, the prelude, errors, stdin, history.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { decode, encode, makeMessage, sign } from "../../kernel/wire";
import { resultText, TestKernel } from "./client";

let k: TestKernel;
before(async () => {
  k = await TestKernel.start();
});
after(async () => {
  await k?.shutdown();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function executeContent(code: string) {
  return { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: true, stop_on_error: false };
}

/** Starts `code`, waits `ms`, interrupts over control, returns the reply and the interrupt latency. */
async function interruptAfter(code: string, ms: number) {
  const id = await k.send("execute_request", executeContent(code));
  await sleep(ms);
  const t0 = performance.now();
  await k.request("interrupt_request", {}, { channel: "control" });
  const reply = await k.waitReply(id, 20_000);
  return { reply: reply.content, latencyMs: performance.now() - t0 };
}

describe("kernel over the wire", () => {
  test("kernel_info names the language, the TypeScript version and the backend", () => {
    const info = k.kernelInfo;
    assert.equal(info.status, "ok");
    assert.equal(info.protocol_version, "5.3");
    assert.equal(info.language_info.name, "typescript");
    assert.equal(info.language_info.version, require("@tslab/typescript-for-tslab").version);
    assert.match(info.banner, /polarlab/);
  });

  test("a message with a bad signature is dropped and never executed", async () => {
    const bad = makeMessage("execute_request", executeContent("globalThis.hacked = 1;"), undefined, k.session);
    await (k as any).shell.send(encode("not-the-key", bad));
    const unsigned = encode(k.key, makeMessage("execute_request", executeContent("globalThis.hacked = 2;"), undefined, k.session));
    unsigned[unsigned.findIndex((f) => f.toString() === "<IDS|MSG>") + 1] = Buffer.from("");
    await (k as any).shell.send(unsigned);
    const r = await k.execute("typeof (globalThis as any).hacked");
    assert.equal(resultText(r.iopub), "'undefined'");
    assert.match(k.stderr, /dropped a shell message: message signature does not match/);
    assert.match(k.stderr, /dropped a shell message: message is not signed/);
  });

  test("signed messages with a null or malformed header, or bad content, never stop a socket", async () => {
    const signed = (frames: string[]) => [Buffer.from("<IDS|MSG>"), Buffer.from(sign(k.key, frames)), ...frames.map((f) => Buffer.from(f))];
    const header = JSON.stringify(makeMessage("kernel_info_request", {}, undefined, k.session).header);
    for (const channel of ["shell", "control"]) {
      const sock = (k as any)[channel];
      await sock.send(signed(["null", "{}", "{}", "{}"]));
      await sock.send(signed(['{"msg_id": "x"}', "{}", "{}", "{}"]));
      await sock.send(signed([header, "{}", "{}", "null"]));
      await sock.send(signed(["{not json", "{}", "{}", "{}"]));
    }
    assert.equal((await k.request("kernel_info_request", {}, { channel: "control", timeoutMs: 10_000 })).reply.content.status, "ok");
    assert.equal(resultText((await k.execute("3 * 3", 10_000)).iopub), "9");
    assert.match(k.stderr, /dropped a shell message: header is null; expected an object/);
    assert.match(k.stderr, /dropped a control message: header.msg_type is missing/);
    assert.match(k.stderr, /dropped a shell message: content is null/);
    assert.match(k.stderr, /dropped a control message: header is not JSON/);
    // A well-formed request whose content a handler cannot use is answered with an error reply.
    const bad = await k.request("is_complete_request", { code: null }, { timeoutMs: 10_000 });
    assert.equal(bad.reply.header.msg_type, "is_complete_reply");
    assert.equal(bad.reply.content.status, "error");
    assert.equal(resultText((await k.execute("4 * 4", 10_000)).iopub), "16");
  });

  test("an interrupted async training-like loop stops within 1 s and its variables survive", async () => {
    await k.execute("let steps = 0; const losses: number[] = [];");
    const loop = "const signal = currentSignal()!;\nfor (;;) { if (signal.aborted) throw signal.reason; steps++; losses.push(1 / steps); await new Promise((r) => setTimeout(r, 5)); }";
    const { reply, latencyMs } = await interruptAfter(loop, 800);
    assert.equal(reply.status, "error");
    assert.equal(reply.ename, "Interrupted");
    assert.ok(latencyMs < 1000, `interrupt took ${latencyMs} ms`);
    const first = Number(resultText((await k.execute("steps")).iopub));
    assert.ok(first > 0, "the loop ran before the interrupt");
    await sleep(300);
    const second = Number(resultText((await k.execute("steps")).iopub));
    assert.equal(second, first, "the loop keeps running in the background after the interrupt");
    assert.equal(resultText((await k.execute("losses.length === steps")).iopub), "true");
  });

  test("an interrupted timer loop stops: it prints nothing more, not into the next cell either", async () => {
    await k.execute("let ticks = 0;");
    const { reply } = await interruptAfter('for (;;) { console.log("tick", ticks++); await new Promise((r) => setTimeout(r, 50)); }', 600);
    assert.equal(reply.ename, "Interrupted");
    const at = Number(resultText((await k.execute("ticks")).iopub));
    assert.ok(at > 0, "the loop ran before the interrupt");
    const next = await k.execute('await new Promise((r) => setTimeout(r, 400)); "quiet"');
    assert.deepEqual(next.iopub.filter((m) => m.header.msg_type === "stream").map((m) => m.content.text), [], "the interrupted loop printed into the next cell");
    assert.equal(Number(resultText((await k.execute("ticks")).iopub)), at, "the interrupted loop went on");
  });

  test("an interrupted training rejects: the code after it does not run, the model and its Trainer's steps stay", async () => {
    await k.execute([
      'import * as tf from "@tensorflow/tfjs";',
      'const model = createModel({ kind: "betaVAE", architecture: "mnistMlp", inputShape: [16], latent: 3, seed: 1, beta: 2 });',
      "const trainer = new Trainer(model);",
      "async function* batches() { for (;;) yield { x: tf.randomUniform([8, 16]) }; }",
      "let after = false;",
    ].join("\n"));
    const { reply, latencyMs } = await interruptAfter("const run = await trainer.train(batches(), { steps: 1_000_000, logEvery: 1, progress: false, curve: false });\nafter = true;", 2000);
    assert.equal(reply.ename, "Interrupted");
    assert.ok(latencyMs < 1000, `interrupt took ${latencyMs} ms`);
    await sleep(300);
    assert.equal(resultText((await k.execute("after")).iopub), "false", "the line after await train() ran");
    // The Trainer is past step 1, so a target of 1 step trains nothing more and returns the run so far.
    const more = await k.execute("const again = await trainer.train(batches(), { steps: 1, progress: false, curve: false }); again.steps > 1 && again.history.length === again.steps");
    assert.equal(resultText(more.iopub), "true", "the steps trained before the interrupt stayed with the Trainer");
    assert.equal(resultText((await k.execute("model.encode(tf.randomUniform([1, 16])).mean.dataSync().every(Number.isFinite)")).iopub), "true");
  });

  test("busy code after an await is interrupted and the next cell runs", async () => {
    await k.execute("let spins = 0;");
    const { reply, latencyMs } = await interruptAfter("await null;\nwhile (true) { spins++; }", 800);
    assert.equal(reply.ename, "Interrupted");
    assert.ok(latencyMs < 1000, `interrupt took ${latencyMs} ms`);
    assert.ok(Number(resultText((await k.execute("spins")).iopub)) > 0);
  });

  test("a busy synchronous cell is interrupted, by interrupt_request and by SIGINT", async () => {
    const { reply } = await interruptAfter("while (true) { spins++; }", 800);
    assert.equal(reply.ename, "Interrupted");
    const id = await k.send("execute_request", executeContent("while (true) { spins--; }"));
    await sleep(800);
    k.process.kill("SIGINT");
    assert.equal((await k.waitReply(id, 20_000)).content.ename, "Interrupted");
    assert.equal(resultText((await k.execute("typeof spins")).iopub), "'number'");
  });

  test("an error is reported with ename/evalue/traceback and the next cell runs normally", async () => {
    const id = await k.send("execute_request", executeContent('throw new RangeError("bad value")'));
    const next = await k.send("execute_request", executeContent("1 + 1"));
    const r = (await k.waitReply(id)).content;
    assert.equal(r.status, "error");
    assert.equal(r.ename, "RangeError");
    assert.equal(r.evalue, "bad value");
    assert.ok(r.traceback.length >= 1);
    const errorMsg = (await k.iopubUntilIdle(id)).find((m) => m.header.msg_type === "error");
    assert.deepEqual([errorMsg?.content.ename, errorMsg?.content.evalue], ["RangeError", "bad value"]);
    assert.equal((await k.waitReply(next)).content.status, "ok");
  });

  test("tracebacks give the cells' own lines and columns, without node:vm or kernel frames", async () => {
    const defined = await k.execute("interface Unused { a: number }\nfunction deep(n: number): number {\n  if (n === 0) throw new RangeError('zero');\n  return deep(n - 1);\n}");
    const r = await k.execute("const before = 1;\n\ndeep(1);");
    const tb: string[] = r.content.traceback;
    const cell = (c: Record<string, any>) => `Cell In\\[${c.execution_count}\\]`;
    assert.equal(tb[0], "RangeError: zero");
    assert.match(tb[1], new RegExp(`^    at deep \\(${cell(defined.content)}:3:22\\)$`), "a function keeps the lines of the cell that defined it");
    assert.match(tb[2], new RegExp(`^    at deep \\(${cell(defined.content)}:4:10\\)$`));
    assert.match(tb[3], new RegExp(`^    at ${cell(r.content)}:3:1$`));
    assert.equal(tb.length, 4, tb.join("\n"));
    const first = await k.execute("const nothing: any = null; nothing.field.more;");
    assert.match(first.content.traceback[1], new RegExp(`^    at ${cell(first.content)}:1:\\d+$`));
    for (const t of [tb, first.content.traceback]) assert.ok(!t.some((l: string) => /node:vm|node:internal|evalmachine|tslab/.test(l)), t.join("\n"));
  });

  test("after an error with stop_on_error, requests already queued are aborted; later ones run", async () => {
    // The failing cell waits first, so that the next request is surely queued when the error happens.
    const failing = await k.send("execute_request", { ...executeContent('await new Promise((r) => setTimeout(r, 500)); throw new Error("stop here")'), stop_on_error: true });
    const queued = await k.send("execute_request", executeContent("globalThis.ranAfterError = true"));
    assert.equal((await k.waitReply(failing)).content.status, "error");
    assert.equal((await k.waitReply(queued)).content.status, "aborted");
    await k.iopubUntilIdle(queued);
    assert.equal(resultText((await k.execute("typeof (globalThis as any).ranAfterError")).iopub), "'undefined'");
  });

  test("an unhandled rejection is printed to stderr and the kernel lives on", async () => {
    const r = await k.execute('Promise.reject(new Error("floating")); await new Promise((r) => setTimeout(r, 50)); "after"');
    const stderr = r.iopub.filter((m) => m.header.msg_type === "stream" && m.content.name === "stderr").map((m) => m.content.text).join("");
    assert.match(stderr, /Unhandled promise rejection: Error: floating/);
    assert.equal(resultText(r.iopub), "'after'");
    assert.equal(resultText((await k.execute("2 + 2")).iopub), "4");
  });

  test("a type error is a TSError and does not run the cell", async () => {
    const r = await k.execute('let typed: number = "text";');
    assert.equal(r.content.ename, "TSError");
    assert.match(r.content.evalue, /not assignable to type 'number'/);
  });

  test("prelude names are typed in a cell", async () => {
    assert.equal(resultText((await k.execute("typeof display + typeof progress + typeof pl.formatBundle + typeof info")).iopub), "'functionfunctionfunctionfunction'");
    const typed = await k.execute("const bad: number = formatBundle;");
    assert.equal(typed.content.ename, "TSError", "formatBundle is typed (a function is not a number)");
    const ok = await k.execute("const sig: AbortSignal | undefined = currentSignal(); sig instanceof AbortSignal");
    assert.equal(resultText(ok.iopub), "true");
  });

  test("display handles update in place with update_display_data; clearOutput clears", async () => {
    const r = await k.execute('const h = await display("first", { displayId: "d1" });\nawait h.update("second");\nclearOutput(true);');
    const types = r.iopub.map((m) => m.header.msg_type);
    const shown = r.iopub.find((m) => m.header.msg_type === "display_data")!;
    const updated = r.iopub.find((m) => m.header.msg_type === "update_display_data")!;
    assert.deepEqual(shown.content.transient, { display_id: "d1" });
    assert.equal(shown.content.data["text/plain"], "'first'");
    assert.deepEqual(updated.content.transient, { display_id: "d1" });
    assert.equal(updated.content.data["text/plain"], "'second'");
    assert.ok(types.includes("clear_output"));
  });

  test("display() without await returns its handle; the chart is shown, in order, before idle", async () => {
    const spec = '{ $schema: "https://vega.github.io/schema/vega-lite/v5.json", mark: "point", data: { values: [{ x: 1, y: 2 }] }, encoding: { x: { field: "x", type: "quantitative" } } }';
    const r = await k.execute(`const shown = display(${spec});\nconsole.log("after the chart");\ndisplay("text")`);
    assert.equal(r.content.status, "ok");
    const outputs = r.iopub.filter((m) => !["status", "execute_input"].includes(m.header.msg_type));
    assert.deepEqual(outputs.map((m) => m.header.msg_type), ["display_data", "stream", "display_data"], "no execute_result: the handle is not shown");
    assert.ok(outputs[0].content.data["image/png"].length > 100, "the chart's PNG");
    assert.equal(outputs[1].content.text, "after the chart\n");
    assert.equal(outputs[2].content.data["text/plain"], "'text'");
    assert.equal(resultText((await k.execute("shown instanceof Promise")).iopub), "false");
    const failed = await k.execute('display({ [Symbol.for("Jupyter.display")]: () => null }); "not shown"');
    assert.equal(failed.content.status, "error");
    assert.match(failed.content.evalue, /returned null; expected a MIME bundle/);
  });

  test("a Vega-Lite spec's execute_result carries the spec, a PNG with its display size and a summary", async () => {
    const spec = '({ $schema: "https://vega.github.io/schema/vega-lite/v5.json", title: "t", mark: "point", data: { values: [{ x: 1, y: 2 }] }, encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } })';
    const r = await k.execute(spec);
    const data = r.iopub.find((m) => m.header.msg_type === "execute_result")!.content.data;
    const result = r.iopub.find((m) => m.header.msg_type === "execute_result")!.content;
    assert.deepEqual(Object.keys(data).sort(), ["application/vnd.vegalite.v5+json", "image/png", "text/plain"]);
    assert.equal(data["application/vnd.vegalite.v5+json"].mark, "point");
    assert.match(Buffer.from(data["image/png"], "base64").subarray(1, 4).toString(), /^PNG$/);
    assert.ok(result.metadata["image/png"].width > 0 && result.metadata["image/png"].height > 0, JSON.stringify(result.metadata));
  });

  test("prompt() asks over stdin and resolves with the reply", async () => {
    const id = await k.send("execute_request", executeContent('const answer = await prompt("name?"); answer.toUpperCase()'));
    const frames = (await k.stdin.receive()) as Buffer[];
    const request = decode(k.key, frames);
    assert.equal(request.header.msg_type, "input_request");
    assert.equal(request.content.prompt, "name?");
    await k.stdin.send(encode(k.key, makeMessage("input_reply", { value: "polar" }, request.header, k.session)));
    assert.equal((await k.waitReply(id)).content.status, "ok");
    assert.equal(resultText(await k.iopubUntilIdle(id)), "'POLAR'");
  });

  test("silent cells publish no execute_input or result and do not count", async () => {
    const before = (await k.execute("0")).content.execution_count;
    const r = await k.request("execute_request", { ...executeContent("42"), silent: true });
    assert.deepEqual(r.iopub.map((m) => m.header.msg_type).filter((t) => t !== "status"), []);
    assert.equal((await k.execute("0")).content.execution_count, before + 1);
  });

  test("user_expressions are evaluated after the cell, each to a MIME bundle or an error", async () => {
    const r = await k.request("execute_request", { ...executeContent("const base = 20;"), user_expressions: { sum: "base + 1", table: "[{ a: 1 }]", bad: "base(", missing: "nowhere * 2" } });
    const u = r.reply.content.user_expressions;
    assert.deepEqual(u.sum, { status: "ok", data: { "text/plain": "21" }, metadata: {} });
    assert.match(u.table.data["text/html"], /<table/);
    assert.equal(u.bad.status, "error");
    assert.equal(u.bad.ename, "TSError");
    assert.equal(u.missing.status, "error");
    assert.match(u.missing.evalue, /nowhere/);
    assert.equal(r.iopub.filter((m) => m.header.msg_type === "execute_result").length, 0, "expressions publish nothing");
  });

  test("comm_info replies with comm_info_reply", async () => {
    const r = await k.request("comm_info_request", {});
    assert.equal(r.reply.header.msg_type, "comm_info_reply");
    assert.deepEqual(r.reply.content, { status: "ok", comms: {} });
  });
});

describe("a fresh kernel", () => {
  let fresh: TestKernel;
  before(async () => {
    fresh = await TestKernel.start();
  });
  after(async () => {
    if (fresh.process.exitCode === null) await fresh.shutdown();
  });

  test("kernel_info is answered before the prelude has loaded, without a placeholder backend line", () => {
    assert.match(fresh.kernelInfo.banner, /^polarlab/);
    assert.doesNotMatch(fresh.kernelInfo.banner, /selecting/);
  });

  test("an interrupt sent while the kernel starts applies to the first cell, which does not run", async () => {
    const id = await fresh.send("execute_request", executeContent("globalThis.ranFirst = true; 'ran'"));
    await fresh.request("interrupt_request", {}, { channel: "control" });
    const reply = (await fresh.waitReply(id, 60_000)).content;
    assert.equal(reply.status, "error");
    assert.equal(reply.ename, "Interrupted");
    assert.equal(resultText((await fresh.execute("typeof (globalThis as any).ranFirst + ' ' + typeof pl.display")).iopub), "'undefined function'", "the cell ran, or the prelude was cut");
  });

  test("after a wasm out-of-memory trap the kernel says the backend is unusable and refuses tensor work", async () => {
    assert.equal(resultText((await fresh.execute('import * as tf from "@tensorflow/tfjs";\ntf.getBackend()')).iopub), "'wasm'");
    const oom = await fresh.execute('const wasm = (globalThis as any).WebAssembly;\nthrow new wasm.RuntimeError("memory access out of bounds")');
    assert.equal(oom.content.ename, "RuntimeError");
    assert.match(oom.content.traceback.join("\n"), /compute backend \(wasm\) ran out of memory[\s\S]*refuses further tensor work[\s\S]*Restart the kernel/);
    const after = await fresh.execute("tf.tensor([1, 2, 3]).add(1).dataSync()");
    assert.equal(after.content.status, "error", "tensor work after the trap was not refused");
    assert.equal(after.content.ename, "BackendUnusableError");
    assert.match(after.content.evalue, /Restart the kernel/);
    assert.equal(resultText((await fresh.execute("[1, 2, 3].map((x) => x + 1)")).iopub), "[ 2, 3, 4 ]", "plain code still runs");
  });

  test("shutdown_request ends the process with exit code 0", async () => {
    await fresh.shutdown();
    assert.equal(fresh.process.exitCode, 0, `exit ${fresh.process.exitCode ?? fresh.process.signalCode}`);
  });
});

describe("a kernel whose first cell needs no toolkit name", () => {
  let k: TestKernel;
  before(async () => {
    k = await TestKernel.start();
  });
  after(async () => {
    if (k.process.exitCode === null) await k.shutdown();
  });

  test("the cell runs before the prelude, and a name it defined is not imported over", async () => {
    const first = await k.execute('const display = "mine";\n[1 + 1, typeof setTimeout]');
    assert.equal(first.content.status, "ok", JSON.stringify(first.content));
    assert.equal(resultText(first.iopub), "[ 2, 'function' ]");
    assert.equal(resultText((await k.execute('display + " " + typeof pl.formatBundle + " " + typeof progress')).iopub), "'mine function function'");
  });

  test("completion sees the prelude's names", async () => {
    const r = await k.request("complete_request", { code: "pl.formatBu", cursor_pos: 11 });
    assert.ok(r.reply.content.matches.includes("formatBundle"), JSON.stringify(r.reply.content.matches));
  });
  test("inspection shows the documentation of JavaScript's and Node's API (first compiled without comments)", async () => {
    const doc = async (code: string) => (await k.request("inspect_request", { code, cursor_pos: code.length, detail_level: 0 })).reply.content.data["text/plain"];
    assert.match(await doc("Math.max"), /Math\.max\(\.\.\.values: number\[\]\): number\n\nReturns the larger of a set of supplied numeric expressions\./);
    assert.match(await doc("process.cwd"), /The `process\.cwd\(\)` method returns the current working directory/);
    const after = await k.execute("[1, 2].at(-1)");
    assert.equal(resultText(after.iopub), "2", "cells still compile after the library is read again in full");
  });
});

describe("a kernel whose first cell has a type error and uses a toolkit name", () => {
  let k: TestKernel;
  before(async () => {
    k = await TestKernel.start();
  });
  after(async () => {
    if (k.process.exitCode === null) await k.shutdown();
  });

  test("only the real type error is reported, once the prelude has run", async () => {
    const r = await k.execute('const n: number = "text";\ndisplay(n)');
    assert.equal(r.content.ename, "TSError");
    assert.match(r.content.evalue, /not assignable to type 'number'/);
    assert.deepEqual(r.content.traceback.filter((l: string) => /Cannot find name/.test(l)), [], "display was looked up without the prelude");
  });
});
