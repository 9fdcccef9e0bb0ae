import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

/**
 * One `ctune` subcommand. Each lives in its own file under `src/commands/` and is listed once in
 * `all-commands.ts`; `register` adds it to the program. The work itself sits in a function under
 * `src/workflows/` that returns data, so the Ink TUI can call it without the command line.
 */
export interface CliCommand {
  readonly name: string;
  register(program: Command, context: CliContext): void;
}

/** Flags every command accepts through the program: `--verbose`, `--no-color`. */
export interface GlobalFlags {
  readonly verbose?: boolean;
  readonly color?: boolean;
}

/** Adds the `--json` flag that every command takes. */
export function addJsonOption(command: Command): Command {
  return command.option('--json', 'print one JSON object on stdout instead of text');
}
