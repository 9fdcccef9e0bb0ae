import { randomUUID } from 'node:crypto';
import { ToolkitError } from '@causal-tune/core';
import type { JobBackend } from './job-backend.js';
import { isFinished, type JobOptions, type JobSpec } from './job-spec.js';
import { jobStatusOf, type JobStatus } from './job-status.js';
import { planChunks, type JobRecords } from './plan-chunks.js';
import { jsonLine } from './result-rows.js';

/** What a client submits: a model name, the records of a validated data file, and options. */
export interface JobSubmission {
  readonly model: string;
  /** The file's name as the client gave it (shown in the status; never a server path). */
  readonly file: string;
  readonly data: JobRecords;
  readonly options: JobOptions;
  /** Rows per chunk; default the service's. */
  readonly chunkSize?: number;
}

/** Options of {@link JobService}. */
export interface JobServiceOptions {
  /** Rows per chunk unless a submission says otherwise; default 64. */
  readonly chunkSize?: number;
  readonly now?: () => number;
}

const JOB_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The jobs of the API over either backend: submit (split into chunks, queued at once), status,
 * results in input order, and cancellation. Stateless itself: every answer comes from the
 * backend, so API replicas behind a load balancer agree.
 */
export class JobService {
  readonly backend: JobBackend;
  readonly #chunkSize: number;
  readonly #now: () => number;

  constructor(backend: JobBackend, options: JobServiceOptions = {}) {
    this.backend = backend;
    this.#chunkSize = options.chunkSize ?? 64;
    this.#now = options.now ?? Date.now;
  }

  /** Queues a job; resolves with its status (`queued`). */
  async submit(submission: JobSubmission): Promise<JobStatus> {
    const id = randomUUID();
    const chunkSize = submission.chunkSize ?? this.#chunkSize;
    const chunks = planChunks(submission.data, { jobId: id, model: submission.model, options: submission.options, chunkSize });
    const spec: JobSpec = { id, model: submission.model, kind: submission.data.kind, file: submission.file.slice(0, 300), rowsTotal: submission.data.records.length, chunkSize, chunkCount: chunks.length, options: submission.options, createdAt: this.#now() };
    await this.backend.enqueue(spec, chunks);
    return jobStatusOf(spec, { rowsDone: 0, chunksDone: 0 }, [], { now: this.#now() });
  }

  /** The status of a job, or JOB_NOT_FOUND. */
  async status(jobId: string): Promise<JobStatus> {
    const spec = await this.#spec(jobId);
    const [progress, errors] = await Promise.all([this.backend.store.progress(jobId), this.backend.store.chunkErrors(jobId)]);
    const queueFailure = progress.finished === undefined ? await this.backend.queueFailure(jobId) : undefined;
    return jobStatusOf(spec, progress, errors, { now: this.#now(), ...(queueFailure === undefined ? {} : { queueFailure }) });
  }

  /**
   * Cancels a queued or running job: marks it cancelled (after which no chunk result is written
   * and running chunks stop within a poll and a batch) and drops its chunks that have not started.
   *
   * @throws ToolkitError `JOB_NOT_FOUND`, or `JOB_ALREADY_FINISHED` for a completed, failed or cancelled job.
   */
  async cancel(jobId: string): Promise<JobStatus> {
    const before = await this.status(jobId);
    if (isFinished(before.state)) throw alreadyFinished(jobId, before.state);
    const state = await this.backend.store.finish(jobId, { state: 'cancelled' }, this.backend.settings.ttlSeconds);
    if (state !== 'cancelled') throw alreadyFinished(jobId, state);
    await this.backend.removeQueuedChunks(jobId);
    return this.status(jobId);
  }

  /** The submission CSV of a completed job (court: `ID,first_party_winner`), in input order. */
  async csv(jobId: string): Promise<string> {
    await this.#completed(jobId);
    const csv = await this.backend.store.csv(jobId);
    if (csv === undefined) throw new ToolkitError('JOB_NOT_FOUND', `The results of job ${jobId} have expired.`, { details: { id: jobId } });
    return csv;
  }

  /**
   * The rows of a completed job as JSON lines in input order, with the label-word
   * probabilities; chunk by chunk, so a large job never sits in memory whole. The first line
   * is read before anything is yielded, so a refusal comes before the answer starts.
   */
  async jsonLines(jobId: string): Promise<AsyncGenerator<string, void, undefined>> {
    const status = await this.#completed(jobId);
    const store = this.backend.store;
    const first = await store.chunkRows(jobId, 0);
    if (first === undefined) throw new ToolkitError('JOB_NOT_FOUND', `The results of job ${jobId} have expired.`, { details: { id: jobId } });
    return (async function* lines() {
      for (let chunk = 0; chunk < status.chunks.total; chunk += 1) {
        const rows = chunk === 0 ? first : await store.chunkRows(jobId, chunk);
        if (rows === undefined) throw new ToolkitError('JOB_NOT_FOUND', `The results of job ${jobId} expired while they were read.`, { details: { id: jobId, chunk } });
        yield rows.map(jsonLine).join('');
      }
    })();
  }

  /** Closes the backend. */
  close(): Promise<void> {
    return this.backend.close();
  }

  async #completed(jobId: string): Promise<JobStatus> {
    const status = await this.status(jobId);
    if (status.state !== 'completed') {
      throw new ToolkitError('JOB_NOT_COMPLETED', `Job ${jobId} is ${status.state}, not completed: its results exist once every chunk has run. Follow GET /v1/jobs/${jobId} or its /events.`, {
        details: { id: jobId, state: status.state, rowsDone: status.rowsDone, rowsTotal: status.rowsTotal },
      });
    }
    return status;
  }

  async #spec(jobId: string): Promise<JobSpec> {
    const spec = JOB_ID.test(jobId) ? await this.backend.spec(jobId) : undefined;
    if (!spec) throw new ToolkitError('JOB_NOT_FOUND', 'There is no job with that id: it was never submitted, or it finished more than its time to live ago.', { details: { id: jobId.slice(0, 100) } });
    return spec;
  }
}

function alreadyFinished(jobId: string, state: string): ToolkitError {
  return new ToolkitError('JOB_ALREADY_FINISHED', `Job ${jobId} is already ${state} and cannot be cancelled.`, { details: { id: jobId, state } });
}
