import type { RejectedRow } from '../workflows/prep-workflow.js';

/**
 * One line for a row that lenient loading left out, every reason included:
 * `row 5 (ID TRAIN_0004): first_party_winner: must be 0 or 1, but got "2"`.
 */
export function formatRejectedRow(rejected: RejectedRow): string {
  const id = rejected.issues.find((issue) => issue.id !== undefined && issue.id !== '')?.id;
  const reasons = rejected.issues.map((issue) => `${issue.field}: ${issue.message}`);
  return `row ${rejected.row}${id === undefined ? '' : ` (ID ${id})`}: ${reasons.length > 0 ? reasons.join('; ') : 'could not be read'}`;
}
