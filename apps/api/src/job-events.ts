import { isToolkitError, type Logger } from '@causal-tune/core';
import { isFinished, type JobService, type JobStatus } from '@causal-tune/jobs';
import type { RequestHandler, Response } from 'express';
import { HTTP_STATUS, errorBody } from './http-errors.js';

/**
 * GET /v1/jobs/{id}/events: server-sent events of a job's progress. The job is looked up first
 * (an unknown id is a 404 like the other routes); then a `progress` event carries the status,
 * again whenever it changes (read every `pollMs`), and a `done` event the final status, after
 * which the stream ends. A client that goes away stops the polling at once. The connection
 * follows HTTP's rules (no forced keep-alive, as /v1/generate). Shutdown ends every open stream
 * at the start of the drain ({@link JobEventStreams.closeAll}); clients reconnect, as
 * EventSource does, to another replica or the restarted server.
 */
export class JobEventStreams {
  readonly #open = new Set<Response>();
  readonly #service: JobService;
  readonly #pollMs: number;
  readonly #logger: Logger;

  constructor(service: JobService, options: { readonly pollMs?: number; readonly logger: Logger }) {
    this.#service = service;
    this.#pollMs = options.pollMs ?? 500;
    this.#logger = options.logger;
  }

  /** Streams open now. */
  get size(): number {
    return this.#open.size;
  }

  /** Ends every open stream (shutdown). */
  closeAll(): void {
    for (const response of this.#open) response.end();
    this.#open.clear();
  }

  handler(): RequestHandler {
    return async (request, response) => {
      const id = String(request.params.id);
      let status: JobStatus = await this.#service.status(id);
      response.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
      response.flushHeaders();
      this.#open.add(response);
      let gone = false;
      response.on('close', () => {
        gone = true;
        this.#open.delete(response);
      });
      const send = (event: string, data: unknown) => {
        if (!gone) response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      // Rows per second and the ETA change with the clock; a new event is sent when the work moved.
      const signature = (current: JobStatus) => `${current.state}|${current.rowsDone}|${current.errors.length}`;
      send('progress', status);
      let last = signature(status);
      while (!gone && !isFinished(status.state)) {
        await new Promise((resolve) => setTimeout(resolve, this.#pollMs));
        if (gone) break;
        try {
          status = await this.#service.status(id);
        } catch (error) {
          const code = isToolkitError(error) ? error.code : 'INTERNAL_ERROR';
          this.#logger.warn('job-events-failed', { jobId: id, code });
          send('error', isToolkitError(error) && (HTTP_STATUS[error.code] ?? 500) < 500 ? errorBody(error.code, error.message, error.details) : errorBody(code, isToolkitError(error) && error.code === 'JOB_QUEUE_UNAVAILABLE' ? error.message : 'The job status could not be read; it was logged.'));
          break;
        }
        if (signature(status) !== last) {
          last = signature(status);
          if (!isFinished(status.state)) send('progress', status);
        }
      }
      if (isFinished(status.state)) send('done', status);
      this.#open.delete(response);
      if (!gone) response.end();
    };
  }
}
