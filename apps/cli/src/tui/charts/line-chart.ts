// A line chart in unicode braille: each terminal cell holds a 2 × 4 grid of dots, so a chart of
// `width` × `height` cells has 2·width × 4·height pixels (the trick of drawille and asciichart's
// braille mode). Pure: series in, rows of text segments out; colour is left to the caller.

/** One point of a series; points with a non-finite `y` are skipped (a NaN loss is not drawn). */
export interface ChartPoint {
  readonly x: number;
  readonly y: number;
}

/** One named line of a chart. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly ChartPoint[];
}

/** Options of {@link renderLineChart}. */
export interface LineChartOptions {
  /** Width of the plot area in cells (the axis labels come on top of it); at least 2. */
  readonly width: number;
  /** Height of the plot area in cells; at least 1. */
  readonly height: number;
  /** Fixed y range; default: the range of the data, padded when flat. */
  readonly yRange?: readonly [number, number];
}

/**
 * A run of cells of one row drawn by the same series: `series` is its index in the input,
 * `'mixed'` where two or more series share a cell, and `null` for empty cells.
 */
export interface ChartSegment {
  readonly text: string;
  readonly series: number | 'mixed' | null;
}

/** What {@link renderLineChart} returns: rows top to bottom, and the ranges drawn. */
export interface LineChart {
  readonly rows: readonly (readonly ChartSegment[])[];
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
  /** False when no series has a finite point: the rows are then blank. */
  readonly hasData: boolean;
}

const BRAILLE_BASE = 0x2800;
// Bit of the dot at [row][column] of a braille cell (Unicode braille patterns, dots 1-8).
const DOT_BITS: readonly (readonly [number, number])[] = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
];

function finitePoints(series: ChartSeries): ChartPoint[] {
  return series.points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
}

function range(values: readonly number[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return [low, high];
}

function padFlat([low, high]: readonly [number, number]): [number, number] {
  if (high > low) return [low, high];
  const pad = Math.abs(low) > 0 ? Math.abs(low) * 0.05 : 1;
  return [low - pad, high + pad];
}

/** Calls `plot` for every pixel on the segment from (x0, y0) to (x1, y1) (Bresenham). */
function drawSegment(x0: number, y0: number, x1: number, y1: number, plot: (x: number, y: number) => void): void {
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const stepX = x0 < x1 ? 1 : -1;
  const stepY = y0 < y1 ? 1 : -1;
  let error = dx + dy;
  let x = x0;
  let y = y0;
  for (;;) {
    plot(x, y);
    if (x === x1 && y === y1) return;
    const doubled = 2 * error;
    if (doubled >= dy) {
      error += dy;
      x += stepX;
    }
    if (doubled <= dx) {
      error += dx;
      y += stepY;
    }
  }
}

/**
 * Draws series as braille lines on one shared pair of axes: x spans the union of the series'
 * x values, y their values (or `yRange`, clamped). Consecutive points are joined, so a curve
 * with more points than pixels stays continuous. Cells drawn by two series are `'mixed'`.
 *
 * @example
 * const chart = renderLineChart([{ name: 'loss', points: [{ x: 1, y: 2.3 }, { x: 2, y: 1.9 }] }], { width: 20, height: 4 });
 * chart.rows.map((row) => row.map((segment) => segment.text).join(''));
 */
export function renderLineChart(series: readonly ChartSeries[], options: LineChartOptions): LineChart {
  const width = Math.max(2, Math.floor(options.width));
  const height = Math.max(1, Math.floor(options.height));
  const pixelWidth = width * 2;
  const pixelHeight = height * 4;
  const drawn = series.map(finitePoints);
  const all = drawn.flat();
  // One x value (the first step): the axis runs from it to the next whole unit.
  const xValues = all.length === 0 ? ([0, 1] as const) : range(all.map((point) => point.x));
  const xRange: [number, number] = xValues[1] > xValues[0] ? [xValues[0], xValues[1]] : [xValues[0], xValues[0] + 1];
  const yRange = options.yRange === undefined ? padFlat(all.length === 0 ? [0, 1] : range(all.map((point) => point.y))) : padFlat(options.yRange);

  // bits[row][column]: the dots of one cell; owner[row][column]: which series drew it.
  const bits = Array.from({ length: height }, () => new Array<number>(width).fill(0));
  const owner = Array.from({ length: height }, () => new Array<number | 'mixed' | null>(width).fill(null));
  const toPixelX = (x: number): number => Math.round(((x - xRange[0]) / (xRange[1] - xRange[0])) * (pixelWidth - 1));
  const toPixelY = (y: number): number => {
    const clamped = Math.min(yRange[1], Math.max(yRange[0], y));
    return Math.round(((yRange[1] - clamped) / (yRange[1] - yRange[0])) * (pixelHeight - 1));
  };

  drawn.forEach((points, seriesIndex) => {
    const plot = (x: number, y: number): void => {
      const row = Math.floor(y / 4);
      const column = Math.floor(x / 2);
      const rowBits = bits[row];
      const rowOwner = owner[row];
      if (rowBits === undefined || rowOwner === undefined || column < 0 || column >= width) return;
      rowBits[column] = (rowBits[column] ?? 0) | (DOT_BITS[y % 4]?.[x % 2] ?? 0);
      const current = rowOwner[column];
      rowOwner[column] = current === null || current === seriesIndex ? seriesIndex : 'mixed';
    };
    const sorted = [...points].sort((a, b) => a.x - b.x);
    sorted.forEach((point, index) => {
      const x = toPixelX(point.x);
      const y = toPixelY(point.y);
      const previous = sorted[index - 1];
      if (previous === undefined) plot(x, y);
      else drawSegment(toPixelX(previous.x), toPixelY(previous.y), x, y, plot);
    });
  });

  const rows = bits.map((rowBits, rowIndex) => {
    const segments: ChartSegment[] = [];
    rowBits.forEach((cellBits, column) => {
      const cellOwner = owner[rowIndex]?.[column] ?? null;
      const text = cellBits === 0 ? ' ' : String.fromCharCode(BRAILLE_BASE + cellBits);
      const last = segments[segments.length - 1];
      if (last !== undefined && last.series === cellOwner) segments[segments.length - 1] = { text: last.text + text, series: cellOwner };
      else segments.push({ text, series: cellOwner });
    });
    return segments;
  });
  return { rows, xRange, yRange, hasData: all.length > 0 };
}

/** The rows of a chart as plain strings (tests, plain output). */
export function lineChartText(chart: LineChart): string[] {
  return chart.rows.map((row) => row.map((segment) => segment.text).join(''));
}
