import { parse } from 'csv-parse/sync';
import { ToolkitError } from '@causal-tune/core';
import { locateCsvBytes } from './csv-byte-locator.js';
import { describeInvalidByte } from './read-data-file.js';
import type { DataFileContent } from './read-data-file.js';
import type { RecordIssue } from './record-issue.js';

/** One data record of a CSV file as strings. */
export interface CsvRow {
  /** Data row: 1 is the first record after the header. */
  readonly row: number;
  readonly fields: readonly string[];
}

/** A parsed CSV file: header, rows and the rows' encoding problems. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
  /** One issue per invalid UTF-8 sequence, located by row and column. */
  readonly encodingIssues: readonly RecordIssue[];
}

/**
 * Parses CSV text with csv-parse (RFC 4180: quoted fields with commas, quotes and newlines; BOM;
 * CRLF or LF). Rows may have a different number of fields than the header; the validators report
 * that per row. Throws `DATA_PARSE_FAILED` for text that is not CSV (an unterminated quote).
 */
export function readCsv(content: DataFileContent): CsvTable {
  let records: string[][];
  try {
    records = parse(content.text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (cause) {
    const line = (cause as { lines?: number }).lines;
    throw new ToolkitError(
      'DATA_PARSE_FAILED',
      `${content.path} is not valid CSV${line === undefined ? '' : ` (near line ${line})`}: ${(cause as Error).message}. ` +
        'Check that every quoted field is closed and quotes inside fields are doubled ("").',
      { details: { file: content.path, line }, cause },
    );
  }
  const [header = [], ...data] = records;
  const rows = data.map((fields, index) => ({ row: index + 1, fields }));
  const locations = locateCsvBytes(
    content.bytes,
    content.invalidUtf8.map((invalid) => invalid.byteOffset),
  );
  const encodingIssues = content.invalidUtf8.map((invalid, index): RecordIssue => {
    const location = locations[index] ?? { row: 0, fieldIndex: 0 };
    const field = header[location.fieldIndex]?.trim() ?? `(column ${location.fieldIndex + 1})`;
    return { row: location.row, field, message: describeInvalidByte(invalid), byteOffset: invalid.byteOffset };
  });
  return { header: header.map((name) => name.trim()), rows, encodingIssues };
}
