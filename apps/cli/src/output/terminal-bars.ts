import { assert } from '@causal-tune/core';
import { formatPercent } from './format-number.js';
import { createTextStyle } from './text-style.js';
import type { TextStyle } from './text-style.js';

// Partial blocks give bars a resolution of 1/8 of a cell.
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;
const FULL = '█';
const AXIS = '│';

/**
 * A horizontal bar of `value / max * width` cells drawn with unicode eighth blocks; a positive
 * value always gets at least one eighth so that small counts stay visible.
 */
export function renderBar(value: number, max: number, width: number): string {
  if (!(value > 0) || !(max > 0) || width <= 0) return '';
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  return FULL.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/** Options shared by the terminal charts. */
export interface TerminalChartOptions {
  /** Width of a whole line in columns (labels, bar and numbers); default 80. */
  readonly width?: number;
  /** Colours the bars in rich mode; plain by default. */
  readonly style?: TextStyle;
}

/** One category of a {@link renderBarChart}. */
export interface BarChartEntry {
  readonly label: string;
  readonly value: number;
}

const MIN_BAR_WIDTH = 8;

function renderRows(
  rows: readonly { readonly label: string; readonly value: number }[],
  options: TerminalChartOptions,
): string[] {
  const style = options.style ?? createTextStyle(false);
  const total = rows.reduce((sum, row) => sum + row.value, 0);
  const max = rows.reduce((largest, row) => Math.max(largest, row.value), 0);
  const labelWidth = Math.max(0, ...rows.map((row) => row.label.length));
  const valueWidth = Math.max(1, ...rows.map((row) => String(row.value).length));
  const shareWidth = 6; // "100.0%"
  const barWidth = Math.max(MIN_BAR_WIDTH, (options.width ?? 80) - labelWidth - valueWidth - shareWidth - 4);
  return rows.map((row) => {
    const bar = renderBar(row.value, max, barWidth);
    const padding = ' '.repeat(barWidth - [...bar].length);
    const share = formatPercent(row.value, total).padStart(shareWidth);
    return `${row.label.padEnd(labelWidth)} ${AXIS}${style.cyan(bar)}${padding} ${String(row.value).padStart(valueWidth)} ${style.dim(share)}`;
  });
}

/**
 * A horizontal bar chart of categories (label balance, NER tags, match cases), one line each:
 * label, bar scaled to the largest value, the value and its share of the total.
 *
 * @example
 * renderBarChart([{ label: '1', value: 1649 }, { label: '0', value: 829 }], { width: 40 });
 * // ['1 │██████████████████████ 1649  66.5%', '0 │███████████▏           829  33.5%']
 */
export function renderBarChart(entries: readonly BarChartEntry[], options: TerminalChartOptions = {}): string[] {
  return renderRows(entries, options);
}

/** Equal-width bins of a histogram: `binEdges.length === counts.length + 1`. */
export interface HistogramBins {
  readonly binEdges: readonly number[];
  readonly counts: readonly number[];
}

/** Options of {@link renderHistogram}. */
export interface HistogramRenderOptions extends TerminalChartOptions {
  /** Adjacent bins are merged until at most this many rows remain; default 12. */
  readonly maxRows?: number;
  /** Formats a bin edge; default: integers as they are, others with one decimal. */
  readonly formatEdge?: (edge: number) => string;
}

/** Merges runs of `factor` adjacent bins, keeping the outer edges (pure). */
export function mergeBins(bins: HistogramBins, factor: number): HistogramBins {
  if (factor <= 1) return bins;
  const binEdges: number[] = [];
  const counts: number[] = [];
  for (let start = 0; start < bins.counts.length; start += factor) {
    const end = Math.min(start + factor, bins.counts.length);
    binEdges.push(bins.binEdges[start] ?? Number.NaN);
    counts.push(bins.counts.slice(start, end).reduce((sum, count) => sum + count, 0));
  }
  binEdges.push(bins.binEdges[bins.counts.length] ?? Number.NaN);
  return { binEdges, counts };
}

function defaultFormatEdge(edge: number): string {
  return Number.isInteger(edge) ? String(edge) : edge.toFixed(1);
}

/**
 * A histogram as terminal lines, one per bin: `lo – hi │bar count share`. Bins beyond
 * `maxRows` are merged so a chart fits a screen.
 *
 * @example
 * renderHistogram({ binEdges: [0, 10, 20], counts: [3, 1] }, { width: 40 });
 */
export function renderHistogram(bins: HistogramBins, options: HistogramRenderOptions = {}): string[] {
  assert(
    bins.binEdges.length === bins.counts.length + 1,
    () => `renderHistogram needs one more bin edge than counts, but got ${bins.binEdges.length} edges and ${bins.counts.length} counts.`,
  );
  if (bins.counts.length === 0) return [];
  const maxRows = Math.max(1, options.maxRows ?? 12);
  const merged = mergeBins(bins, Math.ceil(bins.counts.length / maxRows));
  const formatEdge = options.formatEdge ?? defaultFormatEdge;
  const lows = merged.counts.map((_, index) => formatEdge(merged.binEdges[index] ?? Number.NaN));
  const highs = merged.counts.map((_, index) => formatEdge(merged.binEdges[index + 1] ?? Number.NaN));
  const lowWidth = Math.max(...lows.map((text) => text.length));
  const highWidth = Math.max(...highs.map((text) => text.length));
  const rows = merged.counts.map((count, index) => ({
    label: `${(lows[index] ?? '').padStart(lowWidth)} – ${(highs[index] ?? '').padStart(highWidth)}`,
    value: count,
  }));
  return renderRows(rows, options);
}
