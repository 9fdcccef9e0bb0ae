import type { CliEnv } from '../env.js';

/** What decides whether a bare `ctune` opens the TUI. */
export interface TuiGate {
  /** The arguments after the script path. */
  readonly argv: readonly string[];
  readonly stdin: { readonly isTTY?: boolean };
  readonly stdout: { readonly isTTY?: boolean };
  readonly env: Pick<CliEnv, 'CI' | 'TERM'>;
}

/**
 * True for a bare `ctune` on an interactive terminal: no arguments, stdin and stdout both
 * TTYs, not in CI, and not TERM=dumb. Everywhere else `ctune` prints its help in plain text.
 */
export function shouldOpenTui({ argv, stdin, stdout, env }: TuiGate): boolean {
  return argv.length === 0 && stdin.isTTY === true && stdout.isTTY === true && !env.CI && env.TERM !== 'dumb';
}
