import type { DatasetStatistics, NumericSummary } from '@causal-tune/data-prep';
import type { PrepResult } from '../workflows/prep-workflow.js';
import { prepSeries } from '../workflows/prep-workflow.js';
import { formatPercent } from './format-number.js';
import { renderBarChart, renderHistogram } from './terminal-bars.js';
import { createTextStyle } from './text-style.js';
import type { TextStyle } from './text-style.js';

/** Options of {@link renderPrepText}. */
export interface PrepTextOptions {
  /** Columns of a line; default 80. */
  readonly width?: number;
  readonly style?: TextStyle;
}

const INDENT = '  ';
const PARTIES = ['first_party', 'second_party'] as const;
const TAGS = ['PER', 'ORG', 'LOC', 'MISC', 'mixed', 'none'] as const;
const CASES = ['full_name', 'single_tag', 'multi_tag', 'unmatched'] as const;

function summaryLine(summary: NumericSummary): string {
  const { percentiles } = summary;
  return `min ${summary.min} | p50 ${percentiles.p50} | mean ${summary.mean.toFixed(1)} | p95 ${percentiles.p95} | max ${summary.max}`;
}

function fileSection(name: string, statistics: DatasetStatistics, rejected: number, options: Required<PrepTextOptions>): string[] {
  const { style } = options;
  const chart = { width: options.width - INDENT.length, style };
  const indent = (lines: readonly string[]): string[] => lines.map((line) => `${INDENT}${line}`);
  const heading = (text: string): string => style.bold(text);
  const labels = statistics.labels;
  const facts = [`${statistics.rows} rows`];
  if (labels !== undefined) {
    facts.push(`label 1: ${labels['1']} (${formatPercent(labels['1'], statistics.rows)})`, `label 0: ${labels['0']} (${formatPercent(labels['0'], statistics.rows)})`);
  } else {
    facts.push('no labels');
  }
  facts.push(`${statistics.placeholderFacts} placeholder facts`);
  if (rejected > 0) facts.push(style.yellow(`${rejected} rejected rows`));

  const lines = [style.cyan(style.bold(name)), `${INDENT}${facts.join(' | ')}`];
  for (const unit of ['characters', 'words', 'tokens'] as const) {
    const summary = statistics.factLength[unit];
    if (summary === undefined) continue;
    lines.push('', heading(`Length of facts in ${unit}`), `${INDENT}${style.dim(summaryLine(summary))}`);
    lines.push(...indent(renderHistogram(summary.histogram, { ...chart, maxRows: 12 })));
  }
  if (labels !== undefined) {
    lines.push('', heading('Label balance (first_party_winner)'));
    lines.push(...indent(renderBarChart([{ label: '1 first party wins', value: labels['1'] }, { label: '0 second party wins', value: labels['0'] }], chart)));
  }
  for (const party of PARTIES) {
    lines.push('', heading(`NER tags of ${party}`));
    lines.push(...indent(renderBarChart(TAGS.map((tag) => ({ label: tag, value: statistics.nerTags[party][tag] })), chart)));
  }
  for (const party of PARTIES) {
    lines.push('', heading(`Matching cases of ${party} in the facts`));
    lines.push(...indent(renderBarChart(CASES.map((matchCase) => ({ label: matchCase, value: statistics.matching[party][matchCase] })), chart)));
  }
  return lines;
}

/**
 * The terminal report of `ctune prep`: per file a one-line overview, then unicode-bar histograms
 * of fact lengths and bar charts of label balance, NER tags and matching cases. Pure: colour
 * only through `style`.
 */
export function renderPrepText(result: PrepResult, options: PrepTextOptions = {}): string[] {
  const resolved: Required<PrepTextOptions> = { width: options.width ?? 80, style: options.style ?? createTextStyle(false) };
  const files = [result.data, ...(result.test === undefined ? [] : [result.test])];
  return prepSeries(result).flatMap((series, index) => [
    ...(index > 0 ? [''] : []),
    ...fileSection(series.name, series.statistics, files[index]?.rejected.length ?? 0, resolved),
  ]);
}
