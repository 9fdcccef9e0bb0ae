import { ToolkitError } from '@causal-tune/core';
import { describeInvalidByte, lineOfByte } from './read-data-file.js';
import type { DataFileContent } from './read-data-file.js';
import type { RecordIssue } from './record-issue.js';

/** One parsed JSON record with its row (JSONL: 1-based line; JSON: 1-based array index). */
export interface JsonRow {
  readonly row: number;
  readonly value: unknown;
}

/** Records of a JSON or JSONL file, with the lines that did not parse. */
export interface JsonRecords {
  readonly rows: readonly JsonRow[];
  /** JSONL lines that are not JSON, and JSONL lines holding invalid UTF-8. */
  readonly issues: readonly RecordIssue[];
}

/**
 * Reads JSON Lines: one record per non-blank line. Lines that are not JSON become issues (all of
 * them, not only the first); the caller decides between strict and lenient.
 */
export function readJsonLines(content: DataFileContent): JsonRecords {
  const rows: JsonRow[] = [];
  const issues: RecordIssue[] = [];
  for (const invalid of content.invalidUtf8) {
    issues.push({ row: lineOfByte(content.bytes, invalid.byteOffset), field: '(row)', message: describeInvalidByte(invalid), byteOffset: invalid.byteOffset });
  }
  content.text.split(/\r?\n/).forEach((text, index) => {
    const line = index + 1;
    if (text.trim() === '') return;
    try {
      rows.push({ row: line, value: JSON.parse(text) as unknown });
    } catch (cause) {
      issues.push({ row: line, field: '(row)', message: `is not valid JSON (${(cause as Error).message}); expected one JSON object per line` });
      rows.push({ row: line, value: text });
    }
  });
  return { rows, issues };
}

/**
 * Reads a JSON file holding an array of records. Invalid UTF-8 and text that is not JSON are
 * file-level problems: they throw `DATA_ENCODING_INVALID` / `DATA_PARSE_FAILED`.
 */
export function readJsonArray(content: DataFileContent): JsonRecords {
  if (content.invalidUtf8.length > 0) {
    const issues = content.invalidUtf8.map((invalid): RecordIssue => ({
      row: 0,
      field: '(file)',
      message: `${describeInvalidByte(invalid)} (line ${lineOfByte(content.bytes, invalid.byteOffset)})`,
      byteOffset: invalid.byteOffset,
    }));
    throw new ToolkitError(
      'DATA_ENCODING_INVALID',
      `${content.path} is not valid UTF-8: ${issues.map((issue) => issue.message).join('; ')}. Re-save the file as UTF-8.`,
      { details: { file: content.path, issues } },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.text);
  } catch (cause) {
    throw new ToolkitError('DATA_PARSE_FAILED', `${content.path} is not valid JSON: ${(cause as Error).message}. Fix the syntax, or use .jsonl for one record per line.`, {
      details: { file: content.path },
      cause,
    });
  }
  if (!Array.isArray(parsed)) {
    throw new ToolkitError(
      'DATA_PARSE_FAILED',
      `${content.path} must hold a JSON array of records ([{ "instruction": …, "input": …, "output": … }, …]), but holds ${parsed === null ? 'null' : typeof parsed}.`,
      { details: { file: content.path } },
    );
  }
  return { rows: parsed.map((value: unknown, index) => ({ row: index + 1, value })), issues: [] };
}
