import { ToolkitError, writeFileAtomic } from '@causal-tune/core';
import type { CourtRecord } from '@causal-tune/data-prep';
import type { ClassifyResult } from '../classify/classify.js';

/** Options of {@link formatSubmission} and {@link writeSubmission}. */
export interface SubmissionOptions {
  /** Add a `probability` column: p(first party wins), 6 decimals. */
  readonly probabilities?: boolean;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The competition's submission CSV: `ID,first_party_winner` (the header of
 * sample_submission.csv), one row per record with the same IDs in the same order as the input,
 * `\n` line ends and a final newline.
 *
 * @throws ToolkitError `DATA_RECORD_INVALID` when a result has no court decision (the file
 * needs first_party_winner).
 */
export function formatSubmission(records: readonly CourtRecord[], result: ClassifyResult, options: SubmissionOptions = {}): string {
  const lines = [options.probabilities === true ? 'ID,first_party_winner,probability' : 'ID,first_party_winner'];
  records.forEach((record, index) => {
    const court = result.items[index]?.court;
    if (court === undefined) {
      throw new ToolkitError('DATA_RECORD_INVALID', `Record ${record.id} (row ${record.row}) has no court decision; a submission file needs court records classified with the court prompts.`, { details: { id: record.id, row: record.row } });
    }
    const fields = [csvField(record.id), String(court.firstPartyWinner)];
    if (options.probabilities === true) fields.push(court.firstPartyWinProbability.toFixed(6));
    lines.push(fields.join(','));
  });
  return `${lines.join('\n')}\n`;
}

/** Writes {@link formatSubmission} to `path` atomically (temporary file, then rename). */
export async function writeSubmission(path: string, records: readonly CourtRecord[], result: ClassifyResult, options: SubmissionOptions = {}): Promise<void> {
  await writeFileAtomic(path, formatSubmission(records, result, options));
}
