// polarlab train SPEC.json --out DIR: trains the one model a RunSpec describes into DIR (checkpoint,
// run.json with the spec's hash, history and time). DIR is locked while training, so two processes
// on the same DIR never train the spec twice; a finished DIR is left as it is, an interrupted one is
// continued from its checkpoint. This is what the local and Slurm executors run for each task.
import { writeSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { UsageError, type Command } from "./command";

export const train: Command = {
  name: "train",
  summary: "train the model a RunSpec JSON file describes into a run directory",
  usage: "polarlab train SPEC.json --out DIR",
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: "string", short: "o" } } });
    if (positionals.length !== 1) throw new UsageError(`expected one SPEC.json, got ${positionals.length}`);
    if (!values.out) throw new UsageError("--out DIR is required (the run directory)");
    require("../../toolkit/models"); // registers the model classes
    const { readRunSpec, runInDirectory, runSpecHash } = require("../../toolkit/studies") as typeof import("../../toolkit/studies");
    let spec;
    try {
      spec = readRunSpec(path.resolve(positionals[0]));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const out = path.resolve(values.out);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
      const { record, model } = await runInDirectory(spec, out, { signal: controller.signal, progress: false, onWait: (m) => writeSync(2, `polarlab train: ${m}\n`) });
      model?.dispose();
      writeSync(2, `polarlab train ${runSpecHash(spec)}: ${model ? `trained ${record.steps} steps in ${record.seconds.toFixed(1)} s` : "already finished"} (${out})\n`);
      return 0;
    } catch (err) {
      if (controller.signal.aborted) {
        writeSync(2, `polarlab train: interrupted; the checkpoint in ${out} is continued by the next run\n`);
        return 130;
      }
      throw err;
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    }
  },
};
