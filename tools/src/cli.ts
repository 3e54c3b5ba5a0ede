import { Command, CommanderError, InvalidArgumentError } from "commander";

/**
 * Exit codes shared by every command-line tool of the hub:
 * 0 done; 1 refused (a check failed, an access was denied, the policy differs, the hub said no);
 * 2 not run as asked (bad usage, bad configuration, the hub or database could not be reached).
 */
export const EXIT = { OK: 0, REFUSED: 1, USAGE: 2 } as const;

/** Wrong usage or nothing to talk to: exit code 2. */
export class UsageError extends Error {}
/** The answer is no: exit code 1. */
export class RefusedError extends Error {}

/** A commander program with the hub's conventions: `--help` exits 0, unknown options and extra arguments exit 2. */
export function cli(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .exitOverride()
    .allowExcessArguments(false)
    .showHelpAfterError("(run with --help for usage)")
    .configureHelp({ showGlobalOptions: true });
}

/** A whole number option (`--hours 24`). */
export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number");
  return Number(value);
}

let exitCode: number = EXIT.OK;

/** Wrap an action so that the number it returns becomes the process's exit code. */
export function exitWith<A extends unknown[]>(fn: (...args: A) => Promise<number> | number): (...args: A) => Promise<void> {
  return async (...args: A) => {
    exitCode = await fn(...args);
  };
}

/** Parse and run; errors print one line (exit 1 for a refusal, 2 for anything that kept the command from running). */
export async function runCli(program: Command, argv: string[] = process.argv): Promise<never> {
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? EXIT.OK : EXIT.USAGE);
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(e instanceof RefusedError ? EXIT.REFUSED : EXIT.USAGE);
  }
  process.exit(exitCode);
}
