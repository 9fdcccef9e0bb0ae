import type { CourtRecord } from '../court/court-record.js';
import { COURT_COLUMNS, COURT_LABEL_COLUMN, courtTestRowSchema, courtTrainRowSchema } from '../schemas/court-schema.js';
import type { CsvTable } from './read-csv.js';
import { partitionRows, recordsError } from './record-issue.js';
import type { RecordIssue, RejectedRecord } from './record-issue.js';
import { checkColumns, csvRowsToObjects, validateRow } from './validate-rows.js';

/** Court records that passed validation, and (lenient mode) those that did not. */
export interface ValidatedCourt {
  readonly records: CourtRecord[];
  readonly hasLabels: boolean;
  readonly rejected: RejectedRecord[];
}

/**
 * Validates a court CSV table: columns (train: ID, first_party, second_party, facts,
 * first_party_winner; test: the same without the label), every row against the zod schema,
 * unique IDs and valid UTF-8. Strict mode throws one error listing every problem; lenient mode
 * keeps the good rows and returns the others with their reasons.
 */
export function validateCourtTable(
  file: string,
  table: CsvTable,
  options: { readonly mode: 'strict' | 'lenient'; readonly requireLabels?: boolean },
): ValidatedCourt {
  const hasLabels = table.header.includes(COURT_LABEL_COLUMN);
  const required = options.requireLabels === true ? [...COURT_COLUMNS, COURT_LABEL_COLUMN] : [...COURT_COLUMNS];
  checkColumns(file, table.header, required, [...COURT_COLUMNS, COURT_LABEL_COLUMN], 'the court data set');
  const headerIssues = table.encodingIssues.filter((issue) => issue.row === 0);
  if (headerIssues.length > 0) throw recordsError(file, headerIssues);

  const schema = hasLabels ? courtTrainRowSchema : courtTestRowSchema;
  const { rows, issues: shapeIssues } = csvRowsToObjects(table);
  const issues: RecordIssue[] = [...table.encodingIssues];
  for (const issue of shapeIssues) issues.push(issue);
  const firstRowOfId = new Map<string, number>();
  const validated = rows.map((raw) => {
    const rawId = (raw.value as Record<string, string | undefined>).ID?.trim();
    const { data, issues: rowIssues } = validateRow(schema, raw, rawId);
    issues.push(...rowIssues);
    if (rawId !== undefined && rawId !== '') {
      const firstRow = firstRowOfId.get(rawId);
      if (firstRow === undefined) {
        firstRowOfId.set(rawId, raw.row);
      } else {
        issues.push({
          row: raw.row,
          field: 'ID',
          message: `duplicate ID "${rawId}": rows ${firstRow} and ${raw.row} have the same ID; IDs must be unique`,
          id: rawId,
          otherRow: firstRow,
        });
      }
    }
    const kept: CourtRecord | undefined =
      data === undefined
        ? undefined
        : {
            row: raw.row,
            id: data.ID,
            firstParty: data.first_party,
            secondParty: data.second_party,
            facts: data.facts,
            ...('first_party_winner' in data ? { firstPartyWinner: data.first_party_winner === '1' ? (1 as const) : (0 as const) } : {}),
          };
    return { row: raw.row, values: raw.value, kept };
  });
  issues.sort((left, right) => left.row - right.row);
  const { kept, rejected } = partitionRows(file, validated, issues, options.mode);
  return { records: kept, hasLabels, rejected };
}
