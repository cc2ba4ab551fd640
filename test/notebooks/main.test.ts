// `polarlab main` (kernel/commands/main.ts): figure extraction on hand-written notebooks, one end-to-end
// run on a one-notebook folder with a temporary Jupyter data dir, whose claims file must be this run's (a
// stale one left from before is removed), and SIGTERM stopping a run together with its notebook's child.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { compactProgress, studyNotebooks, writeFigures } from "../../kernel/commands/main";
import type { Notebook } from "../../kernel/notebook";
import { ROOT } from "./harness";

const stream = (text: string | string[], name = "stdout") => ({ output_type: "stream", name, text });
const notebook = (outputs: Record<string, unknown>[][]): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: outputs.map((o, i) => ({ id: `c${i}`, cell_type: "code", source: "", metadata: {}, outputs: o, execution_count: i + 1 })),
});

describe("polarlab main: claims and figures", () => {
  test("writeFigures writes each chart once as SVG, numbered in cell order and named after the chart", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-figs-"));
    try {
      const svg = (title: string) => ({ "image/svg+xml": `<svg><title>${title}</title></svg>`, "text/plain": `<Vega-Lite bar chart: ${title}>` });
      const spec = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", title: "KL against β", mark: "bar", data: { values: [{ b: 1, kl: 2 }] }, encoding: { x: { field: "b", type: "ordinal" }, y: { field: "kl", type: "quantitative" } } };
      const chart = { "application/vnd.vegalite.v5+json": spec, "image/png": "iVBORw0KGgo=", "text/plain": "<Vega-Lite bar chart: KL against β>" };
      const nb = notebook([
        [{ output_type: "display_data", data: chart, metadata: {} }],
        [{ output_type: "execute_result", data: { "text/plain": "42" }, metadata: {}, execution_count: 2 }],
        [{ output_type: "execute_result", data: svg("CKA heatmap"), metadata: {}, execution_count: 3 }],
      ]);
      const files = (await writeFigures(nb, dir)).map((f) => path.basename(f));
      assert.deepEqual(files, ["01-kl-against-β.svg", "02-cka-heatmap.svg"]);
      const drawn = fs.readFileSync(path.join(dir, files[0]), "utf8");
      assert.match(drawn, /^<svg[\s\S]*class="mark-rect [\s\S]*KL against β[\s\S]*<\/svg>$/, "the Vega-Lite output is rendered from its spec");
      assert.equal(fs.readFileSync(path.join(dir, files[1]), "utf8"), "<svg><title>CKA heatmap</title></svg>");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("compactProgress keeps the last of each run of consecutive progress bars, and everything else", () => {
    const bar = (text: string) => ({ output_type: "display_data", data: { "text/plain": text, "text/html": `<div class="polarlab-progress"><code>${text}</code></div>` }, metadata: {} });
    const nb = notebook([[bar("1/3"), bar("2/3"), bar("3/3"), stream("trained\n"), bar("a 1/2"), bar("a 2/2")], [bar("only")]]);
    assert.equal(compactProgress(nb), 3);
    assert.deepEqual(nb.cells[0].outputs, [bar("3/3"), stream("trained\n"), bar("a 2/2")]);
    assert.deepEqual(nb.cells[1].outputs, [bar("only")]);
  });

  test("studyNotebooks lists the shipped notebooks in order", () => {
    const names = studyNotebooks(path.join(ROOT, "notebooks")).map((f) => path.basename(f));
    assert.deepEqual(names, ["00-tour.ipynb", "01-vgon-collapse.ipynb", "02-ivae-regime.ipynb", "03-mean-vs-sampled.ipynb", "04-similarity.ipynb", "05-fondue.ipynb", "06-pca-directions.ipynb", "07-decomposition.ipynb"]);
  });

  test("polarlab main installs the kernelspec, executes the folder's notebooks at the given scale and summarises the claims", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-main-"));
    try {
      const src = path.join(dir, "src");
      fs.mkdirSync(src);
      const nb = {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: { kernelspec: { name: "polarlab", display_name: "TypeScript (polarlab)", language: "typescript" } },
        cells: [
          { id: "p", cell_type: "code", source: 'let scale = "quick";', metadata: { tags: ["parameters"] }, outputs: [], execution_count: null },
          {
            id: "c",
            cell_type: "code",
            source: [
              'const log = new pl.studies.ClaimLog("00-mini", scale);',
              'log.check({ id: "mini.scale-injected", paper: "none", place: "test", statement: "the scale parameter is injected", quantity: "1 when smoke",',
              '  estimate: pl.studies.singleEstimate(scale === "smoke" ? 1 : 0), threshold: { comparison: ">", value: 0.5, source: { kind: "paper", quote: "smoke" } } });',
            ].join("\n"),
            metadata: {},
            outputs: [],
            execution_count: null,
          },
          { id: "f", cell_type: "code", source: 'charts.uncertaintyCurves([{ x: 1, y: 2 }, { x: 2, y: 3 }], { x: "x", y: "y", title: "Tiny curve" })', metadata: {}, outputs: [], execution_count: null },
        ],
      };
      fs.writeFileSync(path.join(src, "00-mini.ipynb"), JSON.stringify(nb));
      const out = path.join(dir, "out");
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(out, "00-mini.claims.json"), JSON.stringify({ notebook: "00-mini", scale: "quick", started: "old", claims: [] }));
      const data = path.join(dir, "jupyter-data");
      const run = spawnSync(process.execPath, [path.join(ROOT, "bin", "polarlab.js"), "main", "--scale", "smoke", "--notebooks", src, "--out", out], {
        encoding: "utf8",
        env: { ...process.env, JUPYTER_DATA_DIR: data },
      });
      assert.equal(run.status, 0, run.stderr);
      assert.ok(fs.existsSync(path.join(data, "kernels", "polarlab", "kernel.json")), "kernelspec not installed in JUPYTER_DATA_DIR");
      assert.match(run.stdout, /HELD · mini\.scale-injected/);
      const report = JSON.parse(fs.readFileSync(path.join(out, "claims.json"), "utf8"));
      assert.equal(report.scale, "smoke");
      assert.deepEqual(report.notebooks[0].claims.map((c: { id: string; verdict: string }) => [c.id, c.verdict]), [["mini.scale-injected", "held"]]);
      assert.deepEqual(report.notebooks[0].figures, [path.join("00-mini_files", "01-tiny-curve.svg")]);
      assert.match(fs.readFileSync(path.join(out, "claims.md"), "utf8"), /\| held \| `mini\.scale-injected`/);
      assert.match(fs.readFileSync(path.join(out, "00-mini_files", "01-tiny-curve.svg"), "utf8"), /^<svg/);
      const executed = JSON.parse(fs.readFileSync(path.join(out, "00-mini.ipynb"), "utf8"));
      assert.ok(executed.cells.every((c: { cell_type: string; execution_count: number | null }) => c.cell_type !== "code" || c.execution_count !== null));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("SIGTERM stops polarlab main and the notebook child it runs, saving what finished", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-main-term-"));
    try {
      const src = path.join(dir, "src");
      fs.mkdirSync(src);
      const marker = path.join(dir, "child-pid");
      const cell = (id: string, source: string, tags?: string[]) => ({ id, cell_type: "code", source, metadata: tags ? { tags } : {}, outputs: [], execution_count: null });
      const nb = (cells: object[]) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });
      fs.writeFileSync(path.join(src, "00-forever.ipynb"), nb([
        cell("p", 'let scale = "quick";', ["parameters"]),
        cell("a", [
          'const log = new pl.studies.ClaimLog("00-forever", scale);',
          'log.check({ id: "forever.first-cell", paper: "none", place: "test", statement: "the first cell finished", quantity: "1",',
          '  estimate: pl.studies.singleEstimate(1), threshold: { comparison: ">", value: 0.5, source: { kind: "paper", quote: "finished" } } });',
        ].join("\n")),
        cell("b", `import * as fs from "fs";\nfs.writeFileSync(${JSON.stringify(marker)}, String(process.pid));\nwhile (true) {}`), // busy: only an interrupt thread stops it
      ]));
      fs.writeFileSync(path.join(src, "01-never.ipynb"), nb([cell("p", 'let scale = "quick";', ["parameters"]), cell("a", "1")]));
      const out = path.join(dir, "out");
      const main = spawn(process.execPath, [path.join(ROOT, "bin", "polarlab.js"), "main", "--notebooks", src, "--out", out], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, JUPYTER_DATA_DIR: path.join(dir, "jupyter-data") },
      });
      let output = "";
      main.stdout.on("data", (d) => (output += d));
      main.stderr.on("data", (d) => (output += d));
      const exited = new Promise<number | null>((resolve) => main.once("exit", resolve));
      const deadline = performance.now() + 120_000;
      while (!fs.existsSync(marker) || fs.readFileSync(marker, "utf8") === "") {
        assert.ok(performance.now() < deadline && main.exitCode === null, `the notebook never started; output:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const child = Number(fs.readFileSync(marker, "utf8"));
      const t0 = performance.now();
      main.kill("SIGTERM");
      const status = await exited;
      const seconds = (performance.now() - t0) / 1000;
      assert.equal(status, 143, output);
      assert.ok(seconds < 8, `stopping took ${seconds} s`);
      assert.throws(() => process.kill(child, 0), { code: "ESRCH" }, "the notebook's child process outlived polarlab main");
      assert.match(output, /stopped by SIGTERM after 1 of 2 notebooks/);
      const report = JSON.parse(fs.readFileSync(path.join(out, "claims.json"), "utf8"));
      assert.deepEqual(report.notebooks.map((c: { name: string; ok: boolean }) => [c.name, c.ok]), [["00-forever", false]]);
      assert.deepEqual(report.notebooks[0].claims.map((c: { id: string; verdict: string }) => [c.id, c.verdict]), [["forever.first-cell", "held"]], "the claims computed before the stop are kept");
      const executed = JSON.parse(fs.readFileSync(path.join(out, "00-forever.ipynb"), "utf8"));
      assert.equal(executed.cells.at(-1).outputs[0].ename, "Interrupted");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
