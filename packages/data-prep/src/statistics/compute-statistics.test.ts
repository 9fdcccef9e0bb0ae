import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer } from '@huggingface/transformers';
import type { Tokenizer } from '@causal-tune/core';
import { parse } from 'csv-parse/sync';
import type { PreparedCourtRecord } from '../court/court-record.js';
import { loadDataset } from '../readers/load-dataset.js';
import { prepareDataset } from '../prepare/prepare-dataset.js';
import { COURT_SAMPLE_PATH } from '../testing.js';
import { compareStatistics, computeStatistics } from './compute-statistics.js';

let prepared: PreparedCourtRecord[] = [];

beforeAll(async () => {
  const dataset = await loadDataset(COURT_SAMPLE_PATH);
  if (dataset.kind !== 'court') throw new Error('expected the court sample');
  prepared = await prepareDataset(dataset.records);
});

/** The shipped stories260K tokenizer (Llama SentencePiece BPE, 512 tokens) behind the core contract. */
async function storiesTokenizer(): Promise<Tokenizer> {
  const directory = fileURLToPath(new URL('../../../../fixtures/models/stories260K', import.meta.url));
  const tokenizer = await AutoTokenizer.from_pretrained(directory, { local_files_only: true });
  return {
    encode: (text, options) => tokenizer.encode(text, { add_special_tokens: options?.addSpecialTokens ?? true }),
    decode: (ids, options) => tokenizer.decode([...ids], { skip_special_tokens: options?.skipSpecialTokens ?? false }),
    vocabSize: 512,
    bosTokenId: 1,
    eosTokenId: 2,
    padTokenId: null,
    chatTemplate: null,
    specialTokens: ['<s>', '</s>'],
  };
}

describe('computeStatistics on the shipped sample', () => {
  it('counts rows, labels, placeholders, tags and match cases that sum to the row count', () => {
    const statistics = computeStatistics(prepared, { file: 'train-sample.csv' });
    const raw = parse(readFileSync(COURT_SAMPLE_PATH), { columns: true }) as Record<string, string>[];
    expect(statistics.rows).toBe(300);
    expect(statistics.labels).toEqual({
      '0': raw.filter((row) => row.first_party_winner === '0').length,
      '1': raw.filter((row) => row.first_party_winner === '1').length,
    });
    expect(statistics.placeholderFacts).toBe(3);
    for (const column of ['first_party', 'second_party'] as const) {
      const cases = Object.values(statistics.matching[column]);
      expect(cases.reduce((sum, count) => sum + count, 0)).toBe(300);
      expect(Object.values(statistics.nerTags[column]).reduce((sum, count) => sum + count, 0)).toBe(300);
    }
    expect(statistics.nerTags.second_party.LOC).toBeGreaterThan(0); // "United States", states
    expect(JSON.parse(JSON.stringify(statistics))).toEqual(statistics); // plain JSON-able data
  });

  it('summarises fact lengths in characters and words', () => {
    const { characters, words } = computeStatistics(prepared, { file: 'train-sample.csv', bins: 10 }).factLength;
    const lengths = prepared.map((record) => Array.from(record.cleanFacts).length);
    expect(characters.min).toBe(Math.min(...lengths));
    expect(characters.max).toBe(Math.max(...lengths));
    expect(characters.min).toBe('Not Available.'.length);
    expect(characters.histogram.counts.reduce((sum, count) => sum + count, 0)).toBe(300);
    expect(characters.histogram.binEdges).toHaveLength(11);
    expect(words.percentiles.p50).toBeGreaterThan(100);
    expect(words.percentiles.p5).toBeLessThanOrEqual(words.percentiles.p95);
  });

  it('counts tokens with a tokenizer, and leaves them out without one', async () => {
    const tokenizer = await storiesTokenizer();
    const statistics = computeStatistics(prepared.slice(0, 20), { file: 'train-sample.csv', tokenizer });
    const expected = prepared.slice(0, 20).map((record) => tokenizer.encode(record.cleanFacts, { addSpecialTokens: false }).length);
    expect(statistics.factLength.tokens?.max).toBe(Math.max(...expected));
    expect(statistics.factLength.tokens?.min).toBe(Math.min(...expected));
    expect(statistics.factLength.tokens?.max).toBeGreaterThan(statistics.factLength.words.max);
    expect(computeStatistics(prepared, { file: 'x' }).factLength.tokens).toBeUndefined();
  });

  it('gives two files shared histogram edges, and no labels for a file without them', () => {
    const unlabelled = prepared.slice(0, 40).map((record) => {
      const copy: { -readonly [Key in keyof PreparedCourtRecord]?: PreparedCourtRecord[Key] } = { ...record };
      delete copy.firstPartyWinner;
      return copy as PreparedCourtRecord;
    });
    const [train, test] = compareStatistics([
      { file: 'train', records: prepared.slice(40) },
      { file: 'test', records: unlabelled },
    ]);
    expect(train?.factLength.characters.histogram.binEdges).toEqual(test?.factLength.characters.histogram.binEdges);
    expect(test?.labels).toBeUndefined();
    expect(test?.rows).toBe(40);
  });
});
