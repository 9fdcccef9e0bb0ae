import type { CliContext } from '../cli-context.js';

/**
 * How a command prints: `json` one JSON object on stdout; `plain` plain lines without ANSI
 * codes (pipes, files, CI); `rich` a terminal: colour, redrawn progress, later Ink views.
 */
export type OutputMode = 'json' | 'plain' | 'rich';

/** The resolved output settings of one command run. */
export interface OutputSettings {
  readonly mode: OutputMode;
  /** True only in `rich` mode without NO_COLOR or --no-color. */
  readonly color: boolean;
  /** Columns available for charts and tables. */
  readonly width: number;
}

/** Flags of the command line that decide the output. */
export interface OutputFlags {
  readonly json?: boolean;
  /** False after `--no-color`. */
  readonly color?: boolean;
}

const DEFAULT_WIDTH = 80;
const MIN_WIDTH = 40;
const MAX_WIDTH = 120;

/**
 * Picks the output mode: `--json` wins; otherwise a TTY stdout outside CI and not TERM=dumb is
 * `rich`, anything else is `plain`.
 */
export function resolveOutputSettings(flags: OutputFlags, context: Pick<CliContext, 'stdout' | 'env'>): OutputSettings {
  const { stdout, env } = context;
  const interactive = stdout.isTTY === true && !env.CI && env.TERM !== 'dumb';
  const mode: OutputMode = flags.json === true ? 'json' : interactive ? 'rich' : 'plain';
  const color = mode === 'rich' && !env.NO_COLOR && flags.color !== false;
  const columns = interactive && stdout.columns !== undefined ? stdout.columns : DEFAULT_WIDTH;
  return { mode, color, width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, columns)) };
}
