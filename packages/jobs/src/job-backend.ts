import type { ChunkPayload, JobSpec } from './job-spec.js';
import type { JobStateStore } from './job-state-store.js';

/** Retries of a chunk and how long the results stay. */
export interface JobQueueSettings {
  /** Runs of a chunk before the job fails (1 = no retry); default 3. */
  readonly attempts: number;
  /** The first retry's delay; each further one doubles it. Default 1000 ms. */
  readonly backoffMs: number;
  /** How long a finished job (status and results) is kept; default 7 days. */
  readonly ttlSeconds: number;
}

/** Defaults of {@link JobQueueSettings}. */
export const DEFAULT_QUEUE_SETTINGS: JobQueueSettings = { attempts: 3, backoffMs: 1000, ttlSeconds: 7 * 24 * 3600 };

/**
 * Where jobs are queued: BullMQ on Redis (redis-backend.ts) or this process (in-process-backend.ts).
 * The job code (splitting, running a chunk, the final step, the status) is the same for both.
 */
export interface JobBackend {
  readonly mode: 'redis' | 'in-process';
  readonly store: JobStateStore;
  readonly settings: JobQueueSettings;
  /** Queues a job and all its chunks at once: either all are queued or none is. */
  enqueue(spec: JobSpec, chunks: readonly ChunkPayload[]): Promise<void>;
  /** The spec of a submitted job, or undefined when there is none (or it expired). */
  spec(jobId: string): Promise<JobSpec | undefined>;
  /** Why the queue itself failed the job (a chunk out of attempts), when it did. */
  queueFailure(jobId: string): Promise<string | undefined>;
  /** Drops the chunks of a (cancelled) job that no worker has started. */
  removeQueuedChunks(jobId: string): Promise<void>;
  /** Stops: no new chunk starts; resolves when the backend's own work and connections are done. */
  close(): Promise<void>;
}
