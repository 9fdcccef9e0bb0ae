import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepSeries, runPrep } from '../workflows/prep-workflow.js';
import { buildReportCharts } from './chart-specs.js';

const fixtures = fileURLToPath(new URL('../__fixtures__/', import.meta.url));

describe('buildReportCharts', () => {
  it('draws one series per file and the label balance only of labelled files', async () => {
    const both = prepSeries(await runPrep({ dataPath: join(fixtures, 'court-train-tiny.csv'), testPath: join(fixtures, 'court-test-tiny.csv') }));
    const charts = buildReportCharts(both);
    expect(charts.map((chart) => chart.fileName)).toEqual([
      'fact-length-characters.svg',
      'fact-length-words.svg',
      'label-balance.svg',
      'ner-tags.svg',
      'matching-cases.svg',
    ]);
    const lengthValues = (charts[0]?.spec as { data: { values: { file: string; count: number; share: number }[] } }).data.values;
    // Every bin of both files, with counts that add up to each file's rows.
    const rowsOf = (file: string): number => lengthValues.filter((value) => value.file === file).reduce((sum, value) => sum + value.count, 0);
    expect(rowsOf('court-train-tiny.csv')).toBe(8);
    expect(rowsOf('court-test-tiny.csv')).toBe(4);
    const labelValues = (charts[2]?.spec as { data: { values: { file: string; count: number }[] } }).data.values;
    expect(new Set(labelValues.map((value) => value.file))).toEqual(new Set(['court-train-tiny.csv']));
    expect(labelValues.map((value) => value.count)).toEqual([6, 2]);
  });

  it('leaves out the label balance for an unlabelled file alone', async () => {
    const testOnly = prepSeries(await runPrep({ dataPath: join(fixtures, 'court-test-tiny.csv') }));
    expect(buildReportCharts(testOnly).map((chart) => chart.fileName)).not.toContain('label-balance.svg');
  });
});
