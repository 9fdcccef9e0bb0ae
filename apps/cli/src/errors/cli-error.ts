import { ToolkitError, isToolkitError } from '@causal-tune/core';
import { CommanderError } from 'commander';

/** Exit codes of `ctune` (STYLE.md, Errors). */
export const ExitCode = {
  /** The command did what was asked. */
  success: 0,
  /** A user or runtime error: missing file, invalid data, failed write. */
  failure: 1,
  /** A usage error: unknown flag or command, missing or malformed argument. */
  usage: 2,
} as const;

/** One of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

// Commander "errors" that are really requests for help or the version.
const COMMANDER_SUCCESS = new Set(['commander.helpDisplayed', 'commander.version']);

/** The exit code for an error that ended a command. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommanderError) return COMMANDER_SUCCESS.has(error.code) ? ExitCode.success : ExitCode.usage;
  if (isToolkitError(error) && error.code === 'USAGE_INVALID') return ExitCode.usage;
  return ExitCode.failure;
}

/**
 * Any thrown value as a {@link ToolkitError}. Anything that is not one escaped the wrapping of
 * causal-tune's own code, which is a bug, hence INTERNAL_ASSERTION with the original as cause.
 */
export function toToolkitError(error: unknown): ToolkitError {
  if (isToolkitError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ToolkitError(
    'INTERNAL_ASSERTION',
    `Unexpected error: ${message}. This is a bug in causal-tune; run again with --verbose and report the output.`,
    { cause: error },
  );
}

function causeChain(error: unknown): string[] {
  const lines: string[] = [];
  let cause = error instanceof Error ? error.cause : undefined;
  while (cause !== undefined && lines.length < 10) {
    lines.push(`caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return lines;
}

/**
 * Lines for stderr: `CODE: message`, and with `verbose` also the details, the stack and the
 * causes. Never a stack without `verbose` (STYLE.md).
 */
export function formatErrorLines(error: unknown, options: { readonly verbose: boolean }): string[] {
  const toolkitError = toToolkitError(error);
  const lines = [`${toolkitError.code}: ${toolkitError.message}`];
  if (!options.verbose) return lines;
  if (toolkitError.details !== undefined) lines.push(`details: ${JSON.stringify(toolkitError.details, null, 2)}`);
  if (toolkitError.stack !== undefined) lines.push(toolkitError.stack);
  lines.push(...causeChain(toolkitError));
  return lines;
}

const RECORD_CODES = new Set(['DATA_RECORD_INVALID', 'DATA_ENCODING_INVALID']);

/**
 * Adds the command-line way out to an error about invalid records: data-prep's message speaks
 * of `{ mode: "lenient" }`, which a CLI user writes as `--lenient`. Other errors pass unchanged.
 */
export function withLenientHint(error: unknown): unknown {
  if (!isToolkitError(error) || !RECORD_CODES.has(error.code)) return error;
  return new ToolkitError(error.code, `${error.message}\nWith ctune, pass --lenient to keep the good rows and list the others.`, {
    ...(error.details === undefined ? {} : { details: error.details }),
    cause: error,
  });
}
