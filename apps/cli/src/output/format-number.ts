const UNITS = [
  { value: 1e3, suffix: 'k' },
  { value: 1e6, suffix: 'M' },
  { value: 1e9, suffix: 'G' },
] as const;

/**
 * A count or rate in at most four characters plus a unit: `412`, `1.2k`, `35k`, `2.4M`.
 * Values under 10 keep one decimal (`3.5`).
 */
export function formatCompact(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  // 999.5 and above would round to "1000", so they move up to the next unit.
  if (magnitude < 999.5) return magnitude < 9.95 && !Number.isInteger(value) ? value.toFixed(1) : value.toFixed(0);
  for (const unit of UNITS) {
    const scaled = magnitude / unit.value;
    if (scaled < 999.5 || unit.suffix === 'G') return `${sign}${scaled.toFixed(scaled >= 9.95 ? 0 : 1)}${unit.suffix}`;
  }
  return String(value);
}

/** A learning rate as nanoGPT-style scientific notation with two decimals: `2.00e-4`. */
export function formatScientific(value: number): string {
  return Number.isFinite(value) ? value.toExponential(2) : String(value);
}

/** A duration for humans: `412 ms`, `3.2 s`, `4m 05s`, `1h 02m`. */
export function formatDuration(durationMs: number): string {
  if (!Number.isFinite(durationMs) || durationMs < 0) return '?';
  if (durationMs < 1000) return `${Math.round(durationMs)} ms`;
  const seconds = durationMs / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const totalSeconds = Math.round(seconds);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const rest = totalSeconds % 60;
  return hours > 0 ? `${hours}h ${String(minutes).padStart(2, '0')}m` : `${minutes}m ${String(rest).padStart(2, '0')}s`;
}

/** A share as a percentage with one decimal: `66.5%`; `–` when the total is zero. */
export function formatPercent(part: number, total: number): string {
  return total === 0 ? '–' : `${((100 * part) / total).toFixed(1)}%`;
}
