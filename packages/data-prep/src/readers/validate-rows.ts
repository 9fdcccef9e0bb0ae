import { ToolkitError } from '@causal-tune/core';
import type { z } from 'zod';
import type { CsvTable } from './read-csv.js';
import type { RecordIssue } from './record-issue.js';

/** A record before validation: its row and its raw value (an object of strings for CSV). */
export interface RawRow {
  readonly row: number;
  readonly value: unknown;
}

/**
 * Validates one record with a zod schema and turns every zod issue into a {@link RecordIssue}
 * naming the row and the field (the first key of the issue's path).
 */
export function validateRow<Schema extends z.ZodType>(
  schema: Schema,
  raw: RawRow,
  id?: string,
): { data?: z.output<Schema>; issues: RecordIssue[] } {
  const result = schema.safeParse(raw.value);
  if (result.success) return { data: result.data, issues: [] };
  const issues = result.error.issues.map((issue): RecordIssue => {
    const field = issue.path.length === 0 ? '(row)' : issue.path.map(String).join('.');
    return id === undefined ? { row: raw.row, field, message: issue.message } : { row: raw.row, field, message: issue.message, id };
  });
  return { issues };
}

/**
 * Checks a header against the columns a format requires and allows; throws
 * `DATA_COLUMNS_INVALID` naming the missing, unexpected and repeated columns and the fix.
 */
export function checkColumns(
  file: string,
  header: readonly string[],
  required: readonly string[],
  allowed: readonly string[],
  what: string,
): void {
  const missing = required.filter((column) => !header.includes(column));
  const extra = header.filter((column) => !allowed.includes(column));
  const duplicate = header.filter((column, index) => header.indexOf(column) !== index);
  if (missing.length === 0 && extra.length === 0 && duplicate.length === 0) return;
  const problems = [
    missing.length > 0 ? `missing ${missing.map((column) => `"${column}"`).join(', ')}` : undefined,
    extra.length > 0 ? `unexpected ${extra.map((column) => `"${column}"`).join(', ')}` : undefined,
    duplicate.length > 0 ? `repeated ${duplicate.map((column) => `"${column}"`).join(', ')}` : undefined,
  ].filter((problem) => problem !== undefined);
  throw new ToolkitError(
    'DATA_COLUMNS_INVALID',
    `${file} has the wrong columns for ${what}: ${problems.join('; ')}. Expected ${allowed.join(', ')} ` +
      `(required: ${required.join(', ')}), but the header is ${header.join(', ') || '(empty)'}. Rename or remove the columns in the header row.`,
    { details: { file, missing, extra, duplicate, received: [...header], expected: [...allowed] } },
  );
}

/**
 * Turns CSV rows into objects keyed by the header. A row with more or fewer fields than the header
 * gets an issue (field `(row)`) and keeps its fields under their column names where they exist.
 */
export function csvRowsToObjects(table: CsvTable): { rows: RawRow[]; issues: RecordIssue[] } {
  const issues: RecordIssue[] = [];
  const rows = table.rows.map((csvRow): RawRow => {
    if (csvRow.fields.length !== table.header.length) {
      issues.push({
        row: csvRow.row,
        field: '(row)',
        message: `has ${csvRow.fields.length} fields, but the header has ${table.header.length} (${table.header.join(', ')}); check for an unquoted comma or a missing field`,
      });
    }
    const value: Record<string, string> = {};
    table.header.forEach((column, index) => {
      const field = csvRow.fields[index];
      if (field !== undefined) value[column] = field;
    });
    return { row: csvRow.row, value };
  });
  return { rows, issues };
}
