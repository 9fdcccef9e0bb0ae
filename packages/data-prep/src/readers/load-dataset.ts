import { extname } from 'node:path';
import { ToolkitError, parseWithSchema } from '@causal-tune/core';
import type { Logger } from '@causal-tune/core';
import { z } from 'zod';
import type { CourtRecord, InstructionRecord } from '../court/court-record.js';
import { COURT_COLUMNS, COURT_LABEL_COLUMN } from '../schemas/court-schema.js';
import { INSTRUCTION_FIELDS } from '../schemas/instruction-schema.js';
import { readCsv } from './read-csv.js';
import { readDataFile } from './read-data-file.js';
import { readJsonArray, readJsonLines } from './read-json-records.js';
import type { RejectedRecord } from './record-issue.js';
import { validateCourtTable } from './validate-court.js';
import { validateInstructionRows } from './validate-instructions.js';
import { checkColumns, csvRowsToObjects } from './validate-rows.js';

/** Options of {@link loadDataset}. */
export const loadDatasetOptionsSchema = z.object({
  mode: z
    .enum(['strict', 'lenient'])
    .default('strict')
    .describe('strict: any invalid row throws one error listing every problem; lenient: keep the good rows, return the others in `rejected`.'),
  format: z
    .enum(['auto', 'court', 'instruction'])
    .default('auto')
    .describe('auto: court for a CSV with the court columns, instruction for JSON/JSONL (or a CSV with instruction/input/output).'),
  requireLabels: z
    .boolean()
    .default(false)
    .describe('Require the label (first_party_winner, or output): true for training and evaluation data.'),
});

/** Options of {@link loadDataset}: the validated fields plus a logger and an abort signal. */
export type LoadDatasetOptions = z.input<typeof loadDatasetOptionsSchema> & {
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
};

/** A court data file after validation. */
export interface CourtDataset {
  readonly kind: 'court';
  readonly file: string;
  readonly records: readonly CourtRecord[];
  /** True when the file has the `first_party_winner` column. */
  readonly hasLabels: boolean;
  /** Rows left out in lenient mode, each with its reasons; empty in strict mode. */
  readonly rejected: readonly RejectedRecord[];
}

/** An Alpaca-style data file after validation. */
export interface InstructionDataset {
  readonly kind: 'instruction';
  readonly file: string;
  readonly records: readonly InstructionRecord[];
  /** True when the records carry `output`. */
  readonly hasLabels: boolean;
  readonly rejected: readonly RejectedRecord[];
}

/** What {@link loadDataset} returns, discriminated by `kind`. */
export type LoadedDataset = CourtDataset | InstructionDataset;

function throwIfAborted(signal: AbortSignal | undefined, file: string): void {
  if (signal?.aborted === true) throw new ToolkitError('ABORTED', `Loading ${file} was aborted.`, { details: { file }, cause: signal.reason });
}

function emptyError(file: string): ToolkitError {
  return new ToolkitError('DATA_EMPTY', `${file} has no data rows. Add records after the header (CSV) or to the file (JSON/JSONL).`, {
    details: { file },
  });
}

/**
 * Reads and validates a data file. A `.csv` with the court columns (ID, first_party,
 * second_party, facts and, for training data, first_party_winner) is the court data set; a
 * `.json` array or `.jsonl` file of `{ instruction, input, output }` records (or a CSV with those
 * columns) is an instruction data set.
 *
 * Errors, each naming the file, row and field, with every problem listed at once:
 * `DATA_FILE_NOT_FOUND`, `DATA_FORMAT_UNKNOWN` (extension), `DATA_COLUMNS_INVALID`,
 * `DATA_ENCODING_INVALID` (byte offset and row), `DATA_PARSE_FAILED`, `DATA_RECORD_INVALID`
 * (`details.issues: [{ row, field, message }]`: empty facts, a label that is not 0/1, duplicate
 * IDs naming both rows), `DATA_EMPTY`.
 *
 * @example
 * const dataset = await loadDataset('fixtures/dacon-court/train-sample.csv');
 * if (dataset.kind === 'court') console.log(dataset.records.length, dataset.hasLabels); // 300 true
 */
export async function loadDataset(path: string, options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  const { logger, signal, ...rest } = options;
  const resolved = parseWithSchema(loadDatasetOptionsSchema, rest, "The options passed to 'loadDataset'");
  throwIfAborted(signal, path);
  const extension = extname(path).toLowerCase();
  if (!['.csv', '.json', '.jsonl'].includes(extension)) {
    throw new ToolkitError(
      'DATA_FORMAT_UNKNOWN',
      `Cannot read '${path}': expected a .csv (court data or instruction columns), .json or .jsonl (instruction records) file, but got '${extension || 'no extension'}'. Rename or convert the file.`,
      { details: { file: path, extension } },
    );
  }
  const content = await readDataFile(path);
  throwIfAborted(signal, path);
  const validation = { mode: resolved.mode, requireLabels: resolved.requireLabels };

  let dataset: LoadedDataset;
  if (extension === '.csv') {
    const table = readCsv(content);
    const isInstruction =
      resolved.format === 'instruction' || (resolved.format === 'auto' && table.header.includes('instruction') && !table.header.includes('facts'));
    if (table.rows.length === 0) throw emptyError(path);
    if (isInstruction) {
      checkColumns(path, table.header, ['instruction'], [...INSTRUCTION_FIELDS], 'instruction data');
      const { rows, issues } = csvRowsToObjects(table);
      const result = validateInstructionRows(path, rows, [...table.encodingIssues, ...issues], validation);
      dataset = { kind: 'instruction', file: path, ...result };
    } else {
      if (resolved.format === 'auto' && !COURT_COLUMNS.some((column) => table.header.includes(column))) {
        checkColumns(path, table.header, [...COURT_COLUMNS], [...COURT_COLUMNS, COURT_LABEL_COLUMN], 'the court data set or instruction data (instruction, input, output)');
      }
      dataset = { kind: 'court', file: path, ...validateCourtTable(path, table, validation) };
    }
  } else {
    if (resolved.format === 'court') {
      throw new ToolkitError('DATA_FORMAT_UNKNOWN', `Court data is read from CSV, but '${path}' is ${extension}. Pass the court CSV, or use format 'instruction'.`, {
        details: { file: path, extension },
      });
    }
    const { rows, issues } = extension === '.jsonl' ? readJsonLines(content) : readJsonArray(content);
    if (rows.length === 0) throw emptyError(path);
    const objects = rows.map((row) => row.value).filter((value) => typeof value === 'object' && value !== null);
    if (objects.length > 0 && !objects.some((value) => 'instruction' in value)) {
      checkColumns(path, Object.keys(objects[0] as object), ['instruction'], [...INSTRUCTION_FIELDS], 'instruction data');
    }
    dataset = { kind: 'instruction', file: path, ...validateInstructionRows(path, rows, issues, validation) };
  }
  if (dataset.rejected.length > 0) {
    logger?.warn('rows rejected', { file: path, rejected: dataset.rejected.length, kept: dataset.records.length });
  }
  logger?.debug('dataset loaded', { file: path, kind: dataset.kind, rows: dataset.records.length, hasLabels: dataset.hasLabels });
  return dataset;
}
