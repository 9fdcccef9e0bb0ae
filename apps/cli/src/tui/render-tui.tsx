import { render } from 'ink';
import { join } from 'node:path';
import type { CliEnv } from '../env.js';
import { ExitCode, formatErrorLines } from '../errors/cli-error.js';
import { App } from './app.js';
import type { TuiOptions } from './app.js';
import { BUNDLED } from '../bundled-assets.js';
import { createTuiServices } from './services/tui-services.js';
import type { TuiServices } from './services/tui-services.js';

/** The terminal the TUI takes over: real TTY streams (`process.stdin`, `process.stdout`). */
export interface TuiTerminal {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: CliEnv;
  readonly cwd: string;
}

/** What tests may replace. */
export interface RenderTuiOverrides {
  readonly services?: TuiServices;
  readonly options?: Partial<TuiOptions>;
}

// The alternate screen buffer (xterm, tmux): the UI draws on a clean screen and the shell's
// scrollback comes back untouched when it quits.
const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';

/** The TUI's settings for a terminal: `<cwd>/runs`, the bundled sample and model. */
export function defaultTuiOptions(terminal: Pick<TuiTerminal, 'cwd' | 'env'>): TuiOptions {
  return { cwd: terminal.cwd, runsDir: join(terminal.cwd, 'runs'), dataPath: BUNDLED.courtSample, modelPath: BUNDLED.model, color: !terminal.env.NO_COLOR };
}

/**
 * Runs the Ink TUI on a terminal until the user quits, and returns the exit code. Ctrl+C is
 * the app's (it cancels a training first, so that the trainer checkpoints), not Ink's.
 *
 * @example
 * process.exitCode = await renderTui({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env, cwd: process.cwd() });
 */
export async function renderTui(terminal: TuiTerminal, overrides: RenderTuiOverrides = {}): Promise<ExitCode> {
  const options = { ...defaultTuiOptions(terminal), ...overrides.options };
  terminal.stdout.write(ENTER_ALTERNATE_SCREEN);
  let failure: unknown;
  try {
    const instance = render(<App options={options} services={overrides.services ?? createTuiServices()} />, {
      stdin: terminal.stdin,
      stdout: terminal.stdout,
      stderr: terminal.stderr,
      exitOnCtrlC: false,
      patchConsole: true,
    });
    await instance.waitUntilExit();
  } catch (error) {
    failure = error;
  }
  // Errors are printed on the normal screen, after the UI is gone.
  terminal.stdout.write(LEAVE_ALTERNATE_SCREEN);
  if (failure === undefined) return ExitCode.success;
  terminal.stderr.write(`${formatErrorLines(failure, { verbose: terminal.env.CTUNE_VERBOSE }).join('\n')}\n`);
  return ExitCode.failure;
}
