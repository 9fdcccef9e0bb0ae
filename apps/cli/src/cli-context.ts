import type { CliEnv } from './env.js';

/** The part of a stream the CLI writes to: `process.stdout` or a test capture. */
export interface TerminalStream {
  write(text: string): unknown;
  /** True when the stream is an interactive terminal. */
  readonly isTTY?: boolean;
  /** Width of the terminal in columns, when it is one. */
  readonly columns?: number;
}

/**
 * Everything a command may touch outside its arguments. Tests build one with captured streams
 * and run commands in-process; `bin.ts` builds the real one.
 */
export interface CliContext {
  readonly stdout: TerminalStream;
  readonly stderr: TerminalStream;
  readonly env: CliEnv;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Aborted on Ctrl-C; long work stops cleanly. */
  readonly signal?: AbortSignal;
}
