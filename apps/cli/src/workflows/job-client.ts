import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ToolkitError, type ErrorCode } from '@causal-tune/core';
import type { JobStatus } from '@causal-tune/jobs';

/** The options of a job as `ctune job submit` sends them (the API's snake_case form fields). */
export interface JobSubmitOptions {
  readonly chunkSize?: number;
  readonly batchSize?: number;
  readonly calibrate?: boolean;
  readonly threshold?: number;
  readonly maxPromptTokens?: number;
  readonly overflow?: 'truncate' | 'error';
}

/** 202 of POST /v1/jobs. */
export interface JobAccepted {
  readonly id: string;
  readonly state: 'queued';
  readonly rowsTotal: number;
  readonly chunks: number;
}

/**
 * A small client of the API's /v1/jobs (fetch, no dependency): submit a data file, read the
 * status, download the results, cancel. An error answer becomes a ToolkitError with the API's
 * code, message and details; a refused connection is API_UNREACHABLE.
 */
export class JobClient {
  readonly #base: string;
  readonly #headers: Record<string, string>;

  constructor(baseUrl: string, options: { readonly apiKey?: string } = {}) {
    this.#base = baseUrl.replace(/\/+$/, '');
    this.#headers = options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` };
  }

  async #fetch(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.#base}${path}`, { ...init, headers: { ...this.#headers, ...(init.headers as Record<string, string> | undefined) } });
    } catch (cause) {
      throw new ToolkitError('API_UNREACHABLE', `Cannot reach the API at ${this.#base}: ${((cause as Error).cause as Error | undefined)?.message ?? (cause as Error).message}. Start it (ctune serve) or pass --api URL.`, { details: { url: this.#base }, cause });
    }
    if (response.ok) return response;
    const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined;
    const error = body?.error;
    throw new ToolkitError((error?.code ?? 'INTERNAL_ASSERTION') as ErrorCode, error?.message ?? `The API answered ${response.status} without an error body.`, { details: { status: response.status, ...error?.details } });
  }

  /** Uploads `path` as a job for `model`. */
  async submit(path: string, model: string, options: JobSubmitOptions = {}): Promise<JobAccepted> {
    const form = new FormData();
    form.set('model', model);
    const fields: Record<string, unknown> = { chunk_size: options.chunkSize, batch_size: options.batchSize, calibrate: options.calibrate, threshold: options.threshold, max_prompt_tokens: options.maxPromptTokens, overflow: options.overflow };
    for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.set(name, String(value));
    form.set('file', new Blob([await readFile(path)]), basename(path));
    return (await (await this.#fetch('/v1/jobs', { method: 'POST', body: form })).json()) as JobAccepted;
  }

  async status(id: string): Promise<JobStatus> {
    return (await (await this.#fetch(`/v1/jobs/${encodeURIComponent(id)}`)).json()) as JobStatus;
  }

  async cancel(id: string): Promise<JobStatus> {
    return (await (await this.#fetch(`/v1/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' })).json()) as JobStatus;
  }

  /** The results of a completed job: the submission CSV, or JSON lines with the probabilities. */
  async results(id: string, format: 'csv' | 'jsonl' = 'csv'): Promise<string> {
    return (await this.#fetch(`/v1/jobs/${encodeURIComponent(id)}/results?format=${format}`)).text();
  }

  /**
   * Polls the status every `intervalMs` until the job finished; resolves with the final status.
   * An API that is briefly away (restarting behind a load balancer) is polled again, up to
   * `patienceMs` in a row.
   */
  async wait(id: string, options: { readonly intervalMs?: number; readonly patienceMs?: number; readonly signal?: AbortSignal; readonly onStatus?: (status: JobStatus) => void } = {}): Promise<JobStatus> {
    let awaySince: number | undefined;
    for (;;) {
      if (options.signal?.aborted) throw new ToolkitError('ABORTED', `Stopped waiting for job ${id}; it goes on: ctune job status ${id}.`, { details: { id } });
      try {
        const status = await this.status(id);
        awaySince = undefined;
        options.onStatus?.(status);
        if (status.state === 'completed' || status.state === 'failed' || status.state === 'cancelled') return status;
      } catch (error) {
        const away = (error as ToolkitError).code === 'API_UNREACHABLE' || (error as ToolkitError).code === 'API_SHUTTING_DOWN' || (error as ToolkitError).code === 'JOB_QUEUE_UNAVAILABLE';
        awaySince ??= Date.now();
        if (!away || Date.now() - awaySince > (options.patienceMs ?? 60_000)) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
    }
  }
}
