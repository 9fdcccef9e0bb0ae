import { loadEnv } from '../env.js';
import type { CliContext } from '../cli-context.js';

/** A {@link CliContext} whose streams are captured in memory, for in-process command tests. */
export interface CapturedContext extends CliContext {
  /** Everything written to stdout so far. */
  stdoutText(): string;
  /** Everything written to stderr so far. */
  stderrText(): string;
}

/** Options of {@link createCapturedContext}. */
export interface CapturedContextOptions {
  /** Pretend stdout and stderr are terminals. */
  readonly tty?: boolean;
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

/** Builds a {@link CapturedContext}; off a TTY and outside CI unless told otherwise. */
export function createCapturedContext(options: CapturedContextOptions = {}): CapturedContext {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const tty = options.tty === true ? { isTTY: true, columns: 100 } : {};
  return {
    stdout: { write: (text: string) => stdout.push(text), ...tty },
    stderr: { write: (text: string) => stderr.push(text), ...tty },
    env: loadEnv(options.env ?? {}),
    cwd: options.cwd ?? process.cwd(),
    stdoutText: () => stdout.join(''),
    stderrText: () => stderr.join(''),
  };
}
