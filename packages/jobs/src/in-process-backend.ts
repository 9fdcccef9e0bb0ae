import { isToolkitError, noopLogger, type Logger } from '@causal-tune/core';
import { assembleJob } from './assemble-job.js';
import { DEFAULT_QUEUE_SETTINGS, type JobBackend, type JobQueueSettings } from './job-backend.js';
import type { ChunkPayload, JobSpec } from './job-spec.js';
import { MemoryStateStore } from './memory-state-store.js';
import type { PredictorProvider } from './predictor-provider.js';
import { runChunk } from './run-chunk.js';

/** Options of {@link InProcessBackend}. */
export interface InProcessBackendOptions {
  readonly predictors: PredictorProvider;
  /** Chunks run at once; default 1 (a predictor already uses every core). */
  readonly concurrency?: number;
  readonly settings?: Partial<JobQueueSettings>;
  readonly logger?: Logger;
  /** How often a running chunk looks for a cancellation; default 200 ms. */
  readonly cancelPollMs?: number;
}

interface Task {
  readonly payload: ChunkPayload;
  /** 1 for the first run. */
  attempt: number;
  /** Date.now() before which it does not start (backoff). */
  notBefore: number;
}

/**
 * Jobs in this process, for a single machine without Redis: the same chunks, retries with
 * exponential backoff, cancellation and final step as the BullMQ workers, run by an
 * in-process worker with `concurrency` slots. State lives in memory: a restart forgets jobs.
 */
export class InProcessBackend implements JobBackend {
  readonly mode = 'in-process' as const;
  readonly store = new MemoryStateStore();
  readonly settings: JobQueueSettings;
  readonly #options: InProcessBackendOptions;
  readonly #logger: Logger;
  readonly #specs = new Map<string, JobSpec>();
  readonly #settled = new Map<string, number>();
  #waiting: Task[] = [];
  readonly #active = new Set<Promise<void>>();
  readonly #shutdown = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: InProcessBackendOptions) {
    this.#options = options;
    this.#logger = options.logger ?? noopLogger;
    this.settings = { ...DEFAULT_QUEUE_SETTINGS, ...options.settings };
  }

  /** Chunks waiting and running (tests). */
  get pending(): { readonly waiting: number; readonly active: number } {
    return { waiting: this.#waiting.length, active: this.#active.size };
  }

  async enqueue(spec: JobSpec, chunks: readonly ChunkPayload[]): Promise<void> {
    this.#forgetExpired();
    this.#specs.set(spec.id, spec);
    this.#settled.set(spec.id, 0);
    this.#waiting.push(...chunks.map((payload) => ({ payload, attempt: 1, notBefore: 0 })));
    this.#pump();
  }

  async spec(jobId: string): Promise<JobSpec | undefined> {
    this.#forgetExpired();
    return this.#specs.get(jobId);
  }

  async queueFailure(): Promise<string | undefined> {
    return undefined;
  }

  async removeQueuedChunks(jobId: string): Promise<void> {
    const removed = this.#waiting.filter((task) => task.payload.jobId === jobId).length;
    this.#waiting = this.#waiting.filter((task) => task.payload.jobId !== jobId);
    this.#settled.set(jobId, (this.#settled.get(jobId) ?? 0) + removed);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#shutdown.abort();
    await Promise.allSettled([...this.#active]);
  }

  #forgetExpired(): void {
    for (const id of this.store.prune()) {
      this.#specs.delete(id);
      this.#settled.delete(id);
    }
  }

  #pump(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    const concurrency = Math.max(1, this.#options.concurrency ?? 1);
    const now = Date.now();
    while (this.#active.size < concurrency) {
      const index = this.#waiting.findIndex((task) => task.notBefore <= now);
      if (index === -1) break;
      const [task] = this.#waiting.splice(index, 1);
      const running = this.#run(task!).finally(() => {
        this.#active.delete(running);
        this.#pump();
      });
      this.#active.add(running);
    }
    const next = Math.min(...this.#waiting.map((task) => task.notBefore));
    if (this.#waiting.length > 0 && this.#active.size < concurrency && Number.isFinite(next)) {
      this.#timer = setTimeout(() => this.#pump(), Math.max(5, next - Date.now()));
      this.#timer.unref();
    }
  }

  async #run(task: Task): Promise<void> {
    const { payload } = task;
    try {
      const outcome = await runChunk(payload, {
        store: this.store,
        predictors: this.#options.predictors,
        logger: this.#logger,
        shutdown: this.#shutdown.signal,
        attempt: task.attempt,
        worker: 'in-process',
        ...(this.#options.cancelPollMs === undefined ? {} : { cancelPollMs: this.#options.cancelPollMs }),
      });
      if (outcome.outcome === 'released') return; // the process is stopping: in-process jobs end with it
      await this.#settle(payload.jobId);
    } catch (error) {
      if (this.#closed) return;
      const code = isToolkitError(error) ? error.code : 'INTERNAL_ERROR';
      const message = (error as Error)?.message ?? String(error);
      await this.store.recordChunkError(payload.jobId, { chunk: payload.chunk, attempt: task.attempt, code, message, at: Date.now(), worker: 'in-process' });
      this.#logger.warn('chunk-failed', { jobId: payload.jobId, chunk: payload.chunk, attempt: task.attempt, code, message });
      if (task.attempt < this.settings.attempts) {
        task.notBefore = Date.now() + this.settings.backoffMs * 2 ** (task.attempt - 1);
        task.attempt += 1;
        this.#waiting.push(task);
        return;
      }
      await this.store.finish(
        payload.jobId,
        { state: 'failed', failure: { code: 'JOB_CHUNK_FAILED', message: `Chunk ${payload.chunk} failed ${task.attempt} times; the last error: ${code}: ${message}`, details: { chunk: payload.chunk, attempts: task.attempt, cause: { code, message } } } },
        this.settings.ttlSeconds,
      );
      await this.removeQueuedChunks(payload.jobId);
      await this.#settle(payload.jobId);
    }
  }

  // Counts a chunk as done (run, skipped or failed for good); after the last one, the final step.
  async #settle(jobId: string): Promise<void> {
    const settled = (this.#settled.get(jobId) ?? 0) + 1;
    this.#settled.set(jobId, settled);
    const spec = this.#specs.get(jobId);
    if (!spec || settled < spec.chunkCount) return;
    try {
      await assembleJob(spec, this.store, { ttlSeconds: this.settings.ttlSeconds, logger: this.#logger });
    } catch (error) {
      const code = isToolkitError(error) ? error.code : 'INTERNAL_ERROR';
      await this.store.finish(jobId, { state: 'failed', failure: { code, message: (error as Error)?.message ?? String(error) } }, this.settings.ttlSeconds);
    }
  }
}
