import type { DatasetStatistics, NumericSummary } from '@causal-tune/data-prep';
import type { ChartSeries } from './chart-specs.js';

/** A chart already rendered to SVG. */
export interface RenderedChart {
  readonly fileName: string;
  readonly title: string;
  readonly svg: string;
}

/** What {@link buildReportHtml} puts on the page. */
export interface ReportHtmlInput {
  readonly series: readonly ChartSeries[];
  /** Rows rejected in lenient mode, per series name. */
  readonly rejectedRows: Readonly<Record<string, number>>;
  readonly charts: readonly RenderedChart[];
  /** ISO time shown in the footer. */
  readonly createdAt: string;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const head = header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(String(cell))}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function summaryRow(name: string, unit: string, summary: NumericSummary): (string | number)[] {
  const { percentiles } = summary;
  return [name, unit, summary.min, percentiles.p25, percentiles.p50, round(summary.mean), percentiles.p75, percentiles.p95, percentiles.p99, summary.max].map(
    (cell) => (typeof cell === 'number' ? round(cell) : cell),
  );
}

function overviewRows(series: readonly ChartSeries[], rejectedRows: Readonly<Record<string, number>>): (string | number)[][] {
  return series.map(({ name, statistics }: { name: string; statistics: DatasetStatistics }) => [
    name,
    statistics.rows,
    statistics.labels?.['1'] ?? '–',
    statistics.labels?.['0'] ?? '–',
    statistics.placeholderFacts,
    rejectedRows[name] ?? 0,
  ]);
}

const STYLE = `
body { font-family: Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.75rem; text-align: right; }
th:first-child, td:first-child, td:nth-child(2) { text-align: left; }
figure { margin: 1.5rem 0; } figcaption { font-size: 0.85rem; color: #555; }
svg { max-width: 100%; height: auto; }
footer { margin-top: 2rem; font-size: 0.8rem; color: #777; }`;

/**
 * The self-contained HTML report of `ctune prep --out DIR`: overview, length percentiles and
 * match counts as tables, then every chart inline as SVG (each also sits beside it as a file).
 */
export function buildReportHtml(input: ReportHtmlInput): string {
  const { series, charts } = input;
  const lengthRows = series.flatMap(({ name, statistics }) =>
    (['characters', 'words', 'tokens'] as const).flatMap((unit) => {
      const summary = statistics.factLength[unit];
      return summary === undefined ? [] : [summaryRow(name, unit, summary)];
    }),
  );
  const matchRows = series.flatMap(({ name, statistics }) =>
    (['first_party', 'second_party'] as const).map((party) => {
      const counts = statistics.matching[party];
      return [name, party, counts.full_name, counts.single_tag, counts.multi_tag, counts.unmatched];
    }),
  );
  const figures = charts.map(
    (chart) => `<figure id="${escapeHtml(chart.fileName.replace(/\.svg$/, ''))}">\n${chart.svg}\n<figcaption>${escapeHtml(chart.title)} (<a href="${escapeHtml(chart.fileName)}">${escapeHtml(chart.fileName)}</a>)</figcaption>\n</figure>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>causal-tune data report: ${escapeHtml(series.map((entry) => entry.name).join(', '))}</title>
<style>${STYLE}
</style>
</head>
<body>
<h1>Data report: ${escapeHtml(series.map((entry) => entry.name).join(' vs '))}</h1>
<h2>Overview</h2>
${table(['file', 'rows', 'label 1', 'label 0', 'placeholder facts', 'rejected rows'], overviewRows(series, input.rejectedRows))}
<h2>Length of facts</h2>
${table(['file', 'unit', 'min', 'p25', 'median', 'mean', 'p75', 'p95', 'p99', 'max'], lengthRows)}
<h2>Party matching</h2>
${table(['file', 'party', 'full_name', 'single_tag', 'multi_tag', 'unmatched'], matchRows)}
<h2>Charts</h2>
${figures.join('\n')}
<footer>Written by <code>ctune prep</code> at ${escapeHtml(input.createdAt)}.</footer>
</body>
</html>
`;
}
