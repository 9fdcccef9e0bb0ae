import type { FinishedState } from './job-spec.js';
import { MAX_CHUNK_ERRORS, type ChunkError, type ChunkWrite, type JobEnding, type JobFailure, type JobProgress, type JobStateStore } from './job-state-store.js';
import type { ResultRow } from './result-rows.js';

interface Entry {
  finished?: FinishedState;
  startedAt?: number;
  finishedAt?: number;
  failure?: JobFailure;
  rowsDone: number;
  readonly chunks: Map<number, readonly ResultRow[]>;
  readonly errors: ChunkError[];
  csv?: string;
  expiresAt?: number;
}

/**
 * {@link JobStateStore} in one process's memory, for the API's in-process worker. A finished
 * job is forgotten `ttlSeconds` after it finished ({@link prune} runs on every call).
 */
export class MemoryStateStore implements JobStateStore {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;

  constructor(options: { readonly now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  #entry(jobId: string): Entry {
    this.prune();
    let entry = this.#entries.get(jobId);
    if (!entry) {
      entry = { rowsDone: 0, chunks: new Map(), errors: [] };
      this.#entries.set(jobId, entry);
    }
    return entry;
  }

  /** Forgets the jobs whose time to live is over; returns their ids. */
  prune(): string[] {
    const now = this.#now();
    const expired = [...this.#entries].filter(([, entry]) => entry.expiresAt !== undefined && entry.expiresAt <= now).map(([id]) => id);
    for (const id of expired) this.#entries.delete(id);
    return expired;
  }

  /** Forgets a job now (a submission that could not be queued). */
  forget(jobId: string): void {
    this.#entries.delete(jobId);
  }

  async progress(jobId: string): Promise<JobProgress> {
    const entry = this.#entry(jobId);
    return {
      rowsDone: entry.rowsDone,
      chunksDone: entry.chunks.size,
      ...(entry.finished === undefined ? {} : { finished: entry.finished }),
      ...(entry.startedAt === undefined ? {} : { startedAt: entry.startedAt }),
      ...(entry.finishedAt === undefined ? {} : { finishedAt: entry.finishedAt }),
      ...(entry.failure === undefined ? {} : { failure: entry.failure }),
    };
  }

  async markStarted(jobId: string, at: number): Promise<void> {
    const entry = this.#entry(jobId);
    entry.startedAt ??= at;
  }

  async writeChunk(jobId: string, chunk: number, rows: readonly ResultRow[]): Promise<ChunkWrite> {
    const entry = this.#entry(jobId);
    if (entry.finished !== undefined) return entry.finished;
    if (entry.chunks.has(chunk)) return 'exists';
    entry.chunks.set(chunk, structuredClone(rows));
    entry.rowsDone += rows.length;
    return 'written';
  }

  async chunkRows(jobId: string, chunk: number): Promise<ResultRow[] | undefined> {
    const rows = this.#entry(jobId).chunks.get(chunk);
    return rows === undefined ? undefined : structuredClone([...rows]);
  }

  async recordChunkError(jobId: string, error: ChunkError): Promise<void> {
    const errors = this.#entry(jobId).errors;
    errors.push(error);
    if (errors.length > MAX_CHUNK_ERRORS) errors.splice(0, errors.length - MAX_CHUNK_ERRORS);
  }

  async chunkErrors(jobId: string): Promise<ChunkError[]> {
    return [...this.#entry(jobId).errors];
  }

  async finish(jobId: string, ending: JobEnding, ttlSeconds: number): Promise<FinishedState> {
    const entry = this.#entry(jobId);
    if (entry.finished !== undefined) return entry.finished;
    const now = this.#now();
    entry.finished = ending.state;
    entry.finishedAt = now;
    entry.expiresAt = now + ttlSeconds * 1000;
    if (ending.state === 'completed') entry.csv = ending.csv;
    if (ending.state === 'failed') entry.failure = ending.failure;
    return ending.state;
  }

  async csv(jobId: string): Promise<string | undefined> {
    return this.#entry(jobId).csv;
  }
}
