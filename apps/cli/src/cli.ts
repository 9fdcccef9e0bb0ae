import { Command, CommanderError } from 'commander';
import type { CliContext } from './cli-context.js';
import { ALL_COMMANDS } from './commands/all-commands.js';
import { ExitCode, exitCodeFor, formatErrorLines, toToolkitError } from './errors/cli-error.js';
import { readCliVersion } from './version.js';

/** True when `flag` appears in `argv` before a `--` separator. */
function hasFlag(argv: readonly string[], flag: string): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes(flag);
}

/**
 * The commander program of `ctune` with every command of {@link ALL_COMMANDS}. Output goes to
 * the context's streams and errors are thrown instead of exiting, so tests run it in-process.
 */
export function createProgram(context: CliContext): Command {
  const program = new Command('ctune')
    .description('Fine-tune causal language models (GPT-2, LLaMA) into classifiers and instruction followers.')
    .version(readCliVersion(), '-V, --version', 'print the version')
    .option('--verbose', 'print error details and stack traces')
    .option('--no-color', 'never colour the output')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void context.stdout.write(text),
      writeErr: (text) => void context.stderr.write(text),
    });
  for (const command of ALL_COMMANDS) command.register(program, context);
  return program;
}

/**
 * Runs `ctune` with `argv` (without the node and script paths) and returns the exit code:
 * 0 success, 1 user or runtime error (`CODE: message` on stderr, the stack only with
 * `--verbose`), 2 usage error. With `--json` an error is also printed on stdout as
 * `{ "error": { code, message, details } }`.
 *
 * @example
 * const exitCode = await runCli(['prep', '--data', 'train.csv', '--json'], context);
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<ExitCode> {
  const program = createProgram(context);
  if (argv.length === 0) {
    // Off a terminal a bare `ctune` shows the help; on one, bin.ts opens the Ink TUI instead.
    program.outputHelp();
    return ExitCode.success;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.success;
  } catch (error) {
    const exitCode = exitCodeFor(error);
    // Commander has already printed its own message (or the help / version).
    if (error instanceof CommanderError) return exitCode;
    if (hasFlag(argv, '--json')) context.stdout.write(`${JSON.stringify({ error: toToolkitError(error).toJSON() })}\n`);
    const verbose = hasFlag(argv, '--verbose') || context.env.CTUNE_VERBOSE;
    context.stderr.write(`${formatErrorLines(error, { verbose }).join('\n')}\n`);
    return exitCode;
  }
}
