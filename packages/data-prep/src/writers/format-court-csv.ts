import type { CourtRecord } from '../court/court-record.js';
import { COURT_COLUMNS, COURT_LABEL_COLUMN } from '../schemas/court-schema.js';

/** Quotes a CSV field when it needs it (RFC 4180: comma, quote, CR or LF). */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Court records as a CSV in the competition's layout (ID, first_party, second_party, facts and,
 * when every record has one, first_party_winner), readable back by {@link loadDataset}.
 */
export function formatCourtCsv(records: readonly CourtRecord[]): string {
  const labelled = records.length > 0 && records.every((record) => record.firstPartyWinner !== undefined);
  const header: string[] = labelled ? [...COURT_COLUMNS, COURT_LABEL_COLUMN] : [...COURT_COLUMNS];
  const rows = records.map((record) => {
    const values = [record.id, record.firstParty, record.secondParty, record.facts];
    if (labelled) values.push(String(record.firstPartyWinner));
    return values.map(field).join(',');
  });
  return `${[header.join(','), ...rows].join('\n')}\n`;
}
