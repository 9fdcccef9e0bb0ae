import type { PreparedCourtRecord } from '../court/court-record.js';
import { loadDataset } from '../readers/load-dataset.js';
import { prepareDataset } from '../prepare/prepare-dataset.js';
import { COURT_SAMPLE_PATH } from '../testing.js';
import { splitDataset } from './split-dataset.js';
import { augmentWithSwaps, swapParties } from './swap-parties.js';

let prepared: PreparedCourtRecord[] = [];

beforeAll(async () => {
  const dataset = await loadDataset(COURT_SAMPLE_PATH);
  if (dataset.kind !== 'court') throw new Error('expected the court sample');
  prepared = await prepareDataset(dataset.records.slice(0, 60));
});

describe('swapParties', () => {
  it('swaps the parties and their matches, flips the label and suffixes the ID', () => {
    const record = prepared.find((candidate) => candidate.id === 'TRAIN_0157') as PreparedCourtRecord;
    const swapped = swapParties(record);
    expect(swapped).toEqual({
      ...record,
      id: 'TRAIN_0157_swap',
      firstParty: 'The Goodyear Tire & Rubber Company, Inc.',
      secondParty: 'Lilly M. Ledbetter',
      firstPartyWinner: record.firstPartyWinner === 1 ? 0 : 1,
      firstPartyMatch: record.secondPartyMatch,
      secondPartyMatch: record.firstPartyMatch,
    });
    expect(swapParties(swapped, { idSuffix: '' })).toEqual({ ...record, id: 'TRAIN_0157_swap' });
  });

  it('swaps records without labels or matches too', () => {
    expect(swapParties({ row: 1, id: 'TEST_0000', firstParty: 'Salerno', secondParty: 'United States', facts: 'The Bail Reform Act.' })).toEqual({
      row: 1,
      id: 'TEST_0000_swap',
      firstParty: 'United States',
      secondParty: 'Salerno',
      facts: 'The Bail Reform Act.',
    });
  });
});

describe('augmentWithSwaps', () => {
  it('follows each record with its swap, which balances the labels 50/50', () => {
    const { train } = splitDataset(prepared, { seed: 5, validationFraction: 0.25 });
    const augmented = augmentWithSwaps(train);
    expect(augmented).toHaveLength(train.length * 2);
    expect(augmented.filter((record) => record.firstPartyWinner === 1)).toHaveLength(train.length);
    expect(augmented[1]?.id).toBe(`${train[0]?.id}_swap`);
    expect(augmented[1]?.cleanFacts).toBe(train[0]?.cleanFacts);
  });
});
