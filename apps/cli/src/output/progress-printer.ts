import type { ProgressEvent, ProgressListener } from '@causal-tune/core';
import type { TerminalStream } from '../cli-context.js';
import type { OutputSettings } from './output-mode.js';
import { formatProgressLine } from './progress-line.js';

/** Options of {@link createProgressPrinter}. */
export interface ProgressPrinterOptions {
  /** Clock in milliseconds; tests pass a fake one. */
  readonly now?: () => number;
  /** Least time between two `task-progress` lines off a TTY; default 1000 ms. */
  readonly minIntervalMs?: number;
}

const CLEAR_LINE = '\r\u001b[2K';

/**
 * Turns progress events into lines on `stream` (stderr, so that stdout stays the command's
 * result). Off a TTY every event is one plain line, except that `task-progress` of per-record
 * tasks is thinned to one line per `minIntervalMs` (and the last one) so logs stay readable.
 * On a TTY `task-progress` redraws one status line in place.
 */
export function createProgressPrinter(
  stream: TerminalStream,
  settings: Pick<OutputSettings, 'mode'>,
  options: ProgressPrinterOptions = {},
): ProgressListener {
  const now = options.now ?? Date.now;
  const minIntervalMs = options.minIntervalMs ?? 1000;
  const lastPrinted = new Map<string, number>();
  let statusLineOpen = false;

  const closeStatusLine = (): void => {
    if (statusLineOpen) stream.write(CLEAR_LINE);
    statusLineOpen = false;
  };

  return (event: ProgressEvent) => {
    const line = formatProgressLine(event);
    if (event.type === 'task-progress') {
      if (settings.mode === 'rich') {
        stream.write(`${CLEAR_LINE}${line}`);
        statusLineOpen = true;
        return;
      }
      const time = now();
      const previous = lastPrinted.get(event.task);
      const finished = event.total !== undefined && event.completed >= event.total;
      if (!finished && previous !== undefined && time - previous < minIntervalMs) return;
      lastPrinted.set(event.task, time);
    } else if (event.type === 'task-start') {
      // The first progress line of a task comes one interval after its start line.
      lastPrinted.set(event.task, now());
    }
    closeStatusLine();
    stream.write(`${line}\n`);
  };
}
