import { ToolkitError, noopLogger, type Logger } from '@causal-tune/core';
import type { FinishedState, JobSpec } from './job-spec.js';
import type { JobStateStore } from './job-state-store.js';
import { csvHeader, csvLines } from './result-rows.js';

/**
 * The final step of a job, once every chunk has run: reads the chunks' rows in chunk order,
 * checks that they cover rows 0 .. rowsTotal − 1 exactly once each, and finishes the job as
 * completed with the assembled CSV. A job that already finished (cancelled) is left as it is.
 * Running it twice (a retried final step) gives the same file: the first finish wins.
 *
 * @throws ToolkitError `INTERNAL_ASSERTION` when a chunk has no rows or the rows do not line up
 * (the queue retries the step; it never completes a job with a missing or doubled row).
 */
export async function assembleJob(spec: JobSpec, store: JobStateStore, options: { readonly ttlSeconds: number; readonly logger?: Logger }): Promise<FinishedState> {
  const logger = options.logger ?? noopLogger;
  const progress = await store.progress(spec.id);
  if (progress.finished !== undefined) return progress.finished;
  const started = performance.now();
  const parts: string[] = [csvHeader(spec.kind)];
  let expected = 0;
  for (let chunk = 0; chunk < spec.chunkCount; chunk += 1) {
    const rows = await store.chunkRows(spec.id, chunk);
    if (rows === undefined) {
      // Finished meanwhile (cancelled): nothing to assemble.
      const now = await store.progress(spec.id);
      if (now.finished !== undefined) return now.finished;
      throw new ToolkitError('INTERNAL_ASSERTION', `Job ${spec.id} has no rows for chunk ${chunk} of ${spec.chunkCount} at its final step.`, { details: { jobId: spec.id, chunk } });
    }
    for (const row of rows) {
      if (row.index !== expected) throw new ToolkitError('INTERNAL_ASSERTION', `Job ${spec.id}: chunk ${chunk} holds row ${row.index} where row ${expected} belongs.`, { details: { jobId: spec.id, chunk, index: row.index, expected } });
      expected += 1;
    }
    parts.push(csvLines(rows));
  }
  if (expected !== spec.rowsTotal) throw new ToolkitError('INTERNAL_ASSERTION', `Job ${spec.id} assembled ${expected} rows of ${spec.rowsTotal}.`, { details: { jobId: spec.id, rows: expected, rowsTotal: spec.rowsTotal } });
  const state = await store.finish(spec.id, { state: 'completed', csv: parts.join('') }, options.ttlSeconds);
  logger.info('job-assembled', { jobId: spec.id, rows: expected, chunks: spec.chunkCount, state, durationMs: Math.round(performance.now() - started) });
  return state;
}
