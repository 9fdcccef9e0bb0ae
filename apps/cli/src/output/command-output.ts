import type { ProgressListener } from '@causal-tune/core';
import type { CliContext } from '../cli-context.js';
import { resolveOutputSettings } from './output-mode.js';
import type { OutputFlags, OutputSettings } from './output-mode.js';
import { createProgressPrinter } from './progress-printer.js';
import { createTextStyle } from './text-style.js';
import type { TextStyle } from './text-style.js';

/** Where a command writes: its result on stdout, warnings and progress on stderr. */
export interface CommandOutput {
  readonly settings: OutputSettings;
  /** Colours for `rich` mode; the identity otherwise. */
  readonly style: TextStyle;
  /** Writes text lines to stdout (`plain` and `rich` modes). */
  print(lines: string | readonly string[]): void;
  /** Writes the command's one JSON object to stdout (`json` mode). */
  printJson(value: unknown): void;
  /** A warning line on stderr, in every mode. */
  warn(message: string): void;
  /** Progress events as lines on stderr; silent in `json` mode so that logs stay parseable. */
  readonly onProgress: ProgressListener;
}

/** Builds the {@link CommandOutput} of one command run from its flags and the context. */
export function createCommandOutput(context: CliContext, flags: OutputFlags): CommandOutput {
  const settings = resolveOutputSettings(flags, context);
  const style = createTextStyle(settings.color);
  const stderrStyle = createTextStyle(settings.color && context.stderr.isTTY === true);
  // Progress redraws in place only when stderr itself is a terminal (stdout may be one while
  // stderr goes to a log file).
  const printer = createProgressPrinter(context.stderr, { mode: settings.mode === 'rich' && context.stderr.isTTY === true ? 'rich' : 'plain' });
  return {
    settings,
    style,
    print(lines) {
      const text = typeof lines === 'string' ? lines : lines.join('\n');
      context.stdout.write(`${text}\n`);
    },
    printJson(value) {
      context.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    warn(message) {
      context.stderr.write(`${stderrStyle.yellow('warning:')} ${message}\n`);
    },
    onProgress: settings.mode === 'json' ? () => {} : printer,
  };
}
