import { stat } from 'node:fs/promises';
import { ToolkitError, isToolkitError } from '@causal-tune/core';
import { loadDataset } from '@causal-tune/data-prep';
import type { JobRecords } from '@causal-tune/jobs';

/** Replaces every occurrence of a server path in text and (JSON) details by the client's name for the file. */
function renamed(error: ToolkitError, path: string, name: string): ToolkitError {
  const replace = (text: string) => text.split(path).join(name);
  const details = error.details === undefined ? undefined : (JSON.parse(replace(JSON.stringify(error.details))) as Record<string, unknown>);
  return new ToolkitError(error.code, replace(error.message), { ...(details === undefined ? {} : { details }), cause: error });
}

/**
 * Reads and validates a job's data file at submission, with data-prep's readers (the ones
 * `ctune predict` uses): a court CSV or Alpaca-style JSON/JSONL, strict (every bad row is
 * reported at once, and nothing is queued). Errors name the file as the client knows it, never
 * the server's path. Court records are prepared (cleaned, party-matched) by the workers, chunk by chunk.
 */
export async function readJobData(path: string, name: string, maxFileSizeBytes: number): Promise<JobRecords> {
  const size = (await stat(path)).size;
  if (size > maxFileSizeBytes) throw new ToolkitError('API_PAYLOAD_TOO_LARGE', `The data file ${name} has ${size} bytes, more than this server's limit of ${maxFileSizeBytes} (CTUNE_JOBS_MAX_FILE_SIZE). Split it into several jobs.`, { details: { sizeBytes: size, limitBytes: maxFileSizeBytes } });
  try {
    const dataset = await loadDataset(path, { mode: 'strict', requireLabels: false });
    return dataset.kind === 'court' ? { kind: 'court', records: dataset.records } : { kind: 'instruction', records: dataset.records };
  } catch (error) {
    throw isToolkitError(error) ? renamed(error, path, name) : error;
  }
}
