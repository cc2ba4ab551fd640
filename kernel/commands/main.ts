// polarlab main [--scale smoke|quick|reference|paper] [--out DIR] [--notebooks DIR] [--timeout S]: the main job
// (docs/decisions.md, "The main job"). Installs the kernelspec for the user (unless present), executes every study notebook
// (notebooks/NN-name.ipynb) through `polarlab run` at the given scale into DIR, writes each notebook's
// figures as SVG files beside it (DIR/NN-name_files/, nbconvert's convention) and gathers the claims
// each notebook computed (DIR/NN-name.claims.json, written by its ClaimLog during this run; a stale
// file is removed first) into DIR/claims.json, with DIR/claims.md generated from that JSON. SIGTERM or
// SIGINT stops it: the running notebook's child gets SIGTERM (it saves its finished cells), no further
// notebook starts, and the claims of the notebooks that ran are still written.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { SCALES, type Scale } from "../../toolkit/studies/scale";
import { writeFileAtomic } from "../../toolkit/runtime/files";
import { claimLine, readClaimFile, type Claim } from "../../toolkit/studies/claims";
import { claimsMarkdown, type ClaimsReport } from "../claims-report";
import { installKernelspec, kernelspecDir, KERNEL_NAME, POLARLAB_BIN } from "../kernelspec";
import { multiline, readNotebook, writeNotebook, type Notebook } from "../notebook";
import { EXIT_SIGINT, EXIT_SIGTERM, UsageError, type Command } from "./command";
import { MainProgress } from "./main-progress";
import { announceSlowPath } from "./slow-path";

/** The notebooks shipped with polarlab (repository root/notebooks; this file runs from dist/kernel/commands). */
export function defaultNotebookDir(): string {
  return path.resolve(__dirname, "..", "..", "..", "notebooks");
}

/** The study notebooks of a directory: files named NN-name.ipynb, in order. */
export function studyNotebooks(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new Error(`--notebooks ${dir}: no such directory; expected the folder holding NN-name.ipynb notebooks`);
  const files = fs.readdirSync(dir).filter((f) => /^\d\d-[\w.-]+\.ipynb$/.test(f) && !f.endsWith(".out.ipynb")).sort();
  if (files.length === 0) throw new Error(`--notebooks ${dir}: no NN-name.ipynb notebook in it`);
  return files.map((f) => path.join(dir, f));
}

/** The claims file a notebook's ClaimLog writes in its working directory (toolkit/studies/claims.ts). */
export function claimFilePath(dir: string, name: string): string {
  return path.join(dir, `${name}.claims.json`);
}

const PROGRESS_HTML = 'class="polarlab-progress"';

function isProgress(output: Record<string, unknown>): boolean {
  const html = (output.data as Record<string, unknown> | undefined)?.["text/html"];
  return output.output_type === "display_data" && multiline(html).includes(PROGRESS_HTML);
}

/**
 * Keeps only the last of each run of consecutive progress-bar outputs in a cell. A headless run
 * (`polarlab run`) prints a progress line a second where Jupyter updates one bar in place, so a long
 * training would otherwise leave hundreds of outputs; the last one holds the final state. Returns the
 * number of outputs removed.
 */
export function compactProgress(nb: Notebook): number {
  let removed = 0;
  for (const cell of nb.cells) {
    const outputs = cell.outputs;
    if (!outputs) continue;
    const kept = outputs.filter((o, i) => !(isProgress(o) && i + 1 < outputs.length && isProgress(outputs[i + 1])));
    removed += outputs.length - kept.length;
    cell.outputs = kept;
  }
  return removed;
}

/** A file-name slug of a chart's one-line text ("<Vega-Lite bar chart: KL against β>" → "kl-against-β"). */
function slug(text: string): string {
  const title = /:\s*(.+?)>?$/.exec(text)?.[1] ?? text;
  const s = title.toLowerCase().normalize("NFKC").replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  return s || "figure";
}

/**
 * Writes every chart of `nb` into `dir` as SVG (NN-slug.svg, in cell order): a Vega-Lite output is rendered
 * from its spec by vega (notebook bundles carry a PNG, not the SVG), an image/svg+xml output is copied.
 * Returns the paths.
 */
