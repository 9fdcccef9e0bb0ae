import { writeFileAtomic, writeJsonAtomic } from '@causal-tune/core';
import type { ArtifactManifest } from '@causal-tune/core';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrepResult, PrepSummary } from '../workflows/prep-workflow.js';
import { prepSeries } from '../workflows/prep-workflow.js';
import { buildReportCharts } from './chart-specs.js';
import { buildReportHtml } from './report-html.js';
import type { RenderedChart } from './report-html.js';
import { renderChartSvg } from './render-svg.js';

/** A file written by {@link writePrepReport}, relative to the output directory. */
export interface WrittenFile {
  readonly path: string;
  readonly sizeBytes: number;
}

/** Options of {@link writePrepReport}. */
export interface WritePrepReportOptions {
  /** Version of ctune for the manifest. */
  readonly version: string;
  /** The command line, for the manifest. */
  readonly command?: string;
  /** Clock for the manifest and the report footer. */
  readonly now?: () => Date;
}

function toJsonLines(records: readonly unknown[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n') + (records.length > 0 ? '\n' : '');
}

/**
 * Writes the output directory of `ctune prep --out DIR`, every file atomically:
 * `prepared.jsonl` (one PreparedCourtRecord per line; `prepared-test.jsonl` for `--test`),
 * `statistics.json` (the same object `--json` prints), one `.svg` per chart, `report.html` with
 * the charts inline, and `manifest.json` listing them. Returns the files in writing order.
 */
export async function writePrepReport(
  outDir: string,
  result: PrepResult,
  summary: PrepSummary,
  options: WritePrepReportOptions,
): Promise<WrittenFile[]> {
  const now = options.now ?? (() => new Date());
  const written: string[] = [];
  const write = async (name: string, data: string): Promise<void> => {
    await writeFileAtomic(join(outDir, name), data);
    written.push(name);
  };

  await write('prepared.jsonl', toJsonLines(result.data.records));
  if (result.test !== undefined) await write('prepared-test.jsonl', toJsonLines(result.test.records));
  await writeJsonAtomic(join(outDir, 'statistics.json'), summary);
  written.push('statistics.json');

  const series = prepSeries(result);
  const charts: RenderedChart[] = [];
  for (const chart of buildReportCharts(series)) {
    const svg = await renderChartSvg(chart.spec);
    await write(chart.fileName, `${svg}\n`);
    charts.push({ fileName: chart.fileName, title: chart.title, svg });
  }
  const createdAt = now().toISOString();
  const rejectedRows = Object.fromEntries(
    series.map((entry, index) => [entry.name, (index === 0 ? result.data : result.test)?.rejected.length ?? 0]),
  );
  await write('report.html', buildReportHtml({ series, rejectedRows, charts, createdAt }));

  const files: WrittenFile[] = [];
  for (const name of written) files.push({ path: name, sizeBytes: (await stat(join(outDir, name))).size });
  const manifest: ArtifactManifest = {
    kind: 'prepared-data',
    formatVersion: 1,
    createdAt,
    producer: { name: 'causal-tune', version: options.version, ...(options.command === undefined ? {} : { command: options.command }) },
    files,
  };
  await writeJsonAtomic(join(outDir, 'manifest.json'), manifest);
  return [...files, { path: 'manifest.json', sizeBytes: (await stat(join(outDir, 'manifest.json'))).size }];
}
