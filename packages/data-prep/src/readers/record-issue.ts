import { ToolkitError } from '@causal-tune/core';
import type { ErrorCode } from '@causal-tune/core';

/** One problem of one record: where it is and what is wrong. */
export interface RecordIssue {
  /** CSV: data row (header = 0). JSONL: 1-based line. JSON: 1-based array index. */
  readonly row: number;
  /** The column or key concerned; `(row)` when the problem is the record as a whole. */
  readonly field: string;
  /** What is wrong, what was expected and what was received. */
  readonly message: string;
  /** The record's ID when it has one (court data). */
  readonly id?: string;
  /** For invalid UTF-8: offset of the bad byte from the start of the file. */
  readonly byteOffset?: number;
  /** For a duplicate ID: the row that has the same ID first. */
  readonly otherRow?: number;
}

/** A record that lenient loading left out, with every reason. Nothing is dropped silently. */
export interface RejectedRecord {
  readonly row: number;
  readonly issues: readonly RecordIssue[];
  /** The record's raw fields as read (strings for CSV, the parsed value for JSON). */
  readonly values: unknown;
}

/** How many issues an error message spells out; `details.issues` always holds all of them. */
const LISTED_IN_MESSAGE = 25;

/** One line per issue: `row 12 (ID TRAIN_0011), first_party_winner: must be 0 or 1, but got "2"`. */
export function formatIssue(issue: RecordIssue): string {
  const id = issue.id === undefined || issue.id === '' ? '' : ` (ID ${issue.id})`;
  return `row ${issue.row}${id}, ${issue.field}: ${issue.message}`;
}

/**
 * Builds the error for a file with invalid records: one message listing the problems (all of
 * them in `details.issues`), ending with the fixes. The code is `DATA_ENCODING_INVALID` when any
 * byte is not UTF-8, else `code`.
 */
export function recordsError(file: string, issues: readonly RecordIssue[], code: ErrorCode = 'DATA_RECORD_INVALID'): ToolkitError {
  const encoding = issues.some((issue) => issue.byteOffset !== undefined);
  const rows = new Set(issues.map((issue) => issue.row)).size;
  const listed = issues.slice(0, LISTED_IN_MESSAGE).map((issue) => `  - ${formatIssue(issue)}`);
  if (issues.length > LISTED_IN_MESSAGE) listed.push(`  - … and ${issues.length - LISTED_IN_MESSAGE} more (see details.issues)`);
  const fix = encoding
    ? 'Re-save the file as UTF-8, fix the rows, or load with { mode: "lenient" } to keep the good rows.'
    : 'Fix these rows, or load with { mode: "lenient" } to keep the good rows and get the others back as `rejected`.';
  return new ToolkitError(
    encoding ? 'DATA_ENCODING_INVALID' : code,
    `${file} has ${issues.length} problem${issues.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}:\n${listed.join('\n')}\n${fix}`,
    { details: { file, issues } },
  );
}

/**
 * Splits validated rows into kept and rejected: a row with any issue is rejected with all its
 * issues; strict mode throws instead when there is any issue at all.
 */
export function partitionRows<Kept>(
  file: string,
  rows: readonly { readonly row: number; readonly values: unknown; readonly kept: Kept | undefined }[],
  issues: readonly RecordIssue[],
  mode: 'strict' | 'lenient',
  code: ErrorCode = 'DATA_RECORD_INVALID',
): { kept: Kept[]; rejected: RejectedRecord[] } {
  if (issues.length > 0 && mode === 'strict') throw recordsError(file, issues, code);
  const byRow = new Map<number, RecordIssue[]>();
  for (const issue of issues) {
    const list = byRow.get(issue.row) ?? [];
    list.push(issue);
    byRow.set(issue.row, list);
  }
  const kept: Kept[] = [];
  const rejected: RejectedRecord[] = [];
  for (const entry of rows) {
    const rowIssues = byRow.get(entry.row);
    if (rowIssues !== undefined || entry.kept === undefined) {
      rejected.push({ row: entry.row, issues: rowIssues ?? [], values: entry.values });
    } else {
      kept.push(entry.kept);
    }
  }
  return { kept, rejected };
}
