// Executes a study notebook at smoke scale the two ways CI requires: headless with
// `polarlab run` (no Jupyter) and with nbclient (the real Jupyter client) through the polarlab
// kernelspec installed into a temporary prefix. Both runs share one working directory, so the second
// reuses the study runner's cache (.polarlab-runs/) and only re-executes the cells.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { claimFilePath } from "../../kernel/commands/main";
import { readClaimFile, type Claim } from "../../toolkit/studies/claims";
import { readNotebook, writeNotebook, type Notebook } from "../../kernel/notebook";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
const BIN = path.join(ROOT, "bin", "polarlab.js");
/** Debian's Python, which has nbclient and nbformat (python3-nbclient, python3-nbformat). */
const PYTHON = "/usr/bin/python3";

// Injects `let scale = …` after the cell tagged "parameters" (papermill's convention, as polarlab run
// does), executes through the kernelspec and writes the executed notebook; any cell error raises
// CellExecutionError (exit 1). argv: source, output, scale, working directory.
const NBCLIENT = `
import json, sys, nbformat
from nbclient import NotebookClient
src, out, scale, cwd = sys.argv[1:5]
nb = nbformat.read(src, as_version=4)
tags = [c.metadata.get("tags", []) for c in nb.cells]
at = next((i for i, t in enumerate(tags) if "parameters" in t), -1)
cell = nbformat.v4.new_code_cell("let scale = " + json.dumps(scale) + ";")
cell.metadata["tags"] = ["injected-parameters"]
nb.cells.insert(at + 1, cell)
NotebookClient(nb, kernel_name="polarlab", timeout=600, resources={"metadata": {"path": cwd}}).execute()
nbformat.write(nb, out)
`;

const VALIDATE = `
import sys, nbformat
nbformat.validate(nbformat.read(sys.argv[1], as_version=4))
`;

export interface Workspace { dir: string; notebook: string; jupyterPath: string }

/** A temporary directory holding a copy of notebooks/<name>.ipynb and a kernelspec prefix. */
export function workspace(name: string): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `polarlab-nb-${name}-`));
  const notebook = path.join(dir, `${name}.ipynb`);
  // The committed copy holds a quick-scale run's outputs; a cell injected by an earlier run would
  // override the smoke parameters injected here, so drop any.
  const nb = readNotebook(path.join(ROOT, "notebooks", `${name}.ipynb`));
  nb.cells = nb.cells.filter((c) => !(c.metadata?.tags ?? []).includes("injected-parameters"));
  writeNotebook(notebook, nb);
  const prefix = path.join(dir, "prefix");
  const install = spawnSync(process.execPath, [BIN, "install", "--prefix", prefix], { encoding: "utf8" });
  assert.equal(install.status, 0, `polarlab install --prefix failed: ${install.stderr}`);
  return { dir, notebook, jupyterPath: path.join(prefix, "share", "jupyter") };
}

/** Error outputs of an executed notebook, as "cell N: ename: evalue". */
export function cellErrors(nb: Notebook): string[] {
  return nb.cells.flatMap((cell, i) =>
    (cell.outputs ?? []).filter((o) => o.output_type === "error").map((o) => `cell ${i + 1}: ${o.ename}: ${o.evalue}`),
  );
}

/** Asserts an executed notebook: every code cell ran, no error output, and it checked claims at smoke scale. */
export function assertExecuted(nb: Notebook, how: string): void {
  assert.deepEqual(cellErrors(nb), [], `${how}: cell errors`);
  const unexecuted = nb.cells.filter((c) => c.cell_type === "code" && c.execution_count == null).length;
  assert.equal(unexecuted, 0, `${how}: ${unexecuted} code cells were not executed`);
  const stdout = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "stream").map((o) => [o.text].flat().join("")).join("");
  assert.match(stdout, /at smoke scale/, `${how}: the notebook did not run at the injected smoke scale`);
}

/**
 * The claims the last run of the workspace's notebook computed (NN-name.claims.json in its working
 * directory, removed before each run), checked against the schema: every claim at smoke scale, each
 * threshold with its source, and each id in `mustHold` held — the findings a smoke run can show
 * (synthetic data, closed forms), so the test fails when one of them does not.
 */
