// polarlab kernel --connection-file F: what the kernelspec runs (Jupyter passes the connection file). The
// protocol thread starts first, so kernel_info is answered while the executor and the toolkit still load.
import { parseArgs } from "node:util";
import { ProtocolBridge } from "../bridge";
import { readConnectionFile } from "../connection";
import { BANNER, kernelInfoContent } from "../kernel-info";
import { UsageError, type Command } from "./command";

export const kernel: Command = {
  name: "kernel",
  summary: "run the Jupyter kernel (started by Jupyter through the kernelspec)",
  usage: "polarlab kernel --connection-file F",
  async run(args) {
    const { values } = parseArgs({ args, options: { "connection-file": { type: "string", short: "f" } } });
    const file = values["connection-file"];
    if (!file) throw new UsageError("--connection-file F is required");
    const bridge = new ProtocolBridge(readConnectionFile(file), kernelInfoContent(BANNER));
    await bridge.ready; // the sockets are bound before the heavy modules take the CPU
    const { KernelSession } = require("../kernel-session") as typeof import("../kernel-session");
    await new KernelSession(bridge).start();
    return new Promise<number>(() => undefined); // serves until shutdown_request ends the process
  },
};
