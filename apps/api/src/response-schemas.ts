import { JOB_STATES } from '@causal-tune/jobs';
import { z } from 'zod';

/** 202 of POST /v1/jobs (documentation: the OpenAPI document is generated from it). */
export const jobAcceptedSchema = z.object({
  id: z.string().describe('The job id: GET /v1/jobs/{id}.'),
  state: z.literal('queued'),
  rowsTotal: z.number().int(),
  chunks: z.number().int().describe('Chunks (queue jobs) the file was split into.'),
});

const chunkErrorSchema = z.object({ chunk: z.number().int(), attempt: z.number().int(), code: z.string(), message: z.string(), at: z.string().describe('ISO time') });

/** GET /v1/jobs/{id} (and DELETE, and the data of each server-sent event). */
export const jobStatusSchema = z.object({
  id: z.string(),
  state: z.enum(JOB_STATES),
  model: z.string(),
  kind: z.enum(['court', 'instruction']),
  file: z.string().describe("The file's name as submitted."),
  rowsDone: z.number().int(),
  rowsTotal: z.number().int(),
  chunks: z.object({ total: z.number().int(), done: z.number().int(), size: z.number().int() }),
  rowsPerSecond: z.number().nullable().describe('Rows written per second since the first chunk started.'),
  etaSeconds: z.number().nullable().describe('Seconds to the last row at that rate; 0 once finished.'),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  errors: z.array(chunkErrorSchema).describe('Failed attempts per chunk, a lost worker (JOB_WORKER_LOST) included; the newest 200.'),
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).optional().describe('Why the job failed.'),
});
