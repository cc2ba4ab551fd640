// polarlab kernel --connection-file F: what the kernelspec runs (Jupyter passes the connection file).
import { parseArgs } from "node:util";
import { readConnectionFile } from "../connection";
import { KernelSession } from "../kernel-session";
import { UsageError, type Command } from "./command";

export const kernel: Command = {
  name: "kernel",
  summary: "run the Jupyter kernel (started by Jupyter through the kernelspec)",
  usage: "polarlab kernel --connection-file F",
  async run(args) {
    const { values } = parseArgs({ args, options: { "connection-file": { type: "string", short: "f" } } });
    const file = values["connection-file"];
    if (!file) throw new UsageError("--connection-file F is required");
    await new KernelSession(readConnectionFile(file)).start();
    return new Promise<number>(() => undefined); // serves until shutdown_request ends the process
  },
};
