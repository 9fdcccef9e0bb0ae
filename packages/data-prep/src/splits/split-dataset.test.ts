import { isToolkitError } from '@causal-tune/core';
import type { CourtRecord, InstructionRecord } from '../court/court-record.js';
import { loadDataset } from '../readers/load-dataset.js';
import { COURT_SAMPLE_PATH } from '../testing.js';
import { splitDataset } from './split-dataset.js';

let records: readonly CourtRecord[] = [];

beforeAll(async () => {
  const dataset = await loadDataset(COURT_SAMPLE_PATH);
  if (dataset.kind !== 'court') throw new Error('expected the court sample');
  records = dataset.records;
});

const ids = (list: readonly CourtRecord[]): string[] => list.map((record) => record.id);
const ones = (list: readonly CourtRecord[]): number => list.filter((record) => record.firstPartyWinner === 1).length;

describe('splitDataset', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const first = splitDataset(records, { seed: 7, validationFraction: 0.2 });
    const again = splitDataset(records, { seed: 7, validationFraction: 0.2 });
    const other = splitDataset(records, { seed: 8, validationFraction: 0.2 });
    expect(ids(again.validation)).toEqual(ids(first.validation));
    expect(ids(other.validation)).not.toEqual(ids(first.validation));
  });

  it('keeps the label proportions, covers every record once and keeps the original order', () => {
    const { train, validation } = splitDataset(records, { seed: 1, validationFraction: 0.2 });
    expect(validation).toHaveLength(60);
    expect(train).toHaveLength(240);
    expect(new Set([...ids(train), ...ids(validation)]).size).toBe(300);
    const share = ones(records) / records.length;
    expect(ones(validation) / validation.length).toBeCloseTo(share, 2);
    expect(ones(train) / train.length).toBeCloseTo(share, 2);
    expect(validation.map((record) => record.row)).toEqual([...validation.map((record) => record.row)].sort((a, b) => a - b));
  });

  it('stratifies instruction records by output and accepts a custom label', () => {
    const instructions: InstructionRecord[] = Array.from({ length: 40 }, (_, index) => ({
      row: index + 1,
      instruction: `Does party ${index} win?`,
      input: '',
      output: index % 4 === 0 ? 'no' : 'yes',
    }));
    const { validation } = splitDataset(instructions, { validationFraction: 0.25, seed: 3 });
    expect(validation).toHaveLength(10);
    expect(validation.filter((record) => record.output === 'no').length).toBeGreaterThanOrEqual(2);
    expect(validation.filter((record) => record.output === 'no').length).toBeLessThanOrEqual(3);
    const byLength = splitDataset(records, { validationFraction: 0.5, labelOf: (record) => (record.facts.length > 1000 ? 'long' : 'short') });
    expect(byLength.validation).toHaveLength(150);
  });

  it('rejects bad options with every problem, and too few records', () => {
    const options = (() => {
      try {
        splitDataset(records, { validationFraction: 1.5, seed: 0.5 });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(isToolkitError(options) && options.code).toBe('CONFIG_INVALID');
    expect(isToolkitError(options) && (options.details?.issues as unknown[]).length).toBe(2);
    expect(() => splitDataset(records.slice(0, 1))).toThrow(/at least 2/);
  });
});
