import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formatCourtCsv, loadDataset, type CourtRecord } from '@causal-tune/data-prep';

/** The repository's court sample (300 labelled rows of train.csv), from packages/jobs/{src,dist}/testing/. */
export const COURT_SAMPLE = fileURLToPath(new URL('../../../../fixtures/dacon-court/train-sample.csv', import.meta.url));

/**
 * `count` court rows in test.csv's shape (ID, first_party, second_party, facts; no label), made
 * from the sample's rows: the sample in order, then again with the parties swapped, and so on,
 * with the ids TEST_0000, TEST_0001, … The competition's test.csv has 1,240 rows.
 */
export function courtTestRecords(sample: readonly CourtRecord[], count: number): CourtRecord[] {
  return Array.from({ length: count }, (_, index) => {
    const base = sample[index % sample.length]!;
    const swapped = Math.floor(index / sample.length) % 2 === 1;
    return {
      row: index + 1,
      id: `TEST_${String(index).padStart(4, '0')}`,
      firstParty: swapped ? base.secondParty : base.firstParty,
      secondParty: swapped ? base.firstParty : base.secondParty,
      facts: base.facts,
    };
  });
}

/** Writes {@link courtTestRecords} of the repository's sample (or `samplePath`) to `path` as a court CSV. */
export async function writeCourtTestFile(path: string, count: number, samplePath: string = COURT_SAMPLE): Promise<readonly CourtRecord[]> {
  const sample = await loadDataset(samplePath);
  if (sample.kind !== 'court') throw new Error(`${samplePath} is not court data.`);
  const records = courtTestRecords(sample.records, count);
  await writeFile(path, formatCourtCsv(records));
  return records;
}
