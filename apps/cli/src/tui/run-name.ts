import { join } from 'node:path';
import { displayPath } from './display-path.js';

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** A run name from a time, in local time: `tui-20260102-103005`. */
export function runName(timeMs: number): string {
  const date = new Date(timeMs);
  const day = `${date.getFullYear()}${twoDigits(date.getMonth() + 1)}${twoDigits(date.getDate())}`;
  const time = `${twoDigits(date.getHours())}${twoDigits(date.getMinutes())}${twoDigits(date.getSeconds())}`;
  return `tui-${day}-${time}`;
}

/** A new run directory under `runsDir` for the method form, relative to `cwd` when inside it. */
export function newRunDirectory(runsDir: string, cwd: string, timeMs: number): string {
  return displayPath(join(runsDir, runName(timeMs)), cwd);
}
