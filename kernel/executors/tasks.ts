// The tasks of a study run on an executor: one per RunSpec not yet finished in the run directory, each with its
// spec file (DIR/runs/model-<hash>.json), its run directory (the study cache's model-<hash>/, where the study
// then finds it) and its log (DIR/logs/model-<hash>.log). The run directory is the only state executors share.
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../../toolkit/runtime/files";
import type { RunSpec } from "../../toolkit/studies";

export interface Task {
  hash: string;
  spec: RunSpec;
  specFile: string;
  dir: string;
  log: string;
}

type Studies = typeof import("../../toolkit/studies");

/** Every task of `specs` (writing the spec files), and which of them are not finished yet. */
export function planTasks(studies: Studies, specs: RunSpec[], out: string, cacheDir: string): { all: Task[]; todo: Task[] } {
  const all = specs.map((spec) => {
    const hash = studies.runSpecHash(spec);
    const specFile = path.join(out, "runs", `model-${hash}.json`);
    if (!fs.existsSync(specFile)) writeFileAtomic(specFile, JSON.stringify(spec, null, 1) + "\n");
    return { hash, spec, specFile, dir: studies.runDirectory(cacheDir, spec), log: path.join(out, "logs", `model-${hash}.log`) };
  });
  fs.mkdirSync(path.join(out, "logs"), { recursive: true });
  return { all, todo: unfinished(studies, all) };
}

/** The tasks whose run directory holds no finished run. */
export function unfinished(studies: Studies, tasks: Task[]): Task[] {
  return tasks.filter((t) => !studies.finishedRun(t.dir, t.spec));
}

/** One line per failed task: its spec file and log, for the user to look at. */
export function describeFailures(tasks: Task[]): string {
  return tasks.map((t) => `  failed: model-${t.hash} (${t.spec.model.kind}, seed ${t.spec.seed}); spec ${t.specFile}; log ${t.log}`).join("\n");
}
