import { hostname } from 'node:os';
import { ToolkitError, isToolkitError, noopLogger, type Logger } from '@causal-tune/core';
import { Job, Queue, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { assembleJob } from './assemble-job.js';
import { DEFAULT_QUEUE_SETTINGS } from './job-backend.js';
import { chunkPayloadSchema, jobSpecSchema, type ChunkPayload } from './job-spec.js';
import type { PredictorProvider } from './predictor-provider.js';
import { ASSEMBLE_QUEUE, CHUNK_QUEUE, DEFAULT_REDIS_PREFIX, bullPrefix, chunkOfJobId } from './queue-names.js';
import { connectRedis } from './redis-connection.js';
import { RedisStateStore } from './redis-state-store.js';
import { runChunk, type ChunkOutcome } from './run-chunk.js';

/** Options of {@link startRedisWorker}. */
export interface RedisWorkerOptions {
  readonly url: string;
  readonly prefix?: string;
  readonly predictors: PredictorProvider;
  /** Chunks this process runs at once; default 1. */
  readonly concurrency?: number;
  /** How long a chunk's lock lasts without renewal: a dead worker's chunk goes back to the queue this long after it died (plus one stalled check). Default 30 000 ms. */
  readonly lockDurationMs?: number;
  /** How often this worker looks for chunks whose lock expired; default 30 000 ms. */
  readonly stalledIntervalMs?: number;
  /** How long finished jobs are kept (the final step's expiry); default 7 days. */
  readonly ttlSeconds?: number;
  /** How often a running chunk looks for a cancellation; default 200 ms. */
  readonly cancelPollMs?: number;
  /** This worker's name in the queue and in log lines; default host:pid. */
  readonly name?: string;
  readonly logger?: Logger;
}

/** A running worker. */
export interface RunningWorker {
  readonly name: string;
  /** Resolves once both queues' workers are connected. */
  ready(): Promise<void>;
  /**
   * Stops taking chunks and lets the running ones finish; at `deadlineMs` the ones still
   * running are released (put back on the queue for another worker, without using an attempt).
   * Resolves when nothing runs and the connections are closed.
   */
  close(deadlineMs?: number): Promise<void>;
}

/**
 * `ctune worker`'s engine: two BullMQ workers on one Redis, one for chunks (`concurrency`
 * at once) and one for final steps. A chunk runs {@link runChunk}: its rows are written once
 * whatever happens to the worker; a failed attempt is recorded in the job's errors and retried
 * with backoff; out of attempts, the job fails. A worker that dies loses its chunk's lock, and
 * the stalled check of any other worker puts the chunk back on the queue (recorded as
 * JOB_WORKER_LOST).
 */
export async function startRedisWorker(options: RedisWorkerOptions): Promise<RunningWorker> {
  const logger = options.logger ?? noopLogger;
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_QUEUE_SETTINGS.ttlSeconds;
  const state: Redis = connectRedis(options.url, 'worker', logger);
  const store = new RedisStateStore(state, prefix);
  const shutdown = new AbortController();
  const connection = () => connectRedis(options.url, 'worker', logger);
  const workerOptions = {
    prefix: bullPrefix(prefix),
    name,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    // A chunk may lose its worker twice (two machines going down) before it counts as failing.
    maxStalledCount: 2,
  };
  const chunkConnection = connection();
  const assembleConnection = connection();
  const chunkQueue = new Queue(CHUNK_QUEUE, { connection: state, prefix: bullPrefix(prefix) });
  const assembleQueue = new Queue(ASSEMBLE_QUEUE, { connection: state, prefix: bullPrefix(prefix) });
  for (const queue of [chunkQueue, assembleQueue]) queue.on('error', () => undefined);

  const chunks = new Worker<ChunkPayload, ChunkOutcome>(
    CHUNK_QUEUE,
    async (job, token) => {
      const payload = chunkPayloadSchema.parse(job.data);
      const outcome = await runChunk(payload, {
        store,
        predictors: options.predictors,
        logger,
        shutdown: shutdown.signal,
        worker: name,
        attempt: job.attemptsMade + 1,
        ...(options.cancelPollMs === undefined ? {} : { cancelPollMs: options.cancelPollMs }),
        onProgress: (completed, total) => {
          logger.debug('chunk-progress', { jobId: payload.jobId, chunk: payload.chunk, completed, total, worker: name });
          job.updateProgress({ completed, total }).catch(() => undefined);
        },
      });
      if (outcome.outcome === 'released') {
        // Back to the queue without using an attempt; BullMQ leaves a job alone after WaitingError.
        await job.moveToWait(token);
        throw new WaitingError();
      }
      return outcome;
    },
    { ...workerOptions, connection: chunkConnection, concurrency: Math.max(1, options.concurrency ?? 1) },
  );

  chunks.on('failed', (job, error) => {
    if (!job) return;
    void (async () => {
      const chunk = chunkOfJobId(job.id ?? '');
      if (!chunk) return;
      const code = isToolkitError(error) ? error.code : 'INTERNAL_ERROR';
      const attempts = job.opts.attempts ?? 1;
      await store.recordChunkError(chunk.jobId, { chunk: chunk.chunk, attempt: job.attemptsMade, code, message: error.message, at: Date.now(), worker: name });
      logger.warn('chunk-failed', { jobId: chunk.jobId, chunk: chunk.chunk, attempt: job.attemptsMade, attempts, code, message: error.message, worker: name });
      if (typeof job.finishedOn !== 'number') return; // it will be retried
      const failure = { code: 'JOB_CHUNK_FAILED', message: `Chunk ${chunk.chunk} failed ${job.attemptsMade} times; the last error: ${code}: ${error.message}`, details: { chunk: chunk.chunk, attempts: job.attemptsMade, cause: { code, message: error.message } } };
      await store.finish(chunk.jobId, { state: 'failed', failure }, ttlSeconds);
      const parent = await Job.fromId(assembleQueue, chunk.jobId);
      await parent?.removeUnprocessedChildren();
      logger.warn('job-failed', { jobId: chunk.jobId, chunk: chunk.chunk, code });
    })().catch((cause: unknown) => logger.error('chunk-failure-not-recorded', { jobId: job.id, message: (cause as Error)?.message }));
  });
  chunks.on('stalled', (jobId) => {
    const chunk = chunkOfJobId(jobId);
    if (!chunk) return;
    logger.warn('chunk-stalled', { jobId: chunk.jobId, chunk: chunk.chunk, worker: name });
    void (async () => {
      const job = await Job.fromId(chunkQueue, jobId);
      const attempt = Math.max(1, job?.attemptsStarted ?? 1);
      await store.recordChunkError(chunk.jobId, { chunk: chunk.chunk, attempt, code: 'JOB_WORKER_LOST', message: `The worker running chunk ${chunk.chunk} went away (its lock expired); the chunk was put back on the queue.`, at: Date.now(), worker: name });
    })().catch(() => undefined);
  });
  chunks.on('error', (error) => logger.warn('worker-error', { queue: CHUNK_QUEUE, message: error.message }));

  const assembler = new Worker(
    ASSEMBLE_QUEUE,
    async (job) => {
      const spec = jobSpecSchema.parse(job.data);
      return assembleJob(spec, store, { ttlSeconds, logger });
    },
    { ...workerOptions, connection: assembleConnection, concurrency: 1 },
  );
  assembler.on('error', (error) => logger.warn('worker-error', { queue: ASSEMBLE_QUEUE, message: error.message }));
  assembler.on('failed', (job, error) => {
    // A chunk out of attempts fails its parent ("child … failed"); the chunk's own handler records that, with the cause.
    if (!job || typeof job.finishedOn !== 'number' || /^child .+ failed$/.test(error.message)) return;
    const code = isToolkitError(error) ? error.code : 'INTERNAL_ERROR';
    store.finish(job.id ?? '', { state: 'failed', failure: { code, message: `The final step failed: ${error.message}` } }, ttlSeconds).catch(() => undefined);
  });

  let closing: Promise<void> | undefined;
  return {
    name,
    async ready() {
      await Promise.all([chunks.waitUntilReady(), assembler.waitUntilReady()]);
    },
    close(deadlineMs = 30_000) {
      closing ??= (async () => {
        logger.info('worker-stopping', { worker: name, deadlineMs });
        const timer = setTimeout(() => shutdown.abort(new ToolkitError('ABORTED', 'The worker is stopping.')), deadlineMs);
        await Promise.all([chunks.close(), assembler.close()]);
        clearTimeout(timer);
        await Promise.allSettled([chunkQueue.close(), assembleQueue.close()]);
        for (const client of [state, chunkConnection, assembleConnection]) client.disconnect();
        logger.info('worker-stopped', { worker: name });
      })();
      return closing;
    },
  };
}
