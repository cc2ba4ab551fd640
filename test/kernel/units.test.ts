// Small pure parts of the kernel: history queries (IPython's GLOB search), --param parsing, parameter
// injection (papermill's convention), nbformat 4.5 upgrade, outputs stored as Jupyter stores them.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { globToRegExp, History } from "../../kernel/history";
import { checkParameters, injectParameters, notebookParameters, parseParam, prepare, type Notebook } from "../../kernel/notebook";
import { NotebookOutputs } from "../../kernel/notebook-outputs";
import { preludeNames, preludeSource } from "../../kernel/prelude";

describe("history", () => {
  const h = new History();
  ["6 * 7", "let a = 1;", "6 * 7", "a + 1"].forEach((code, i) => h.add(i + 1, code));
  h.setOutput(1, "42");
  test("tail, range and search", () => {
    assert.deepEqual(h.query({ hist_access_type: "tail", n: 2 }), [[1, 3, "6 * 7"], [1, 4, "a + 1"]]);
    assert.deepEqual(h.query({ hist_access_type: "range", session: 0, start: 1, stop: 2, output: true }), [[1, 1, ["6 * 7", "42"]]]);
    assert.equal(h.query({ hist_access_type: "search", pattern: "6 ? 7" }).length, 2);
    assert.deepEqual(h.query({ hist_access_type: "search", pattern: "6*", unique: true }), [[1, 3, "6 * 7"]]);
  });
  test("glob semantics", () => {
    assert.ok(globToRegExp("a[bc]?d*").test("acxd..."));
    assert.ok(!globToRegExp("a.b").test("axb"));
  });
});

describe("notebook", () => {
  test("parseParam reads JSON values and keeps other text as strings", () => {
    assert.deepEqual(parseParam("beta=4"), ["beta", 4]);
    assert.deepEqual(parseParam("names=[\"a\",\"b\"]"), ["names", ["a", "b"]]);
    assert.deepEqual(parseParam("dataset=dsprites"), ["dataset", "dsprites"]);
    assert.throws(() => parseParam("1x=2"), /not a TypeScript identifier/);
    assert.deepEqual(parseParam("flag=true"), ["flag", true]);
    assert.deepEqual(parseParam("dash=-"), ["dash", "-"]);
    for (const bad of ["beta=4.5.1", "names=[\"a\"", 'label="open', "cfg={a: 1}", "date=2024-01-01"]) {
      const key = bad.slice(0, bad.indexOf("="));
      assert.throws(() => parseParam(bad), (e: Error) => e.message.startsWith(`--param ${key}: value ${JSON.stringify(bad.slice(key.length + 1))} looks like JSON but is not valid JSON`));
    }
  });
  test("notebookParameters lists what the parameters cell declares; checkParameters rejects other names", () => {
    const nb: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [
      { cell_type: "code", source: "let x = 1;", metadata: {} },
      { cell_type: "code", source: ["// defaults\n", "let beta = 1, dims = [2];\n", "const { seed } = cfg;\n", "beta = 2;"], metadata: { tags: ["parameters"] } },
    ] };
    assert.deepEqual(notebookParameters(nb), ["beta", "dims", "seed"]);
    assert.doesNotThrow(() => checkParameters(nb, [["beta", 4], ["seed", 1]]));
    assert.throws(() => checkParameters(nb, [["beta", 4], ["x", 1], ["gamma", 2]]), /--param "x", "gamma": not a parameter of this notebook; its parameters cell declares beta, dims, seed/);
    assert.equal(notebookParameters({ ...nb, cells: [nb.cells[0]] }), undefined);
  });
  test("parameters go right after the cell tagged parameters, or first without one", () => {
    const nb: Notebook = { nbformat: 4, nbformat_minor: 4, metadata: {}, cells: [
      { cell_type: "code", source: "a", metadata: {} },
      { cell_type: "code", source: "let beta = 1;", metadata: { tags: ["parameters"] } },
      { cell_type: "code", source: "b", metadata: {} },
    ] };
    assert.equal(injectParameters(nb, [["beta", 4]]), 2);
    assert.equal(nb.cells[2].source, "// Parameters injected by polarlab run\nlet beta = 4;");
    const plain: Notebook = { ...nb, cells: [{ cell_type: "code", source: "a", metadata: {} }] };
    assert.equal(injectParameters(plain, [["x", "s"]]), 0);
  });
  test("running an executed notebook again replaces its injected parameters instead of keeping them after the new ones", () => {
    const nb: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [
      { cell_type: "code", source: "let scale = \"quick\";", metadata: { tags: ["parameters"] } },
      { cell_type: "code", source: "let scale = \"quick\";", metadata: { tags: ["injected-parameters"] } },
      { cell_type: "code", source: "run(scale)", metadata: {} },
    ] };
    assert.equal(injectParameters(nb, [["scale", "reference"]]), 1);
    assert.deepEqual(nb.cells.map((c) => c.source), ["let scale = \"quick\";", "// Parameters injected by polarlab run\nlet scale = \"reference\";", "run(scale)"]);
    assert.equal(injectParameters(nb, []), -1);
    assert.deepEqual(nb.cells.map((c) => c.source), ["let scale = \"quick\";", "run(scale)"]);
  });
  test("prepare gives unique ids (nbformat 4.5) and replaces duplicate or invalid ones", () => {
    const nb = prepare({ nbformat: 4, nbformat_minor: 2, metadata: {}, cells: [
      { cell_type: "code", source: "", metadata: {}, id: "same" },
      { cell_type: "code", source: "", metadata: {}, id: "same" },
      { cell_type: "markdown", source: "", metadata: {}, id: "bad id!" },
    ] }, "5.0");
    const ids = nb.cells.map((c) => c.id!);
    assert.equal(new Set(ids).size, 3);
    assert.equal(ids[0], "same");
    assert.ok(ids.every((id) => /^[a-zA-Z0-9-_]+$/.test(id)));
    assert.equal(nb.nbformat_minor, 5);
  });
});

