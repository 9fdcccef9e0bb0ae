import { readFileSync } from 'node:fs';

/** A `kB` line of /proc/`pid`/status in bytes (Linux); NaN elsewhere or once it exited. */
function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size of process `pid` in bytes, from /proc (Linux); NaN elsewhere or once it exited. */
export function residentBytes(pid: number): number {
  return statusBytes(pid, 'VmRSS');
}

/** Peak resident set size of process `pid` so far in bytes (VmHWM, Linux); NaN elsewhere or once it exited. */
export function peakResidentBytes(pid: number): number {
  return statusBytes(pid, 'VmHWM');
}
