import type { DatasetStatistics, NumericSummary } from '@causal-tune/data-prep';
import type { TopLevelSpec } from 'vega-lite';

/** One data file in the charts: its name in legends and its statistics. */
export interface ChartSeries {
  readonly name: string;
  readonly statistics: DatasetStatistics;
}

/** A chart of the report: the file name it is written to, its title and its vega-lite spec. */
export interface ReportChart {
  /** File name without directory, e.g. `fact-length-characters.svg`. */
  readonly fileName: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const WIDTH = 560;
const HEIGHT = 220;
const PANEL_WIDTH = 320;
const COUNT_SUBTITLE = "bars: share of each file's rows; numbers: rows";
// Tableau 10's first colours: train blue, test orange, as in most ML reports.
const SERIES_COLORS = ['#4c78a8', '#f58518'];
const CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e8e8e8' },
  legend: { orient: 'top', title: null, labelFontSize: 12 },
  title: { fontSize: 14, anchor: 'start', offset: 12 },
} as const;

const LENGTH_UNITS = [
  { key: 'characters', label: 'characters' },
  { key: 'words', label: 'words' },
  { key: 'tokens', label: 'tokens' },
] as const;

function colorScale(series: readonly ChartSeries[]): { domain: string[]; range: string[] } {
  return { domain: series.map((entry) => entry.name), range: SERIES_COLORS.slice(0, series.length) };
}

/**
 * Bins of every file as rectangles of their share of rows per bin; with two files they are
 * drawn over each other, half transparent, so that train and test compare at a glance even
 * though they have different sizes.
 */
function lengthHistogramSpec(title: string, unit: string, series: readonly { name: string; summary: NumericSummary }[], colors: ReturnType<typeof colorScale>): TopLevelSpec {
  const values = series.flatMap(({ name, summary }) =>
    summary.histogram.counts.map((count, index) => ({
      file: name,
      binStart: summary.histogram.binEdges[index],
      binEnd: summary.histogram.binEdges[index + 1],
      count,
      share: summary.count === 0 ? 0 : count / summary.count,
    })),
  );
  const subtitle = series.length > 1 ? "share of each file's rows per bin, overlaid on shared bins" : 'share of rows per bin';
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values },
    mark: { type: 'rect', opacity: series.length > 1 ? 0.55 : 0.85, stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'binStart', type: 'quantitative', title: `length of facts (${unit})`, scale: { zero: true, nice: false } },
      x2: { field: 'binEnd' },
      y: { field: 'share', type: 'quantitative', title: 'share of rows', axis: { format: '.0%' } },
      color: { field: 'file', type: 'nominal', scale: colors },
      tooltip: [{ field: 'file' }, { field: 'binStart' }, { field: 'binEnd' }, { field: 'count' }],
    },
  };
}

/** Grouped bars of category shares, one panel per party column, one colour per file. */
function categorySpec(
  title: string,
  categories: readonly string[],
  values: readonly { file: string; party: string; category: string; count: number; share: number }[],
  colors: ReturnType<typeof colorScale>,
): TopLevelSpec {
  const xOffset = colors.domain.length > 1 ? { xOffset: { field: 'file', type: 'nominal' as const, scale: { domain: colors.domain } } } : {};
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: COUNT_SUBTITLE },
    config: CONFIG,
    data: { values: [...values] },
    facet: { column: { field: 'party', type: 'nominal', title: null, header: { labelFontSize: 13, labelFontWeight: 'bold' } } },
    spec: {
      width: PANEL_WIDTH,
      height: HEIGHT,
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x: { field: 'category', type: 'nominal', sort: [...categories], title: null, axis: { labelAngle: 0 } },
            ...xOffset,
            y: { field: 'share', type: 'quantitative', title: 'share of rows', axis: { format: '.0%' } },
            color: { field: 'file', type: 'nominal', scale: colors },
          },
        },
        {
          mark: { type: 'text', dy: -6, fontSize: 9, color: '#333' },
          encoding: {
            x: { field: 'category', type: 'nominal', sort: [...categories] },
            ...xOffset,
            y: { field: 'share', type: 'quantitative' },
            text: { field: 'count', type: 'quantitative' },
          },
        },
      ],
    },
  };
}

