// The subcommands of `polarlab`, in the order `polarlab --help` lists them. Add a command: one file
// exporting a Command, one line here.
import type { Command } from "./command";
import { install } from "./install";
import { kernel } from "./kernel";
import { run } from "./run";
import { study } from "./study";
import { train } from "./train";
import { main } from "./main";

export const COMMANDS: readonly Command[] = [install, kernel, run, study, train, main];
export { UsageError, type Command } from "./command";