export function assertClaims(ws: Workspace, how: string, mustHold: readonly string[]): Claim[] {
  const file = claimFilePath(ws.dir, path.basename(ws.notebook, ".ipynb"));
  assert.ok(fs.existsSync(file), `${how}: the notebook wrote no claims file (${file})`);
  const { scale, claims } = readClaimFile(file);
  assert.equal(scale, "smoke", `${how}: claims were computed at ${scale} scale`);
  assert.ok(claims.length > 0, `${how}: the notebook checked no claim`);
  for (const id of mustHold) {
    const claim = claims.find((c) => c.id === id);
    assert.ok(claim, `${how}: claim ${id} was not checked`);
    assert.equal(claim.verdict, "held", `${how}: claim ${id} must hold at smoke scale: ${claim.reason} [${claim.evidence}]`);
  }
  return claims;
}

/**
 * Asserts that the last run checked its claims once per dataset: every id but the `shared` ones ends with
 * ".<tag>" of one of `tags`, and each dataset has the same claims (the same stems).
 */
export function assertClaimsPerDataset(ws: Workspace, tags: readonly string[], shared: readonly string[] = []): void {
  const { claims } = readClaimFile(claimFilePath(ws.dir, path.basename(ws.notebook, ".ipynb")));
  const stems = new Map(tags.map((tag) => [tag, [] as string[]]));
  for (const { id } of claims) {
    if (shared.includes(id)) continue;
    const tag = tags.find((t) => id.endsWith(`.${t}`));
    assert.ok(tag, `claim ${id} names none of the datasets ${tags.join(", ")}`);
    stems.get(tag)!.push(id.slice(0, -tag.length - 1));
  }
  const [first, ...rest] = tags;
  assert.ok(stems.get(first)!.length > 0, `no claim on ${first}`);
  for (const tag of rest) assert.deepEqual(stems.get(tag)!.sort(), stems.get(first)!.sort(), `claims on ${tag} vs ${first}`);
}

function removeClaims(ws: Workspace): void {
  fs.rmSync(claimFilePath(ws.dir, path.basename(ws.notebook, ".ipynb")), { force: true });
}

/** `polarlab run NOTEBOOK --param scale=smoke`: exit 0, valid nbformat, no cell error, `mustHold` held. */
export function runHeadless(ws: Workspace, mustHold: readonly string[] = []): Notebook {
  removeClaims(ws);
  const out = path.join(ws.dir, "headless");
  const run = spawnSync(process.execPath, [BIN, "run", ws.notebook, "--param", "scale=smoke", "--out", out], { encoding: "utf8" });
  assert.equal(run.status, 0, `polarlab run failed:\n${run.stderr}`);
  const executed = path.join(out, path.basename(ws.notebook));
  const valid = spawnSync(PYTHON, ["-c", VALIDATE, executed], { encoding: "utf8" });
  assert.equal(valid.status, 0, `nbformat rejects the executed notebook:\n${valid.stderr}`);
  const nb = readNotebook(executed);
  assertExecuted(nb, "polarlab run");
  assertClaims(ws, "polarlab run", mustHold);
  return nb;
}

/** nbclient through the kernelspec at smoke scale: exit 0, no cell error, `mustHold` held. */
export function runNbclient(ws: Workspace, mustHold: readonly string[] = []): Notebook {
  removeClaims(ws);
  const out = path.join(ws.dir, "nbclient.ipynb");
  const run = spawnSync(PYTHON, ["-c", NBCLIENT, ws.notebook, out, "smoke", ws.dir], {
    encoding: "utf8",
    env: { ...process.env, JUPYTER_PATH: ws.jupyterPath },
  });
  assert.equal(run.status, 0, `nbclient failed:\n${run.stderr.slice(-4000)}`);
  const nb = readNotebook(out);
  assertExecuted(nb, "nbclient");
  assertClaims(ws, "nbclient", mustHold);
  return nb;
}

/**
 * The smoke-scale suite of notebook `name`: `polarlab run` and nbclient each execute every cell with `mustHold`
 * held; `more(ws)` adds the notebook's own tests after them.
 */
export function describeSmoke(name: string, mustHold: readonly string[] = [], more?: (ws: Workspace) => void): void {
  describe(`notebook ${name} (smoke scale)`, () => {
    const ws = workspace(name);
    after(() => fs.rmSync(ws.dir, { recursive: true, force: true }));
    test("polarlab run executes every cell without error", () => {
      runHeadless(ws, mustHold);
    });
    test("nbclient executes every cell through the installed kernelspec", () => {
      runNbclient(ws, mustHold);
    });
    more?.(ws);
  });
}
