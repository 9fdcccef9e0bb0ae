import type { LogFields, Logger } from '@causal-tune/core';
import type { TerminalStream } from '../cli-context.js';

/** Options of {@link eventLogger}. */
export interface EventLoggerOptions {
  /** One JSON object per line on `stdout` instead of text lines on `stderr`. */
  readonly json: boolean;
  /** Also the debug events (chunk progress). */
  readonly debug: boolean;
  readonly now?: () => Date;
}

function plainValue(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/**
 * The Logger of a long-running command (`ctune worker`): each event one line, `--json` as JSON
 * (`{ "at", "level", "event", ...fields }`) on stdout, else `event key=value ...` on stderr.
 */
export function eventLogger(stdout: TerminalStream, stderr: TerminalStream, options: EventLoggerOptions): Logger {
  const now = options.now ?? (() => new Date());
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (event: string, fields: LogFields = {}) => {
    if (level === 'debug' && !options.debug) return;
    if (options.json) {
      stdout.write(`${JSON.stringify({ at: now().toISOString(), level, event, ...fields })}\n`);
      return;
    }
    const text = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${plainValue(value)}`)
      .join(' ');
    stderr.write(`${level === 'warn' || level === 'error' ? `${level}: ` : ''}${event}${text === '' ? '' : ` ${text}`}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
