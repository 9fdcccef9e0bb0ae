import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CourtRecord } from '../court/court-record.js';
import { loadDataset } from '../readers/load-dataset.js';
import { formatCourtCsv } from './format-court-csv.js';

const records = [
  { row: 1, id: 'A_1', firstParty: 'Smith, John', secondParty: 'United States', facts: 'He said "no".\nThen he left.', firstPartyWinner: 1 as const },
  { row: 2, id: 'A_2', firstParty: 'Roe', secondParty: 'Wade', facts: 'Plain facts.', firstPartyWinner: 0 as const },
];

describe('formatCourtCsv', () => {
  it('writes a labelled file that loads back to the same records', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'ctune-csv-')), 'out.csv');
    await writeFile(path, formatCourtCsv(records));
    const loaded = await loadDataset(path);
    if (loaded.kind !== 'court') throw new Error(`expected a court file, got ${loaded.kind}`);
    const withoutRow = (record: { readonly id: string; readonly firstParty: string; readonly secondParty: string; readonly facts: string; readonly firstPartyWinner?: 0 | 1 }) => [record.id, record.firstParty, record.secondParty, record.facts, record.firstPartyWinner];
    // A court file loads as court records (checked by `kind` above).
    expect((loaded.records as readonly CourtRecord[]).map(withoutRow)).toEqual(records.map(withoutRow));
  });

  it('quotes every RFC 4180 special character, a lone CR included, and nothing else', () => {
    const text = formatCourtCsv([{ row: 1, id: 'B_1', firstParty: 'a\rb', secondParty: 'Plain Name', facts: 'x"y', firstPartyWinner: 1 }]);
    expect(text).toBe('ID,first_party,second_party,facts,first_party_winner\nB_1,"a\rb",Plain Name,"x""y",1\n');
  });

  it('leaves out the label column when a record has no label', () => {
    const text = formatCourtCsv([{ ...records[1]!, firstPartyWinner: undefined }]);
    expect(text.split('\n')[0]).toBe('ID,first_party,second_party,facts');
  });
});
