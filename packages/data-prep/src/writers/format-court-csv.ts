import { stringify } from 'csv-stringify/sync';
import type { CourtRecord } from '../court/court-record.js';
import { COURT_COLUMNS, COURT_LABEL_COLUMN } from '../schemas/court-schema.js';

/**
 * csv-stringify quotes a field that holds the delimiter, a quote or the record delimiter (`\n`);
 * `quoted_match` adds a lone `\r`, so every RFC 4180 special character is quoted, as readers that
 * treat CR as a line end (Python's csv, spreadsheets) need.
 */
const CSV_OPTIONS = { record_delimiter: 'unix', quoted_match: /\r/ } as const;

/**
 * Court records as a CSV in the competition's layout (ID, first_party, second_party, facts and,
 * when every record has one, first_party_winner), readable back by {@link loadDataset}: `\n`
 * line ends and a final newline.
 */
export function formatCourtCsv(records: readonly CourtRecord[]): string {
  const labelled = records.length > 0 && records.every((record) => record.firstPartyWinner !== undefined);
  const header: string[] = labelled ? [...COURT_COLUMNS, COURT_LABEL_COLUMN] : [...COURT_COLUMNS];
  const rows = records.map((record) => {
    const values = [record.id, record.firstParty, record.secondParty, record.facts];
    if (labelled) values.push(String(record.firstPartyWinner));
    return values;
  });
  return stringify([header, ...rows], CSV_OPTIONS);
}