describe("notebook outputs", () => {
  test("streams merge, displays update by id, clear_output(wait) waits for the next output", () => {
    const out = new NotebookOutputs();
    const first: Record<string, any>[] = [];
    out.beginCell(first);
    out.stream("stdout", "a");
    out.stream("stdout", "b\n");
    out.display({ "text/plain": "v1" }, { displayId: "d" });
    const second: Record<string, any>[] = [];
    out.beginCell(second);
    out.display({ "text/plain": "v2", "application/vnd.vegalite.v5+json": { mark: "bar" } }, { displayId: "d", update: true });
    assert.deepEqual(first[0], { output_type: "stream", name: "stdout", text: "ab\n" });
    assert.deepEqual(first[1].data, { "text/plain": "v2", "application/vnd.vegalite.v5+json": { mark: "bar" } });
    out.stream("stderr", "x");
    out.clearOutput(true);
    assert.equal(second.length, 1);
    out.stream("stdout", "after");
    assert.deepEqual(second, [{ output_type: "stream", name: "stdout", text: "after" }]);
  });
});

describe("prelude", () => {
  test("imports the toolkit namespace, every toolkit value export and the helpers", () => {
    const names = preludeNames({ display: 1, progress: 2, "not-an-id": 3, default: 4, info: 5, pl: 6 });
    assert.deepEqual(names, ["display", "progress"]);
    const src = preludeSource(names);
    assert.match(src, /^import \* as pl from ".*\/dist\/toolkit";$/m);
    assert.match(src, /^import \{ display, progress \} from ".*\/dist\/toolkit";$/m);
    assert.match(src, /^import \{ info, prompt, page \} from ".*\/dist\/kernel\/helpers";$/m);
    assert.ok(preludeNames().includes("formatBundle"), "the real toolkit's exports are listed");
  });

  test("leaves out the names a cell defined before the prelude ran", () => {
    const src = preludeSource(["display", "progress"], (n) => ["display", "pl", "info"].includes(n));
    assert.doesNotMatch(src, /import \* as pl/);
    assert.match(src, /^import \{ progress \} from ".*\/dist\/toolkit";$/m);
    assert.match(src, /^import \{ prompt, page \} from ".*\/dist\/kernel\/helpers";$/m);
    assert.equal(preludeSource(["display"], (n) => n === "display").match(/^import .* from ".*\/dist\/toolkit";$/gm)?.length, 1, "only the namespace import is left");
  });
});

test("shorthand properties are expanded so that tslab can rewrite earlier cells' variables", async () => {
  const { expandShorthandProperties } = await import("../../kernel/executor");
  assert.equal(expandShorthandProperties("const o = { mean, b: 1, sd };"), "const o = { mean: mean, b: 1, sd: sd };");
  assert.equal(expandShorthandProperties("({ a, b = 2 } = obj);"), "({ a: a, b: b = 2 } = obj);");
  assert.equal(expandShorthandProperties("f({ x }); // { y }"), "f({ x: x }); // { y }");
});
