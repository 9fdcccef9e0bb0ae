import type { Logger } from '@causal-tune/core';
import type { CommandOutput } from './command-output.js';

/**
 * A Logger for the packages a command calls: warnings and errors become `warning:` lines on
 * stderr (in every mode, so `--json` stdout stays one object); debug and info are dropped.
 */
export function warningLogger(output: Pick<CommandOutput, 'warn'>): Logger {
  return {
    debug() {},
    info() {},
    warn: (message) => output.warn(message),
    error: (message) => output.warn(message),
  };
}
