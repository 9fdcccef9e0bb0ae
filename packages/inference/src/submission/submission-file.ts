import { stringify } from 'csv-stringify/sync';
import { ToolkitError, writeFileAtomic } from '@causal-tune/core';
import type { CourtRecord } from '@causal-tune/data-prep';
import type { ClassifyResult } from '../classify/classify.js';

/** Options of {@link formatSubmission} and {@link writeSubmission}. */
export interface SubmissionOptions {
  /** Add a `probability` column: p(first party wins), 6 decimals. */
  readonly probabilities?: boolean;
}

/** RFC 4180 quoting by csv-stringify; `quoted_match` adds a lone `\r`, which it leaves bare. */
const CSV_OPTIONS = { record_delimiter: 'unix', quoted_match: /\r/ } as const;

/**
 * The competition's submission CSV: `ID,first_party_winner` (the header of
 * sample_submission.csv), one row per record with the same IDs in the same order as the input,
 * `\n` line ends and a final newline.
 *
 * @throws ToolkitError `DATA_RECORD_INVALID` when a result has no court decision (the file
 * needs first_party_winner).
 */
export function formatSubmission(records: readonly CourtRecord[], result: ClassifyResult, options: SubmissionOptions = {}): string {
  const rows: string[][] = [options.probabilities === true ? ['ID', 'first_party_winner', 'probability'] : ['ID', 'first_party_winner']];
  records.forEach((record, index) => {
    const court = result.items[index]?.court;
    if (court === undefined) {
      throw new ToolkitError('DATA_RECORD_INVALID', `Record ${record.id} (row ${record.row}) has no court decision; a submission file needs court records classified with the court prompts.`, { details: { id: record.id, row: record.row } });
    }
    const fields = [record.id, String(court.firstPartyWinner)];
    if (options.probabilities === true) fields.push(court.firstPartyWinProbability.toFixed(6));
    rows.push(fields);
  });
  return stringify(rows, CSV_OPTIONS);
}

/** Writes {@link formatSubmission} to `path` atomically (temporary file, then rename). */
export async function writeSubmission(path: string, records: readonly CourtRecord[], result: ClassifyResult, options: SubmissionOptions = {}): Promise<void> {
  await writeFileAtomic(path, formatSubmission(records, result, options));
}
