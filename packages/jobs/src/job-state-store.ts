import type { FinishedState } from './job-spec.js';
import type { ResultRow } from './result-rows.js';

/** One failed attempt at a chunk, as the job's status lists it. */
export interface ChunkError {
  readonly chunk: number;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly code: string;
  readonly message: string;
  /** Date.now() when it was recorded. */
  readonly at: number;
  /** The worker that reported it. */
  readonly worker?: string;
}

/** The error a failed job ends with. */
export interface JobFailure {
  readonly code: string;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

/** What changes while a job runs. */
export interface JobProgress {
  /** Set once the job finished; before that the job is queued or running. */
  readonly finished?: FinishedState;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  /** Rows whose results are written (each chunk counted once, however often it ran). */
  readonly rowsDone: number;
  readonly chunksDone: number;
  readonly failure?: JobFailure;
}

/** What writing a chunk's rows did. */
export type ChunkWrite = 'written' | 'exists' | FinishedState;

/** How a job ends. */
export type JobEnding = { readonly state: 'completed'; readonly csv: string } | { readonly state: 'failed'; readonly failure: JobFailure } | { readonly state: 'cancelled' };

/**
 * The mutable state of jobs, shared by the API, the final step and the workers. Redis holds it
 * for many machines (redis-state-store.ts), a Map for one process (memory-state-store.ts); both
 * give the same guarantees:
 * - a chunk's rows are written once: the first write wins, later ones (a retry after a crash)
 *   change nothing and are not counted again;
 * - a job finishes once: the first of completed, failed and cancelled wins, and nothing is
 *   written into a finished job.
 */
export interface JobStateStore {
  progress(jobId: string): Promise<JobProgress>;
  /** Records when the first chunk started (only the first call counts). */
  markStarted(jobId: string, at: number): Promise<void>;
  /** Writes a chunk's rows unless the chunk already has rows or the job finished. */
  writeChunk(jobId: string, chunk: number, rows: readonly ResultRow[]): Promise<ChunkWrite>;
  /** The rows of a chunk, or undefined when none were written. */
  chunkRows(jobId: string, chunk: number): Promise<ResultRow[] | undefined>;
  /** Appends a failed attempt (the newest {@link MAX_CHUNK_ERRORS} are kept). */
  recordChunkError(jobId: string, error: ChunkError): Promise<void>;
  chunkErrors(jobId: string): Promise<ChunkError[]>;
  /** Finishes the job unless it already finished; returns the state it is in afterwards. The job's keys expire `ttlSeconds` later. */
  finish(jobId: string, ending: JobEnding, ttlSeconds: number): Promise<FinishedState>;
  /** The assembled CSV of a completed job. */
  csv(jobId: string): Promise<string | undefined>;
}

/** Failed attempts kept per job. */
export const MAX_CHUNK_ERRORS = 200;
