// The tasks of a study run on an executor: one per RunSpec not yet finished in the run directory, each with its
// spec file (DIR/runs/model-<hash>.json), its run directory (the study cache's model-<hash>/, where the study
// then finds it) and its log (DIR/logs/model-<hash>.log). The run directory is the only state executors share.
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../../runtime/files";
import { finishedRun, runSpecHash, type RunSpec } from "../runSpec";
import { runDirectory } from "../training";

export interface Task {
  hash: string;
  spec: RunSpec;
  specFile: string;
  dir: string;
  log: string;
}

/** Every task of `specs` (writing the spec files), and which of them are not finished yet. */
export function planTasks(specs: RunSpec[], out: string, cacheDir: string): { all: Task[]; todo: Task[] } {
  const all = specs.map((spec) => {
    const hash = runSpecHash(spec);
    const specFile = path.join(out, "runs", `model-${hash}.json`);
    if (!fs.existsSync(specFile)) writeFileAtomic(specFile, JSON.stringify(spec, null, 1) + "\n");
    return { hash, spec, specFile, dir: runDirectory(cacheDir, spec), log: path.join(out, "logs", `model-${hash}.log`) };
  });
  fs.mkdirSync(path.join(out, "logs"), { recursive: true });
  return { all, todo: unfinished(all) };
}

/** The tasks whose run directory holds no finished run. */
export function unfinished(tasks: Task[]): Task[] {
  return tasks.filter((t) => !finishedRun(t.dir, t.spec));
}

/** One line per failed task: its spec file and log, for the user to look at. */
export function describeFailures(tasks: Task[]): string {
  return tasks.map((t) => `  failed: model-${t.hash} (${t.spec.model.kind}, seed ${t.spec.seed}); spec ${t.specFile}; log ${t.log}`).join("\n");
}
