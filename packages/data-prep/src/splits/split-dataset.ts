import { ToolkitError, createSeededRandom, parseWithSchema, shuffled } from '@causal-tune/core';
import { z } from 'zod';

/** Options of {@link splitDataset}. */
export const splitOptionsSchema = z.object({
  validationFraction: z
    .number()
    .gt(0, { error: 'must be greater than 0' })
    .lt(1, { error: 'must be less than 1' })
    .default(0.1)
    .describe('Share of the records that go to validation, in (0, 1); each label keeps this share.'),
  seed: z.number().int({ error: 'must be an integer' }).default(42).describe('Seed of the shuffle; the same seed gives the same split.'),
  stratify: z.boolean().default(true).describe('Keep the label proportions in both parts.'),
});

/** Options of {@link splitDataset}, plus how to read a record's label. */
export type SplitOptions<T> = z.input<typeof splitOptionsSchema> & {
  /** The stratum of a record; default `firstPartyWinner` (court) or `output` (instruction records). */
  readonly labelOf?: (record: T) => string | number | undefined;
};

/** The two parts of a split, each in the records' original order. */
export interface DatasetSplit<T> {
  readonly train: T[];
  readonly validation: T[];
}

function defaultLabel(record: unknown): string | number | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const fields = record as { firstPartyWinner?: number; output?: string };
  return fields.firstPartyWinner ?? fields.output;
}

/**
 * Splits records into train and validation, seeded and stratified: the records of each label are
 * shuffled with the seed and `validationFraction` of each goes to validation (largest remainders
 * so the total is `round(n * fraction)`), so both parts keep the label proportions. The same seed
 * and records give the same split. Each part keeps the original order. Split before
 * {@link augmentWithSwaps}, or a case and its swapped copy land on both sides.
 *
 * @example
 * const { train, validation } = splitDataset(records, { validationFraction: 0.2, seed: 7 });
 */
export function splitDataset<T>(records: readonly T[], options: SplitOptions<T> = {}): DatasetSplit<T> {
  const { labelOf = defaultLabel, ...rest } = options;
  const resolved = parseWithSchema(splitOptionsSchema, rest, "The options passed to 'splitDataset'");
  if (records.length < 2) {
    throw new ToolkitError(
      'DATA_EMPTY',
      `Cannot split ${records.length} record${records.length === 1 ? '' : 's'} into train and validation: at least 2 are needed. Load a larger file.`,
      { details: { records: records.length } },
    );
  }
  const strata = new Map<string, number[]>();
  records.forEach((record, index) => {
    const key = resolved.stratify ? String(labelOf(record) ?? '(none)') : 'all';
    const indices = strata.get(key) ?? [];
    indices.push(index);
    strata.set(key, indices);
  });
  const total = Math.min(records.length - 1, Math.max(1, Math.round(records.length * resolved.validationFraction)));
  // Largest remainders: each stratum gets floor(share), the biggest fractions get one more.
  const keys = [...strata.keys()].sort();
  const shares = keys.map((key) => (strata.get(key) as number[]).length * (total / records.length));
  const taken = shares.map(Math.floor);
  const remainders = shares.map((share, index) => share - (taken[index] as number));
  const order = keys.map((_, index) => index).sort((left, right) => (remainders[right] as number) - (remainders[left] as number) || left - right);
  for (let extra = total - taken.reduce((sum, count) => sum + count, 0), position = 0; extra > 0; extra -= 1, position += 1) {
    const index = order[position % order.length] as number;
    taken[index] = (taken[index] as number) + 1;
  }
  // One random stream per stratum: a stratum's pick does not depend on the other strata.
  const validationIndices = new Set<number>();
  keys.forEach((key, index) => {
    const random = createSeededRandom(resolved.seed, `split/${key}`);
    for (const recordIndex of shuffled(strata.get(key) as number[], random).slice(0, taken[index])) validationIndices.add(recordIndex);
  });
  const train: T[] = [];
  const validation: T[] = [];
  records.forEach((record, index) => (validationIndices.has(index) ? validation : train).push(record));
  return { train, validation };
}
