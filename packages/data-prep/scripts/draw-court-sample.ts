/**
 * Draws the court fixture: 300 rows of the Dacon train.csv, byte for byte as they stand there.
 *
 *   pnpm --filter @causal-tune/data-prep exec tsx scripts/draw-court-sample.ts \
 *     ../../../shared/data/dacon-court/train.csv ../../fixtures/dacon-court/train-sample.csv
 *
 * Every placeholder-facts row and every row with HTML is kept (they exercise the cleaning); the
 * rest is a seeded stratified pick with the package's own splitDataset, stratified by label and
 * by how the first party is matched in the facts, so that the sample keeps the label balance and
 * has rows of every matching case. Same input and seed, same sample.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { cleanFacts, containsHtml, isPlaceholderFacts, loadDataset, prepareDataset, splitDataset } from '../src/index.js';

const SAMPLE_SIZE = 300;
const SEED = 236112; // the competition's number

const [source, target] = process.argv.slice(2);
if (source === undefined || target === undefined) {
  console.error('usage: tsx scripts/draw-court-sample.ts <train.csv> <train-sample.csv>');
  process.exit(2);
}

const dataset = await loadDataset(source, { requireLabels: true });
if (dataset.kind !== 'court') throw new Error(`${source} is not the court data set`);
const prepared = await prepareDataset(dataset.records);

const forced = prepared.filter((record) => containsHtml(record.facts) || isPlaceholderFacts(cleanFacts(record.facts)));
const forcedIds = new Set(forced.map((record) => record.id));
const rest = prepared.filter((record) => !forcedIds.has(record.id));
const { validation: picked } = splitDataset(rest, {
  validationFraction: (SAMPLE_SIZE - forced.length) / rest.length,
  seed: SEED,
  labelOf: (record) => `${record.firstPartyWinner}/${record.firstPartyMatch.case}`,
});
const chosenRows = new Set([...forced, ...picked].map((record) => record.row));

// Copy the chosen records' raw CSV text so quoting, line breaks and characters stay as they are.
const records = parse(readFileSync(source, 'utf8'), { raw: true, skip_empty_lines: true }) as { raw: string; record: string[] }[];
const [header, ...rows] = records;
if (header === undefined) throw new Error(`${source} is empty`);
const lines = [header.raw.replace(/\r?\n$/, ''), ...rows.filter((_, index) => chosenRows.has(index + 1)).map((row) => row.raw.replace(/\r?\n$/, ''))];
writeFileSync(target, `${lines.join('\n')}\n`);

const labels = picked.concat(forced).reduce<Record<string, number>>((counts, record) => {
  counts[String(record.firstPartyWinner)] = (counts[String(record.firstPartyWinner)] ?? 0) + 1;
  return counts;
}, {});
console.log(`wrote ${chosenRows.size} rows (${forced.length} forced: HTML or placeholder facts) to ${target}; labels ${JSON.stringify(labels)}`);
