import { noopLogger, type Logger } from '@causal-tune/core';
import { FlowProducer, Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEFAULT_QUEUE_SETTINGS, type JobBackend, type JobQueueSettings } from './job-backend.js';
import { jobSpecSchema, type ChunkPayload, type JobSpec } from './job-spec.js';
import { ASSEMBLE_QUEUE, CHUNK_QUEUE, DEFAULT_REDIS_PREFIX, bullPrefix, chunkJobId } from './queue-names.js';
import { connectRedis, guardRedis } from './redis-connection.js';
import { RedisStateStore } from './redis-state-store.js';

/** Options of {@link RedisBackend}. */
export interface RedisBackendOptions {
  /** `redis://host:port/db` (CTUNE_REDIS_URL). */
  readonly url: string;
  /** Key prefix; API and workers must agree. Default `ctune`. */
  readonly prefix?: string;
  readonly settings?: Partial<JobQueueSettings>;
  readonly logger?: Logger;
}

/**
 * Jobs on BullMQ over Redis, for the API (the submitting side; `ctune worker` processes run
 * the chunks, see redis-worker.ts). A job is one BullMQ flow, added in one transaction: a
 * parent `assemble` queue job holding the spec, whose children are the chunks (each with the
 * job's retries and exponential backoff, failing the parent when out of attempts). BullMQ
 * runs the parent, the final step, once every child has completed.
 */
export class RedisBackend implements JobBackend {
  readonly mode = 'redis' as const;
  readonly store: RedisStateStore;
  readonly settings: JobQueueSettings;
  readonly #redis: Redis;
  readonly #flow: FlowProducer;
  readonly #assembleQueue: Queue;
  readonly #logger: Logger;

  constructor(options: RedisBackendOptions) {
    const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.#logger = options.logger ?? noopLogger;
    this.settings = { ...DEFAULT_QUEUE_SETTINGS, ...options.settings };
    this.#redis = connectRedis(options.url, 'client', this.#logger);
    this.store = new RedisStateStore(this.#redis, prefix, { failFast: true });
    this.#flow = new FlowProducer({ connection: this.#redis, prefix: bullPrefix(prefix) });
    this.#assembleQueue = new Queue(ASSEMBLE_QUEUE, { connection: this.#redis, prefix: bullPrefix(prefix) });
    // BullMQ re-emits connection errors on its classes; connectRedis already logs them.
    this.#flow.on('error', () => undefined);
    this.#assembleQueue.on('error', () => undefined);
  }

  async enqueue(spec: JobSpec, chunks: readonly ChunkPayload[]): Promise<void> {
    const { attempts, backoffMs, ttlSeconds } = this.settings;
    const keep = { age: ttlSeconds };
    await guardRedis('queueing the job', () =>
      this.#flow.add({
        name: 'assemble',
        queueName: ASSEMBLE_QUEUE,
        data: spec,
        opts: { jobId: spec.id, attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: keep, removeOnFail: keep },
        children: chunks.map((payload) => ({
          name: 'chunk',
          queueName: CHUNK_QUEUE,
          data: payload,
          opts: { jobId: chunkJobId(spec.id, payload.chunk), attempts, backoff: { type: 'exponential', delay: backoffMs }, failParentOnFailure: true, removeOnComplete: true, removeOnFail: keep },
        })),
      }),
      { connection: this.#redis },
    );
    this.#logger.info('job-queued', { jobId: spec.id, model: spec.model, rows: spec.rowsTotal, chunks: spec.chunkCount });
  }

  async spec(jobId: string): Promise<JobSpec | undefined> {
    const job = await guardRedis('reading the job', () => Job.fromId(this.#assembleQueue, jobId), { connection: this.#redis });
    if (!job) return undefined;
    const parsed = jobSpecSchema.safeParse(job.data);
    return parsed.success ? parsed.data : undefined;
  }

  async queueFailure(jobId: string): Promise<string | undefined> {
    const job = await guardRedis('reading the job', () => Job.fromId(this.#assembleQueue, jobId), { connection: this.#redis });
    if (!job) return undefined;
    const state = await guardRedis('reading the job', () => job.getState(), { connection: this.#redis });
    return state === 'failed' ? job.failedReason || 'A chunk failed on every attempt.' : undefined;
  }

  async removeQueuedChunks(jobId: string): Promise<void> {
    const job = await guardRedis('reading the job', () => Job.fromId(this.#assembleQueue, jobId), { connection: this.#redis });
    // Waiting and delayed chunks go; a chunk a worker holds stays until the worker sees the
    // cancellation, stops, and completes it without rows.
    if (job) await guardRedis('removing the queued chunks', () => job.removeUnprocessedChildren(), { connection: this.#redis });
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#flow.close(), this.#assembleQueue.close()]);
    this.#redis.disconnect();
  }
}