/**
 * The charts of the prep report, as vega-lite specs: fact-length histograms in characters,
 * words and (when counted) tokens with the files overlaid, the label balance of the labelled
 * files, the NER tag distribution and the party-matching cases per party column.
 */
export function buildReportCharts(series: readonly ChartSeries[]): ReportChart[] {
  const colors = colorScale(series);
  const charts: ReportChart[] = [];

  for (const { key, label } of LENGTH_UNITS) {
    const withUnit = series.flatMap(({ name, statistics }) => {
      const summary = statistics.factLength[key];
      return summary === undefined ? [] : [{ name, summary }];
    });
    if (withUnit.length === 0) continue;
    const title = `Length of facts in ${label}`;
    charts.push({ fileName: `fact-length-${key}.svg`, title, spec: lengthHistogramSpec(title, label, withUnit, colors) });
  }

  const labelled = series.filter(({ statistics }) => statistics.labels !== undefined);
  if (labelled.length > 0) {
    const labelColors = { domain: labelled.map((entry) => entry.name), range: labelled.map((entry) => colors.range[colors.domain.indexOf(entry.name)] ?? '#4c78a8') };
    const labelOrder = ['1: first party wins', '0: second party wins'];
    const values = labelled.flatMap(({ name, statistics }) =>
      (['1', '0'] as const).map((label) => ({
        file: name,
        label: label === '1' ? '1: first party wins' : '0: second party wins',
        count: statistics.labels?.[label] ?? 0,
        share: statistics.rows === 0 ? 0 : (statistics.labels?.[label] ?? 0) / statistics.rows,
      })),
    );
    charts.push({
      fileName: 'label-balance.svg',
      title: 'Label balance (first_party_winner)',
      spec: {
        $schema: SCHEMA,
        title: 'Label balance (first_party_winner)',
        width: WIDTH,
        height: 40 * values.length,
        config: CONFIG,
        data: { values },
        layer: [
          {
            mark: { type: 'bar' },
            encoding: {
              y: { field: 'label', type: 'nominal', title: null, sort: labelOrder, axis: { labelLimit: 200 } },
              ...(labelled.length > 1 ? { yOffset: { field: 'file', type: 'nominal' } } : {}),
              x: { field: 'count', type: 'quantitative', title: 'rows' },
              color: { field: 'file', type: 'nominal', scale: labelColors },
            },
          },
          {
            mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 },
            encoding: {
              y: { field: 'label', type: 'nominal', sort: labelOrder },
              ...(labelled.length > 1 ? { yOffset: { field: 'file', type: 'nominal' } } : {}),
              x: { field: 'count', type: 'quantitative' },
              text: { field: 'share', type: 'quantitative', format: '.1%' },
            },
          },
        ],
      },
    });
  }

  const parties = ['first_party', 'second_party'] as const;
  const tags = ['PER', 'ORG', 'LOC', 'MISC', 'mixed', 'none'] as const;
  const tagValues = series.flatMap(({ name, statistics }) =>
    parties.flatMap((party) =>
      tags.map((tag) => {
        const count = statistics.nerTags[party][tag];
        return { file: name, party, category: tag, count, share: statistics.rows === 0 ? 0 : count / statistics.rows };
      }),
    ),
  );
  charts.push({ fileName: 'ner-tags.svg', title: 'NER tags of the party names', spec: categorySpec('NER tags of the party names', tags, tagValues, colors) });

  const cases = ['full_name', 'single_tag', 'multi_tag', 'unmatched'] as const;
  const caseValues = series.flatMap(({ name, statistics }) =>
    parties.flatMap((party) =>
      cases.map((matchCase) => {
        const count = statistics.matching[party][matchCase];
        return { file: name, party, category: matchCase, count, share: statistics.rows === 0 ? 0 : count / statistics.rows };
      }),
    ),
  );
  charts.push({
    fileName: 'matching-cases.svg',
    title: 'How each party was found in the facts',
    spec: categorySpec('How each party was found in the facts', cases, caseValues, colors),
  });

  return charts;
}
