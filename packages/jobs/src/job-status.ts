import type { JobSpec, JobState } from './job-spec.js';
import type { ChunkError, JobFailure, JobProgress } from './job-state-store.js';

/** GET /v1/jobs/{id}: where a job stands. */
export interface JobStatus {
  readonly id: string;
  readonly state: JobState;
  readonly model: string;
  readonly kind: JobSpec['kind'];
  readonly file: string;
  readonly rowsDone: number;
  readonly rowsTotal: number;
  readonly chunks: { readonly total: number; readonly done: number; readonly size: number };
  /** Rows written per second since the first chunk started; null before any row. */
  readonly rowsPerSecond: number | null;
  /** Seconds to the last row at that rate; null while queued or when unknown, 0 once finished. */
  readonly etaSeconds: number | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Failed attempts, per chunk (the newest 200): a retried chunk shows its earlier errors here. */
  readonly errors: readonly { readonly chunk: number; readonly attempt: number; readonly code: string; readonly message: string; readonly at: string }[];
  /** Why the job failed, when it did. */
  readonly error?: JobFailure;
}

const iso = (time: number | undefined) => (time === undefined ? null : new Date(time).toISOString());

/** The status of a job from its spec, its progress and its chunk errors. */
export function jobStatusOf(spec: JobSpec, progress: JobProgress, errors: readonly ChunkError[], options: { readonly now: number; readonly queueFailure?: string }): JobStatus {
  let state: JobState = progress.finished ?? (progress.startedAt === undefined ? 'queued' : 'running');
  let failure = progress.failure;
  if (progress.finished === undefined && options.queueFailure !== undefined) {
    // The queue failed the job (a chunk out of attempts) before a worker could record it.
    state = 'failed';
    failure = { code: 'JOB_CHUNK_FAILED', message: options.queueFailure };
  }
  const finished = state === 'completed' || state === 'failed' || state === 'cancelled';
  const elapsedMs = progress.startedAt === undefined ? 0 : (progress.finishedAt ?? options.now) - progress.startedAt;
  const rowsPerSecond = progress.rowsDone > 0 && elapsedMs > 0 ? (progress.rowsDone / elapsedMs) * 1000 : null;
  const etaSeconds = finished ? 0 : rowsPerSecond === null ? null : (spec.rowsTotal - progress.rowsDone) / rowsPerSecond;
  return {
    id: spec.id,
    state,
    model: spec.model,
    kind: spec.kind,
    file: spec.file,
    rowsDone: progress.rowsDone,
    rowsTotal: spec.rowsTotal,
    chunks: { total: spec.chunkCount, done: progress.chunksDone, size: spec.chunkSize },
    rowsPerSecond: rowsPerSecond === null ? null : Math.round(rowsPerSecond * 100) / 100,
    etaSeconds: etaSeconds === null ? null : Math.round(etaSeconds * 10) / 10,
    createdAt: new Date(spec.createdAt).toISOString(),
    startedAt: iso(progress.startedAt),
    finishedAt: iso(progress.finishedAt),
    errors: errors.map((error) => ({ chunk: error.chunk, attempt: error.attempt, code: error.code, message: error.message, at: new Date(error.at).toISOString() })),
    ...(failure === undefined ? {} : { error: failure }),
  };
}
