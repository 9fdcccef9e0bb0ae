import type { RunOptions } from '@causal-tune/core';
import { loadDataset, prepareDataset, type InstructionRecord, type PreparedCourtRecord, type RejectedRecord } from '@causal-tune/data-prep';

/** Options of {@link loadRecords}. */
export interface LoadRecordsOptions extends RunOptions {
  /** Require labels (evaluation); default false (prediction). */
  readonly requireLabels?: boolean;
  /** Keep the good rows of a file with bad ones; the others are returned in `rejected`. */
  readonly lenient?: boolean;
}

/** Records ready to classify, from one data file. */
export type LoadedRecords =
  | { readonly kind: 'court'; readonly file: string; readonly records: readonly PreparedCourtRecord[]; readonly hasLabels: boolean; readonly rejected: readonly RejectedRecord[] }
  | { readonly kind: 'instruction'; readonly file: string; readonly records: readonly InstructionRecord[]; readonly hasLabels: boolean; readonly rejected: readonly RejectedRecord[] };

/**
 * Reads a data file for inference with data-prep: a court CSV (with or without
 * first_party_winner) is cleaned and party-matched as for training; Alpaca-style JSON/JSONL is
 * used as it is. Errors are data-prep's (`DATA_FILE_NOT_FOUND`, `DATA_RECORD_INVALID`, ...).
 */
export async function loadRecords(path: string, options: LoadRecordsOptions = {}): Promise<LoadedRecords> {
  const dataset = await loadDataset(path, {
    mode: options.lenient === true ? 'lenient' : 'strict',
    requireLabels: options.requireLabels ?? false,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  if (dataset.kind === 'instruction') return dataset;
  const records = await prepareDataset(dataset.records, options);
  return { kind: 'court', file: dataset.file, records, hasLabels: dataset.hasLabels, rejected: dataset.rejected };
}
