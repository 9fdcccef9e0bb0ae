/**
 * Checks data-prep on a full court file and times it:
 *
 *   pnpm --filter @causal-tune/data-prep exec tsx scripts/measure-court.ts <train.csv>
 *
 * Prints one JSON object: rows, labels, match counts per party (each party's four cases must
 * sum to the rows) and milliseconds spent loading, preparing and computing statistics.
 */
import { computeStatistics, loadDataset, prepareDataset } from '../src/index.js';

const [path] = process.argv.slice(2);
if (path === undefined) {
  console.error('usage: tsx scripts/measure-court.ts <court.csv>');
  process.exit(2);
}

const started = performance.now();
const dataset = await loadDataset(path);
const loaded = performance.now();
if (dataset.kind !== 'court') throw new Error(`${path} is not the court data set`);
const prepared = await prepareDataset(dataset.records);
const preparedAt = performance.now();
const statistics = computeStatistics(prepared, { file: path });
const finished = performance.now();

const sums = Object.fromEntries(
  Object.entries(statistics.matching).map(([column, counts]) => [column, Object.values(counts).reduce((sum, count) => sum + count, 0)]),
);
console.log(
  JSON.stringify(
    {
      file: path,
      rows: statistics.rows,
      labels: statistics.labels,
      placeholderFacts: statistics.placeholderFacts,
      matching: statistics.matching,
      matchingSums: sums,
      nerTags: statistics.nerTags,
      timingMs: {
        load: Math.round(loaded - started),
        prepare: Math.round(preparedAt - loaded),
        statistics: Math.round(finished - preparedAt),
        total: Math.round(finished - started),
      },
    },
    null,
    2,
  ),
);
