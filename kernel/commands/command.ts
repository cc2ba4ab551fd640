// A subcommand of `polarlab`: one file per command under kernel/commands/, registered in ./index.ts.
export interface Command {
  readonly name: string;
  /** One line for `polarlab --help`. */
  readonly summary: string;
  /** The usage line(s), shown on a usage error. */
  readonly usage: string;
  /**
   * Runs user code on its main thread: `polarlab` runs it in a child process that a parent stops on SIGTERM
   * even while that thread is busy (./supervisor.ts).
   */
  readonly supervised?: boolean;
  /** Runs the command; resolves to the process exit code (a long-running command may never resolve). */
  run(args: string[], context?: CommandContext): Promise<number>;
}

export interface CommandContext {
  /** In a supervised child: the fd of the control pipe its parent writes "SIGTERM" to (./supervisor.ts). */
  controlFd?: number;
}

/** A command-line mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** The exit status of a command stopped by a signal, as a shell reports it: 128 + the signal's number. */
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;
