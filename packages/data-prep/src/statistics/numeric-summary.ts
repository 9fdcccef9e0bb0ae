import type { NumericSummary } from './dataset-statistics.js';

/** Options of {@link summarizeNumbers}. */
export interface SummarizeOptions {
  /** Number of equal-width histogram bins; default 20. */
  readonly bins?: number;
  /** Histogram range `[low, high]`; default the values' min and max. Give two files the same range to compare them. */
  readonly range?: readonly [number, number];
}

/** The `q`-quantile of ascending `sorted` by linear interpolation (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Summarises numbers: count, min, max, mean, the percentiles p5 … p99 and an equal-width
 * histogram (`binEdges.length === counts.length + 1`; the last bin includes its right edge;
 * values outside `range` go to the first or last bin). Plain JSON-able data. An empty input gives
 * zeros and an empty histogram.
 */
export function summarizeNumbers(values: readonly number[], options: SummarizeOptions = {}): NumericSummary {
  const sorted = [...values].sort((left, right) => left - right);
  if (sorted.length === 0) {
    return {
      count: 0,
      min: 0,
      max: 0,
      mean: 0,
      percentiles: { p5: 0, p25: 0, p50: 0, p75: 0, p95: 0, p99: 0 },
      histogram: { binEdges: [], counts: [] },
    };
  }
  const min = sorted[0] as number;
  const max = sorted.at(-1) as number;
  const bins = Math.max(1, Math.floor(options.bins ?? 20));
  const [low, high] = options.range ?? [min, max];
  const width = high > low ? (high - low) / bins : 1;
  const binEdges = Array.from({ length: bins + 1 }, (_, index) => round(low + index * width));
  const counts = new Array<number>(bins).fill(0);
  for (const value of sorted) {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((value - low) / width)));
    counts[bin] = (counts[bin] as number) + 1;
  }
  return {
    count: sorted.length,
    min,
    max,
    mean: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
    percentiles: {
      p5: round(quantile(sorted, 0.05)),
      p25: round(quantile(sorted, 0.25)),
      p50: round(quantile(sorted, 0.5)),
      p75: round(quantile(sorted, 0.75)),
      p95: round(quantile(sorted, 0.95)),
      p99: round(quantile(sorted, 0.99)),
    },
    histogram: { binEdges, counts },
  };
}
