import { ToolkitError, parseWithSchema, type Logger } from '@causal-tune/core';
import { jobOptionsSchema, resolveServedFile, type JobOptions, type JobService } from '@causal-tune/jobs';
import type { Request, RequestHandler, Router } from 'express';
import express from 'express';
import { readJobData } from './job-data.js';
import { JobEventStreams } from './job-events.js';
import { readJobUpload } from './job-upload.js';
import type { ModelRegistry } from './model-registry.js';
import { jobFormSchema, jobRequestSchema, jobResultsQuerySchema } from './request-schemas.js';

/** What the job routes are built from. */
export interface JobRoutesDependencies {
  readonly service: JobService;
  readonly registry: ModelRegistry;
  readonly logger: Logger;
  /** Where JSON `{ model, data }` names files (CTUNE_JOBS_DATA_DIR); unset, only uploads. */
  readonly dataDir?: string;
  /** Largest data file, uploaded or named (CTUNE_JOBS_MAX_FILE_SIZE). */
  readonly maxFileSizeBytes: number;
  /** How often an event stream reads the status; default 500 ms. */
  readonly eventsPollMs?: number;
}

interface JobFields {
  readonly model: string;
  readonly chunk_size?: number | undefined;
  readonly batch_size?: number | undefined;
  readonly calibrate?: boolean | undefined;
  readonly threshold?: number | undefined;
  readonly max_prompt_tokens?: number | undefined;
  readonly overflow?: 'truncate' | 'error' | undefined;
}

function optionsOf(fields: JobFields): JobOptions {
  return jobOptionsSchema.parse({
    ...(fields.batch_size === undefined ? {} : { batchSize: fields.batch_size }),
    ...(fields.calibrate === undefined ? {} : { calibrate: fields.calibrate }),
    ...(fields.threshold === undefined ? {} : { threshold: fields.threshold }),
    ...(fields.max_prompt_tokens === undefined ? {} : { maxPromptTokens: fields.max_prompt_tokens }),
    ...(fields.overflow === undefined ? {} : { overflow: fields.overflow }),
  });
}

const isMultipart = (request: Request) => request.is('multipart/form-data') === 'multipart/form-data';

/**
 * The /v1/jobs routes: POST (multipart upload or JSON naming a data file) → 202; GET status;
 * GET results (CSV, or JSONL with probabilities); DELETE cancels; GET events (server-sent).
 * Validation first, then the model, then the file, then the queue: a refused request queues nothing.
 */
export function jobRoutes(deps: JobRoutesDependencies): { readonly router: Router; readonly events: JobEventStreams } {
  const router = express.Router();
  const events = new JobEventStreams(deps.service, { logger: deps.logger, ...(deps.eventsPollMs === undefined ? {} : { pollMs: deps.eventsPollMs }) });

  const submit: RequestHandler = async (request, response) => {
    let fields: JobFields;
    let path: string;
    let fileName: string;
    let cleanup = async () => undefined as void;
    if (isMultipart(request)) {
      const upload = await readJobUpload(request, deps.maxFileSizeBytes);
      cleanup = upload.remove;
      try {
        fields = parseWithSchema(jobFormSchema, upload.fields, 'The job request');
      } catch (error) {
        await cleanup();
        throw error;
      }
      path = upload.path;
      fileName = upload.fileName;
    } else if (request.is('application/json')) {
      const body = parseWithSchema(jobRequestSchema, request.body, 'The job request');
      if (deps.dataDir === undefined) throw new ToolkitError('USAGE_INVALID', 'This server names no data directory (CTUNE_JOBS_DATA_DIR), so a job cannot name a file: upload it as multipart/form-data with the fields model and file.');
      const resolved = await resolveServedFile(deps.dataDir, body.data);
      if (resolved === undefined) throw new ToolkitError('DATA_FILE_NOT_FOUND', "There is no data file of that name in the server's data directory (names are plain relative paths; links must stay inside it).", { details: { data: body.data.slice(0, 200) } });
      fields = body;
      path = resolved;
      fileName = body.data;
    } else {
      throw new ToolkitError('API_UNSUPPORTED_MEDIA_TYPE', 'POST /v1/jobs takes multipart/form-data (fields model and file) or application/json ({ "model", "data" }).');
    }
    try {
      const model = await deps.registry.resolve(fields.model);
      const data = await readJobData(path, fileName, deps.maxFileSizeBytes);
      const status = await deps.service.submit({ model: model.name, file: fileName, data, options: optionsOf(fields), ...(fields.chunk_size === undefined ? {} : { chunkSize: fields.chunk_size }) });
      response.status(202).location(`/v1/jobs/${status.id}`).json({ id: status.id, state: status.state, rowsTotal: status.rowsTotal, chunks: status.chunks.total });
    } finally {
      await cleanup();
    }
  };

  router.post('/', submit);
  router.get('/:id', async (request, response) => void response.json(await deps.service.status(String(request.params.id))));
  router.delete('/:id', async (request, response) => void response.json(await deps.service.cancel(String(request.params.id))));
  router.get('/:id/events', events.handler());
  router.get('/:id/results', async (request, response) => {
    const { format } = parseWithSchema(jobResultsQuerySchema, { ...request.query }, 'The results query');
    const id = String(request.params.id);
    if (format === 'csv') {
      const csv = await deps.service.csv(id);
      response.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${id}.csv"`).send(csv);
      return;
    }
    const lines = await deps.service.jsonLines(id);
    response.status(200).type('application/x-ndjson; charset=utf-8');
    for await (const part of lines) {
      if (response.destroyed) return;
      if (!response.write(part)) {
        // Backpressure: wait for the client to read, or for it to go away.
        await new Promise<void>((resolve) => {
          const done = () => {
            response.off('drain', done);
            response.off('close', done);
            resolve();
          };
          response.once('drain', done);
          response.once('close', done);
        });
      }
    }
    response.end();
  });
  return { router, events };
}
