// polarlab study NAME [--scale smoke|quick|paper] [--out DIR] [--cache DIR] [--param key=value ...]:
// runs a study runner headless (toolkit/studies) and writes its tables (CSV and JSON), its charts
// (SVG) and result.json (config, timings, cache use) into DIR. Trained models and results are cached
// in DIR/cache (or --cache), so re-running skips finished work; Ctrl-C or SIGTERM stops it cleanly
// between steps (exit 130 or 143).
import { promises as fs, writeSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { EXIT_SIGINT, EXIT_SIGTERM, UsageError, type Command } from "./command";

/**
 * toolkit/studies, loaded when the command runs: the CLI imports every command, and the toolkit (tfjs,
 * whose backend selection starts at import) must not load for `polarlab kernel`, `install` or `--help`.
 */
function studies(): typeof import("../../toolkit/studies") {
  require("../../toolkit/models"); // registers the model classes the study runners build
  return require("../../toolkit/studies");
}

function parseParams(items: string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--param ${JSON.stringify(item)}: expected key=value`);
    // Values stay strings: the runner's preset says which type each parameter has and parses it.
    params[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return params;
}

export const study: Command = {
  name: "study",
  summary: "run a study runner headless and write its tables (CSV, JSON) and charts (SVG)",
  get usage() {
    return `polarlab study NAME [--scale smoke|quick|paper] [--out DIR] [--cache DIR] [--param key=value ...]\n  NAME: ${Object.keys(studies().STUDIES).join(", ")}`;
  },
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        scale: { type: "string", short: "s" },
        out: { type: "string", short: "o" },
        cache: { type: "string" },
        param: { type: "string", multiple: true, short: "p" },
      },
    });
    if (positionals.length !== 1) throw new UsageError(`expected one study NAME, got ${positionals.length}`);
    const { checkScale, findStudy, writeTables } = studies();
    let definition;
    let scale;
    try {
      definition = findStudy(positionals[0]);
      scale = checkScale(values.scale ?? "quick");
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const out = path.resolve(values.out ?? path.join("studies", `${definition.name}-${scale}`));
    const controller = new AbortController();
    let stoppedBy: NodeJS.Signals | undefined;
    const stop = (signal: NodeJS.Signals) => {
      stoppedBy ??= signal;
      controller.abort();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    try {
      const result = await definition.run({
        scale,
        params: parseParams(values.param ?? []),
        cacheDir: path.resolve(values.cache ?? path.join(out, "cache")),
        signal: controller.signal,
      });
      const written = await writeTables(out, result.tables);
      const figures = definition.figures(result);
      for (const [name, chart] of Object.entries(figures)) written.push(await chart.save(path.join(out, `${name}.svg`)));
      const summary = { study: result.study, scale: result.scale, config: result.config, seconds: result.seconds, cache: result.cache, files: written.map((f) => path.relative(out, f)) };
      await fs.writeFile(path.join(out, "result.json"), JSON.stringify(summary, null, 1) + "\n");
      writeSync(2, `polarlab study ${definition.name} (${scale}): ${result.seconds.toFixed(1)} s, ${result.cache.trainings} models trained; wrote ${written.length + 1} files to ${out}\n`);
      return 0;
    } catch (err) {
      if (controller.signal.aborted) {
        writeSync(2, `polarlab study ${definition.name}: stopped by ${stoppedBy}; finished work is cached for the next run\n`);
        return stoppedBy === "SIGTERM" ? EXIT_SIGTERM : EXIT_SIGINT;
      }
      throw err;
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    }
  },
};
