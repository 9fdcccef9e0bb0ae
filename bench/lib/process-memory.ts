import { readFileSync } from 'node:fs';

/** Resident set size of process `pid` in bytes, from /proc (Linux); NaN elsewhere or once it exited. */
export function residentBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Peak resident set size of process `pid` so far in bytes (VmHWM, Linux); NaN elsewhere or once it exited. */
export function peakResidentBytes(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
