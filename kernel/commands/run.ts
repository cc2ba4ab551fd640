// polarlab run NOTEBOOK [--param key=value ...] [--out DIR] [--timeout S]: executes a notebook headless
// through the kernel's executor and display pipeline (no Jupyter needed), writes the executed notebook
// (nbformat 4.5, saved after every cell) and exits 1 naming the failing cell on an error (143 when SIGTERM
// stopped it; the run is supervised, ./supervisor.ts, so SIGTERM ends it even in busy code). Parameters
// follow papermill: each name must be declared by the cell tagged "parameters"; a mistake exits 2.
import { writeSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { checkParameters, parseParam, readNotebook } from "../notebook";
import { EXIT_SIGTERM, UsageError, type Command } from "./command";

export const run: Command = {
  name: "run",
  summary: "execute a notebook headless and write the executed copy",
  usage: "polarlab run NOTEBOOK [--param key=value ...] [--out DIR] [--timeout S]",
  supervised: true,
  async run(args, context) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { param: { type: "string", multiple: true, short: "p" }, out: { type: "string", short: "o" }, timeout: { type: "string" } },
    });
    if (positionals.length !== 1) throw new UsageError(`expected one NOTEBOOK, got ${positionals.length}`);
    const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`--timeout ${values.timeout}: expected a number of seconds > 0`);
    let params: [string, unknown][];
    try {
      params = (values.param ?? []).map(parseParam);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const notebook = path.resolve(positionals[0]);
    const source = readNotebook(notebook);
    try {
      checkParameters(source, params);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { runNotebook } = require("../headless") as typeof import("../headless"); // the executor and toolkit load only here
    const result = await runNotebook(notebook, source, {
      params,
      outDir: values.out === undefined ? undefined : path.resolve(values.out),
      timeoutSeconds: timeout,
      controlFd: context?.controlFd,
    });
    if (result.failure) {
      writeSync(2, `polarlab run: ${result.failure}\nwrote ${result.output}\n`); // stdout/stderr are captured into cells
      return result.terminated ? EXIT_SIGTERM : 1;
    }
    writeSync(2, `polarlab run: ${result.cells} cells executed in ${result.seconds.toFixed(1)} s; wrote ${result.output}\n`);
    return 0;
  },
};