export async function writeFigures(nb: Notebook, dir: string): Promise<string[]> {
  // Loaded here, not at the top: every `polarlab` command loads this module, and vega takes a while.
  const { renderSvg, VEGALITE_MIME } = require("../../toolkit/display/vegalite") as typeof import("../../toolkit/display/vegalite");
  const written: string[] = [];
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      const data = output.data as Record<string, unknown> | undefined;
      const spec = data?.[VEGALITE_MIME];
      const svg = spec !== undefined ? await renderSvg(spec as Record<string, unknown>) : data?.["image/svg+xml"];
      if (svg === undefined) continue;
      if (written.length === 0) fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${String(written.length + 1).padStart(2, "0")}-${slug(multiline(data?.["text/plain"]))}.svg`);
      fs.writeFileSync(file, multiline(svg));
      written.push(file);
    }
  }
  return written;
}

/** Installs the user kernelspec unless one named polarlab is already there; says which. */
function ensureKernelspec(): string {
  const existing = path.join(kernelspecDir({ kind: "user" }), "kernel.json");
  if (fs.existsSync(existing)) return `kernelspec ${KERNEL_NAME}: already installed (${path.dirname(existing)})`;
  return `kernelspec ${KERNEL_NAME}: installed in ${installKernelspec({ kind: "user" })}`;
}

interface NotebookRun { name: string; ok: boolean; seconds: number; message: string; figures: string[]; claims: Claim[] }

/** A child that has not ended this long after its SIGTERM (stuck in busy code) is killed. */
const CHILD_GRACE_MS = 10_000;

/** A stop request of one `polarlab main` run (a signal) and the notebook child it must stop. */
class Stop {
  signal?: NodeJS.Signals;
  private child?: ChildProcess;

  request(signal: NodeJS.Signals): void {
    this.signal ??= signal;
    if (this.child) this.terminate(this.child);
  }

  /** Tracks the running child; one started after a stop request is stopped at once. */
  watch(child: ChildProcess): void {
    this.child = child;
    child.once("exit", () => {
      if (this.child === child) this.child = undefined;
    });
    if (this.signal) this.terminate(child);
  }

  private terminate(child: ChildProcess): void {
    child.kill("SIGTERM");
    setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"), CHILD_GRACE_MS).unref();
  }
}

/** Runs `polarlab run` on one notebook in a child process (a fresh toolkit and backend per notebook). */
function runChild(notebook: string, outDir: string, scale: Scale, stop: Stop, timeout?: number): Promise<{ code: number; stderr: string }> {
  const args = [POLARLAB_BIN, "run", notebook, "--param", `scale=${scale}`, "--out", outDir, ...(timeout ? ["--timeout", String(timeout)] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "pipe"] });
    stop.watch(child);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
}

async function runOne(source: string, outDir: string, scale: Scale, stop: Stop, timeout?: number): Promise<NotebookRun> {
  const name = path.basename(source, ".ipynb");
  const started = performance.now();
  // The copy in DIR is what runs: its directory is the cells' working directory, so the studies'
  // caches (.polarlab-runs/) land in DIR and a second `polarlab main` reuses them.
  const target = path.join(outDir, `${name}.ipynb`);
  if (path.resolve(source) !== path.resolve(target)) fs.copyFileSync(source, target);
  const claimFile = claimFilePath(outDir, name);
  fs.rmSync(claimFile, { force: true }); // only claims this run computes count
  const { code, stderr } = await runChild(target, outDir, scale, stop, timeout);
  const executed = path.join(outDir, `${name}.out.ipynb`);
  if (fs.existsSync(executed)) fs.renameSync(executed, target);
  const nb = readNotebook(target);
  if (compactProgress(nb) > 0) writeNotebook(target, nb);
  const figureDir = path.join(outDir, `${name}_files`);
  fs.rmSync(figureDir, { recursive: true, force: true }); // no stale figures from an earlier run
  const figures = await writeFigures(nb, figureDir);
  const message = stderr.trim().split("\n").filter((l) => l.startsWith("polarlab run")).pop() ?? stderr.trim().split("\n").pop() ?? "";
  const claims = fs.existsSync(claimFile) ? readClaimFile(claimFile).claims : [];
  return { name, ok: code === 0, seconds: (performance.now() - started) / 1000, message, figures, claims };
}

const countHeld = (claims: Claim[]) => claims.filter((c) => c.verdict === "held").length;

function parseScale(raw: string | undefined): Scale {
  const scale = raw ?? "quick";
  if (!(SCALES as readonly string[]).includes(scale)) throw new UsageError(`--scale ${scale}: expected one of ${SCALES.join(", ")}`);
  return scale as Scale;
}

export const main: Command = {
  name: "main",
  summary: "the main job: execute every study notebook (default quick scale) into out/ with figures and a claims summary",
  usage: "polarlab main [--scale smoke|quick|reference|paper] [--out DIR] [--notebooks DIR] [--timeout S]",
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { scale: { type: "string" }, out: { type: "string", short: "o" }, notebooks: { type: "string" }, timeout: { type: "string" } },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const scale = parseScale(values.scale);
    const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`--timeout ${values.timeout}: expected a number of seconds > 0 (per cell)`);
    const outDir = path.resolve(values.out ?? "out");
    const notebooks = studyNotebooks(path.resolve(values.notebooks ?? defaultNotebookDir()));
    fs.mkdirSync(outDir, { recursive: true });
    console.log(ensureKernelspec());
    const { compute } = await announceSlowPath();
    console.log(`executing ${notebooks.length} notebooks at ${scale} scale into ${outDir}`);
    const notebookDir = path.resolve(values.notebooks ?? defaultNotebookDir());
    const names = notebooks.map((n) => path.basename(n, ".ipynb"));
    const progress = new MainProgress({ outDir, notebookDir, scale, compute, names, inPlace: process.stdout.isTTY === true });
    const stop = new Stop();
    const onSignal = (signal: NodeJS.Signals) => stop.request(signal);
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
    const runs: NotebookRun[] = [];
    for (const notebook of notebooks) {
      if (stop.signal) break;
      progress.start(path.basename(notebook, ".ipynb"));
      const run = await runOne(notebook, outDir, scale, stop, timeout);
      progress.finish(run.name, run.ok, run.seconds);
      runs.push(run);
      console.log(`${run.ok ? "✔" : "✘"} ${run.name} in ${run.seconds.toFixed(0)} s: ${countHeld(run.claims)} of ${run.claims.length} claims held, ${run.figures.length} figures${run.ok ? "" : `\n  ${run.message}`}`);
      for (const claim of run.claims) console.log(`  ${claimLine(claim)}`);
    }
    const report: ClaimsReport = {
      scale,
      notebooks: runs.map(({ name, ok, seconds, message, claims, figures }) => ({ name, ok, seconds, message: ok ? "" : message, figures: figures.map((f) => path.relative(outDir, f)), claims })),
    };
    writeFileAtomic(path.join(outDir, "claims.json"), JSON.stringify(report, null, 1) + "\n");
    writeFileAtomic(path.join(outDir, "claims.md"), claimsMarkdown(report));
    const failed = runs.filter((r) => !r.ok);
    const all = runs.flatMap((r) => r.claims);
    console.log(`\nwall times (${scale} scale, ${compute} compute path):\n${progress.close()}`);
    console.log(`\n${runs.length - failed.length} of ${runs.length} notebooks executed; ${countHeld(all)} of ${all.length} claims held (${all.filter((c) => c.verdict === "not testable").length} not testable at ${scale} scale)`);
    console.log(`notebooks, figures and claims.md in ${outDir}; open them with: jupyter lab ${outDir}`);
    if (stop.signal) {
      console.log(`stopped by ${stop.signal} after ${runs.length} of ${notebooks.length} notebooks`);
      return stop.signal === "SIGINT" ? EXIT_SIGINT : EXIT_SIGTERM;
    }
    return failed.length ? 1 : 0;
  },
};
