import type { CourtRecord, PreparedCourtRecord } from '../court/court-record.js';

/** Options of {@link swapParties} and {@link augmentWithSwaps}. */
export interface SwapOptions {
  /** Appended to the ID of a swapped copy; default `_swap`. */
  readonly idSuffix?: string;
}

/**
 * The same case with the parties swapped: first and second party (and, for prepared records,
 * their matches) change places and the label flips, with `_swap` appended to the ID. The
 * competition's test set holds every case twice in exactly this way, so training on both orders
 * teaches the model the party order rather than "the first party usually wins" (66.5 % in train).
 *
 * @example
 * swapParties({ row: 1, id: 'TRAIN_0000', firstParty: 'A', secondParty: 'B', facts: '…', firstPartyWinner: 1 });
 * // { row: 1, id: 'TRAIN_0000_swap', firstParty: 'B', secondParty: 'A', facts: '…', firstPartyWinner: 0 }
 */
export function swapParties<T extends CourtRecord>(record: T, options: SwapOptions = {}): T {
  const swapped: CourtRecord = {
    ...record,
    id: `${record.id}${options.idSuffix ?? '_swap'}`,
    firstParty: record.secondParty,
    secondParty: record.firstParty,
    ...(record.firstPartyWinner === undefined ? {} : { firstPartyWinner: record.firstPartyWinner === 1 ? 0 : 1 }),
  };
  if ('firstPartyMatch' in record && 'secondPartyMatch' in record) {
    const prepared = record as unknown as PreparedCourtRecord;
    return { ...swapped, firstPartyMatch: prepared.secondPartyMatch, secondPartyMatch: prepared.firstPartyMatch } as unknown as T;
  }
  return swapped as T;
}

/**
 * Party-swap augmentation: each record followed by its swapped copy ({@link swapParties}), so
 * the result is twice as long and balanced 50/50 in labels. Apply it to the training part after
 * {@link splitDataset}, never before, so that no case is on both sides of the split.
 */
export function augmentWithSwaps<T extends CourtRecord>(records: readonly T[], options: SwapOptions = {}): T[] {
  return records.flatMap((record) => [record, swapParties(record, options)]);
}
