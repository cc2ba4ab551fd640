// polarlab install [--user | --sys-prefix | --prefix P]: writes the "polarlab" kernelspec.
import { parseArgs } from "node:util";
import { installKernelspec, type InstallTarget } from "../kernelspec";
import { UsageError, type Command } from "./command";

export const install: Command = {
  name: "install",
  summary: "install the Jupyter kernelspec \"polarlab\" (TypeScript (polarlab))",
  usage: "polarlab install [--user | --sys-prefix | --prefix P]",
  async run(args) {
    const { values } = parseArgs({ args, options: { user: { type: "boolean" }, "sys-prefix": { type: "boolean" }, prefix: { type: "string" } } });
    const chosen = [values.user, values["sys-prefix"], values.prefix !== undefined].filter(Boolean).length;
    if (chosen > 1) throw new UsageError("choose one of --user, --sys-prefix and --prefix P");
    const target: InstallTarget =
      values.prefix !== undefined ? { kind: "prefix", prefix: values.prefix } : values["sys-prefix"] ? { kind: "sys-prefix" } : { kind: "user" };
    const dir = installKernelspec(target);
    console.log(`Installed the kernelspec polarlab in ${dir}`);
    return 0;
  },
};
