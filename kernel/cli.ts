// The `polarlab` command line (bin/polarlab.js calls main): dispatches to kernel/commands.
import { writeSync } from "node:fs";
import { COMMANDS, UsageError, type Command } from "./commands";
import { supervise, takeControlFd } from "./commands/supervisor";

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return ["usage: polarlab <command> [options]", "", "commands:", ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)].join("\n");
}

/** Runs `polarlab argv…` and exits with the command's code (usage errors: 2, failures: 1). */
export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(helpText());
    return;
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`polarlab: unknown command ${JSON.stringify(name)}; expected one of ${COMMANDS.map((c) => c.name).join(", ")}\n\n${helpText()}`);
    process.exitCode = 2;
    return;
  }
  const controlFd = takeControlFd();
  try {
    // A finished command exits even if a cell left timers or handles behind.
    process.exit(command.supervised && controlFd === undefined ? await supervise(name, rest) : await command.run(rest, { controlFd }));
  } catch (e) {
    const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    // Straight to fd 2: a command may have redirected process.stderr into notebook cells.
    writeSync(2, `polarlab ${name}: ${(e as Error).message}${usage ? `\nusage: ${command.usage}` : ""}\n`);
    process.exit(usage ? 2 : 1);
  }
}
