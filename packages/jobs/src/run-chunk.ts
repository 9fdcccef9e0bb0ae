import { ToolkitError, isToolkitError, noopLogger, type Logger } from '@causal-tune/core';
import { prepareDataset } from '@causal-tune/data-prep';
import type { ClassifyOptions } from '@causal-tune/inference';
import type { ChunkPayload, FinishedState } from './job-spec.js';
import type { JobStateStore } from './job-state-store.js';
import type { PredictorProvider } from './predictor-provider.js';
import { resultRowsOf } from './result-rows.js';

/** What one run of a chunk needs; the BullMQ worker and the in-process worker build it the same way. */
export interface ChunkContext {
  readonly store: JobStateStore;
  readonly predictors: PredictorProvider;
  readonly logger?: Logger;
  /** Aborted when the worker stops: the chunk is released (put back on the queue), not failed. */
  readonly shutdown?: AbortSignal;
  /** How often the job's state is read to notice a cancellation; default 200 ms. */
  readonly cancelPollMs?: number;
  /** Rows of this chunk classified so far (called at most every 100 ms). */
  readonly onProgress?: (completed: number, total: number) => void;
  /** The worker's name, for log lines. */
  readonly worker?: string;
  /** 1 for the first attempt; for log lines. */
  readonly attempt?: number;
}

/** How a chunk run ended. `released`: the worker is stopping and gives the chunk back. */
export type ChunkOutcome =
  | { readonly outcome: 'written' | 'exists'; readonly rows: number; readonly durationMs: number }
  | { readonly outcome: 'skipped'; readonly state: FinishedState }
  | { readonly outcome: 'released' };

/** The classify options of a chunk: those of `ctune predict` for the same flags. */
export function classifyOptionsOf(payload: ChunkPayload): ClassifyOptions {
  const { batchSize, calibrate, threshold, maxPromptTokens, overflow } = payload.options;
  return { batchSize, calibrate, threshold, overflow, ...(maxPromptTokens === undefined ? {} : { maxPromptTokens }) };
}

/** Aborts `controller` once the job has finished (cancelled, or failed by another chunk). */
function watchJob(store: JobStateStore, jobId: string, controller: AbortController, everyMs: number, logger: Logger): () => void {
  let reading = false;
  const timer = setInterval(() => {
    if (reading) return;
    reading = true;
    store.progress(jobId).then(
      (progress) => {
        reading = false;
        if (progress.finished !== undefined) controller.abort(new ToolkitError('ABORTED', `Job ${jobId} is ${progress.finished}.`, { details: { state: progress.finished } }));
      },
      (error: unknown) => {
        reading = false;
        // Redis away for a moment: the chunk goes on, and the result write will wait for it.
        logger.debug('chunk-watch-failed', { jobId, message: (error as Error)?.message });
      },
    );
  }, everyMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

/**
 * Runs one chunk: unless its job has finished (cancelled), prepares its court records as
 * `ctune predict` does (cleaning, party matching; per record, so chunking changes nothing),
 * classifies them with the job's options and writes the rows once ({@link JobStateStore.writeChunk}).
 * A cancellation seen while classifying stops the work within `cancelPollMs` and one batch, and
 * writes nothing. A worker shutdown releases the chunk. Any other error is thrown, for the
 * queue to retry.
 */
export async function runChunk(payload: ChunkPayload, context: ChunkContext): Promise<ChunkOutcome> {
  const logger = context.logger ?? noopLogger;
  const fields = { jobId: payload.jobId, chunk: payload.chunk, rows: payload.records.length, ...(context.worker === undefined ? {} : { worker: context.worker }), ...(context.attempt === undefined ? {} : { attempt: context.attempt }) };
  const before = await context.store.progress(payload.jobId);
  if (before.finished !== undefined) {
    logger.info('chunk-skipped', { ...fields, state: before.finished });
    return { outcome: 'skipped', state: before.finished };
  }
  if (context.shutdown?.aborted === true) return { outcome: 'released' };
  const started = performance.now();
  await context.store.markStarted(payload.jobId, Date.now());
  logger.info('chunk-start', fields);
  const controller = new AbortController();
  const onShutdown = () => controller.abort(new ToolkitError('ABORTED', 'The worker is stopping.', { details: { reason: 'shutdown' } }));
  context.shutdown?.addEventListener('abort', onShutdown, { once: true });
  const stopWatching = watchJob(context.store, payload.jobId, controller, context.cancelPollMs ?? 200, logger);
  const lease = await context.predictors.acquire(payload.model).catch((error: unknown) => {
    stopWatching();
    context.shutdown?.removeEventListener('abort', onShutdown);
    throw error;
  });
  try {
    const records = payload.kind === 'court' ? await prepareDataset(payload.records, { signal: controller.signal }) : payload.records;
    let lastReport = 0;
    const result = await lease.predictor.classify(records, {
      ...classifyOptionsOf(payload),
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type !== 'task-progress' || !context.onProgress) return;
        const now = performance.now();
        if (now - lastReport < 100 && event.completed < (event.total ?? Infinity)) return;
        lastReport = now;
        context.onProgress(event.completed, records.length);
      },
    });
    const write = await context.store.writeChunk(payload.jobId, payload.chunk, resultRowsOf(payload, result));
    const durationMs = performance.now() - started;
    if (write !== 'written' && write !== 'exists') {
      logger.info('chunk-skipped', { ...fields, state: write, durationMs });
      return { outcome: 'skipped', state: write };
    }
    logger.info('chunk-end', { ...fields, outcome: write, durationMs: Math.round(durationMs) });
    return { outcome: write, rows: records.length, durationMs };
  } catch (error) {
    if (controller.signal.aborted) {
      const reason = controller.signal.reason as ToolkitError | undefined;
      if (isToolkitError(reason) && reason.details?.reason === 'shutdown') {
        logger.info('chunk-released', fields);
        return { outcome: 'released' };
      }
      const state = (reason?.details?.state as FinishedState | undefined) ?? 'cancelled';
      logger.info('chunk-stopped', { ...fields, state, durationMs: Math.round(performance.now() - started) });
      return { outcome: 'skipped', state };
    }
    throw error;
  } finally {
    stopWatching();
    context.shutdown?.removeEventListener('abort', onShutdown);
    lease.release();
  }
}
