import type { InstructionRecord } from '../court/court-record.js';
import { instructionRowSchema } from '../schemas/instruction-schema.js';
import { partitionRows } from './record-issue.js';
import type { RecordIssue, RejectedRecord } from './record-issue.js';
import type { RawRow } from './validate-rows.js';
import { validateRow } from './validate-rows.js';

/** Instruction records that passed validation, and (lenient mode) those that did not. */
export interface ValidatedInstructions {
  readonly records: InstructionRecord[];
  readonly hasLabels: boolean;
  readonly rejected: RejectedRecord[];
}

/**
 * Validates Alpaca-style records. `hasLabels` is true when records carry `output`; a file where
 * only some records have one is inconsistent, and the records without it are reported.
 */
export function validateInstructionRows(
  file: string,
  rows: readonly RawRow[],
  previousIssues: readonly RecordIssue[],
  options: { readonly mode: 'strict' | 'lenient'; readonly requireLabels?: boolean },
): ValidatedInstructions {
  const issues: RecordIssue[] = [...previousIssues];
  const failedRows = new Set(previousIssues.map((issue) => issue.row));
  const parsed = rows.map((raw) => {
    const { data, issues: rowIssues } = failedRows.has(raw.row) ? { data: undefined, issues: [] } : validateRow(instructionRowSchema, raw);
    issues.push(...rowIssues);
    return { raw, data };
  });
  const withOutput = parsed.filter((entry) => entry.data?.output !== undefined).length;
  const hasLabels = options.requireLabels === true || withOutput > 0;
  const validated = parsed.map(({ raw, data }) => {
    if (data !== undefined && hasLabels && data.output === undefined) {
      issues.push({
        row: raw.row,
        field: 'output',
        message:
          options.requireLabels === true
            ? 'is missing; training data needs the expected answer in "output"'
            : `is missing while ${withOutput} other records have one; give every record an output, or none for prediction-only data`,
      });
    }
    const kept: InstructionRecord | undefined =
      data === undefined
        ? undefined
        : { row: raw.row, instruction: data.instruction, input: data.input, ...(data.output === undefined ? {} : { output: data.output }) };
    return { row: raw.row, values: raw.value, kept };
  });
  issues.sort((left, right) => left.row - right.row);
  const parseFailed = previousIssues.some((issue) => issue.byteOffset === undefined);
  const { kept, rejected } = partitionRows(file, validated, issues, options.mode, parseFailed ? 'DATA_PARSE_FAILED' : 'DATA_RECORD_INVALID');
  return { records: kept, hasLabels, rejected };
}
