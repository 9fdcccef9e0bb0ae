import { Box, Text } from 'ink';
import { renderLineChart } from '../charts/line-chart.js';
import type { ChartSegment, ChartSeries } from '../charts/line-chart.js';

/** Colours of the series of a chart, in order; cells shared by two series are white. */
export const SERIES_COLORS = ['cyan', 'magenta', 'yellow', 'green'] as const;

/** Props of {@link LossChart}. */
export interface LossChartProps {
  /** The curves (x = step, y = loss); several are overlaid on one pair of axes. */
  readonly series: readonly ChartSeries[];
  /** Columns of the whole chart, axis labels included. */
  readonly width: number;
  /** Rows of the plot area (the x axis takes two more). */
  readonly height: number;
  /** Shown above the chart. */
  readonly title?: string;
  /** Name of the x axis; default "step". */
  readonly xLabel?: string;
}

/** An axis value in at most 6 characters: `2.345`, `0.0123`, `1.2e+3`. */
export function formatAxisValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e4 || magnitude < 1e-3)) return value.toExponential(1);
  return Number(value.toPrecision(4)).toString();
}

function segmentColor(segment: ChartSegment): string | undefined {
  if (segment.series === null) return undefined;
  return segment.series === 'mixed' ? 'white' : SERIES_COLORS[segment.series % SERIES_COLORS.length];
}

/**
 * A live loss curve in braille dots with its y range on the left and the step range below;
 * more than one series gets a legend. Presentational: the drawing is {@link renderLineChart}.
 */
export function LossChart({ series, width, height, title, xLabel = 'step' }: LossChartProps) {
  const probe = renderLineChart(series, { width: 2, height: 1 });
  const labels = [formatAxisValue(probe.yRange[1]), formatAxisValue(probe.yRange[0])];
  const labelWidth = Math.max(...labels.map((label) => label.length));
  const plotWidth = Math.max(8, width - labelWidth - 2);
  const chart = renderLineChart(series, { width: plotWidth, height });
  const top = formatAxisValue(chart.yRange[1]).padStart(labelWidth);
  const bottom = formatAxisValue(chart.yRange[0]).padStart(labelWidth);
  const blank = ' '.repeat(labelWidth);
  const xLow = formatAxisValue(chart.xRange[0]);
  const xHigh = formatAxisValue(chart.xRange[1]);
  const xGap = Math.max(1, plotWidth - xLow.length - xHigh.length - xLabel.length);
  const xAxis = `${xLow}${' '.repeat(Math.floor(xGap / 2))}${xLabel}${' '.repeat(Math.ceil(xGap / 2))}${xHigh}`;
  return (
    <Box flexDirection="column">
      {title === undefined ? null : <Text bold>{title}</Text>}
      {chart.rows.map((row, index) => (
        <Box key={index}>
          <Text dimColor>{index === 0 ? top : index === chart.rows.length - 1 ? bottom : blank} ┤</Text>
          {row.map((segment, position) => {
            const color = segmentColor(segment);
            return color === undefined ? <Text key={position}>{segment.text}</Text> : <Text key={position} color={color}>{segment.text}</Text>;
          })}
        </Box>
      ))}
      <Text dimColor>
        {blank} └{'─'.repeat(plotWidth)}
      </Text>
      <Text dimColor>
        {blank}  {chart.hasData ? xAxis : 'no data yet'}
      </Text>
      {series.length > 1 ? (
        <Box>
          {series.map((entry, index) => (
            <Text key={entry.name} color={SERIES_COLORS[index % SERIES_COLORS.length]}>
              {index === 0 ? blank : ''}  ━ {entry.name}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
