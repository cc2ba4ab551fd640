// polarlab main [--scale quick|smoke|paper] [--out DIR] [--notebooks DIR] [--timeout S]: the main job
// (issue 9). Installs the kernelspec for the user (unless present), executes every study notebook
// (notebooks/NN-name.ipynb) through `polarlab run` at the given scale into DIR, writes each notebook's
// figures as SVG files beside it (DIR/NN-name_files/, nbconvert's convention) and prints which of the
// papers' claims held, as the notebooks computed them (lines "HELD · …", "DID NOT HOLD · …",
// "NOT TESTED · …"); the same summary goes to DIR/claims.md and DIR/claims.json. SIGTERM or SIGINT stops
// it: the running notebook's child gets SIGTERM (it saves its finished cells), no further notebook starts,
// and the summary of the notebooks that ran is still written.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { SCALES, type Scale } from "../../toolkit/studies/scale";
import { installKernelspec, kernelspecDir, KERNEL_NAME, POLARLAB_BIN } from "../kernelspec";
import { multiline, readNotebook, writeNotebook, type Notebook } from "../notebook";
import { EXIT_SIGINT, EXIT_SIGTERM, UsageError, type Command } from "./command";

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

export type VerdictStatus = "HELD" | "DID NOT HOLD" | "NOT TESTED";
export interface Verdict { status: VerdictStatus; text: string }

const VERDICT = /^(HELD|DID NOT HOLD|NOT TESTED) · (.+)$/;

/** The claims a notebook printed (stdout lines "HELD · claim [evidence] — reason"), in order. */
export function notebookVerdicts(nb: Notebook): Verdict[] {
  const out: Verdict[] = [];
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      if (output.output_type !== "stream" || output.name !== "stdout") continue;
      for (const line of multiline(output.text).split("\n")) {
        const m = VERDICT.exec(line.trim());
        if (m) out.push({ status: m[1] as VerdictStatus, text: m[2] });
      }
    }
  }
  return out;
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

/** Writes every image/svg+xml output of `nb` into `dir` (NN-slug.svg, in cell order); returns the paths. */
export function writeFigures(nb: Notebook, dir: string): string[] {
  const written: string[] = [];
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      const data = output.data as Record<string, unknown> | undefined;
      const svg = data?.["image/svg+xml"];
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

interface NotebookRun { name: string; ok: boolean; seconds: number; message: string; figures: string[]; verdicts: Verdict[] }

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
  const { code, stderr } = await runChild(target, outDir, scale, stop, timeout);
  const executed = path.join(outDir, `${name}.out.ipynb`);
  if (fs.existsSync(executed)) fs.renameSync(executed, target);
  const nb = readNotebook(target);
  if (compactProgress(nb) > 0) writeNotebook(target, nb);
  const figureDir = path.join(outDir, `${name}_files`);
  fs.rmSync(figureDir, { recursive: true, force: true }); // no stale figures from an earlier run
  const figures = writeFigures(nb, figureDir);
  const message = stderr.trim().split("\n").filter((l) => l.startsWith("polarlab run")).pop() ?? stderr.trim().split("\n").pop() ?? "";
  return { name, ok: code === 0, seconds: (performance.now() - started) / 1000, message, figures, verdicts: notebookVerdicts(nb) };
}

function summary(runs: NotebookRun[], scale: Scale): string {
  const lines = [`# Claims checked by the polarlab notebooks at ${scale} scale`, ""];
  for (const run of runs) {
    const held = run.verdicts.filter((v) => v.status === "HELD").length;
    lines.push(`## ${run.name}: ${run.ok ? "executed" : "FAILED"} in ${run.seconds.toFixed(0)} s; ${held} of ${run.verdicts.length} claims held; ${run.figures.length} figures`);
    if (!run.ok) lines.push(`   ${run.message}`);
    for (const v of run.verdicts) lines.push(`- ${v.status} · ${v.text}`);
    lines.push("");
  }
  return lines.join("\n");
}

function parseScale(raw: string | undefined): Scale {
  const scale = raw ?? "quick";
  if (!(SCALES as readonly string[]).includes(scale)) throw new UsageError(`--scale ${scale}: expected one of ${SCALES.join(", ")}`);
  return scale as Scale;
}

export const main: Command = {
  name: "main",
  summary: "the main job: execute every study notebook (default quick scale) into out/ with figures and a claims summary",
  usage: "polarlab main [--scale quick|smoke|paper] [--out DIR] [--notebooks DIR] [--timeout S]",
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
    console.log(`executing ${notebooks.length} notebooks at ${scale} scale into ${outDir}`);
    const stop = new Stop();
    const onSignal = (signal: NodeJS.Signals) => stop.request(signal);
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
    const runs: NotebookRun[] = [];
    for (const notebook of notebooks) {
      if (stop.signal) break;
      console.log(`\n▶ ${path.basename(notebook)}`);
      const run = await runOne(notebook, outDir, scale, stop, timeout);
      runs.push(run);
      const held = run.verdicts.filter((v) => v.status === "HELD").length;
      console.log(`${run.ok ? "✔" : "✘"} ${run.name} in ${run.seconds.toFixed(0)} s: ${held} of ${run.verdicts.length} claims held, ${run.figures.length} figures${run.ok ? "" : `\n  ${run.message}`}`);
      for (const v of run.verdicts) console.log(`  ${v.status} · ${v.text}`);
    }
    const text = summary(runs, scale);
    fs.writeFileSync(path.join(outDir, "claims.md"), text);
    fs.writeFileSync(path.join(outDir, "claims.json"), JSON.stringify(runs.map(({ name, ok, seconds, verdicts, figures }) => ({ name, ok, seconds, verdicts, figures: figures.map((f) => path.relative(outDir, f)) })), null, 1) + "\n");
    const failed = runs.filter((r) => !r.ok);
    const all = runs.flatMap((r) => r.verdicts);
    console.log(`\n${runs.length - failed.length} of ${runs.length} notebooks executed; ${all.filter((v) => v.status === "HELD").length} of ${all.length} claims held (${all.filter((v) => v.status === "NOT TESTED").length} not testable at ${scale} scale)`);
    console.log(`notebooks, figures and claims.md in ${outDir}; open them with: jupyter lab ${outDir}`);
    if (stop.signal) {
      console.log(`stopped by ${stop.signal} after ${runs.length} of ${notebooks.length} notebooks`);
      return stop.signal === "SIGINT" ? EXIT_SIGINT : EXIT_SIGTERM;
    }
    return failed.length ? 1 : 0;
  },
};
