import { z } from 'zod';

/** What a job classifies: court records (ID, parties, facts) or Alpaca-style instruction records. */
export const jobKindSchema = z.enum(['court', 'instruction']);

/** The kind of a job's data. */
export type JobKind = z.output<typeof jobKindSchema>;

/** How each chunk is classified: the options of `ctune predict` that do not span chunks. */
export const jobOptionsSchema = z.strictObject({
  batchSize: z.number().int().min(1).max(256).default(8).describe('Prompts per graph run within a chunk (left-padded, length-sorted), as ctune predict --batch-size.'),
  calibrate: z.boolean().default(false).describe('Contextual calibration with content-free inputs (Zhao et al. 2021).'),
  threshold: z.number().min(0).max(1).default(0.5).describe('Decision threshold on p(first party wins), or on the positive label.'),
  maxPromptTokens: z.number().int().min(1).max(1_000_000).optional().describe("Most prompt tokens; default the run's cutoffLen."),
  overflow: z.enum(['truncate', 'error']).default('truncate').describe('Shorten the facts of a too-long prompt, or fail the chunk with INFER_SEQUENCE_TOO_LONG.'),
});

/** The validated classify options of a job. */
export type JobOptions = z.output<typeof jobOptionsSchema>;

/** A job as submitted: what, with which model, and how it is split. Never changes after submission. */
export const jobSpecSchema = z.strictObject({
  id: z.string().min(1).max(100),
  model: z.string().min(1).max(200).describe('The served run or model name.'),
  kind: jobKindSchema,
  file: z.string().max(300).describe("The data file's name as the client gave it (never a server path)."),
  rowsTotal: z.number().int().min(1),
  chunkSize: z.number().int().min(1),
  chunkCount: z.number().int().min(1),
  options: jobOptionsSchema,
  createdAt: z.number().int().describe('Date.now() at submission.'),
});

/** A submitted job. */
export type JobSpec = z.output<typeof jobSpecSchema>;

const courtRecordSchema = z.strictObject({
  row: z.number().int(),
  id: z.string(),
  firstParty: z.string(),
  secondParty: z.string(),
  facts: z.string(),
  firstPartyWinner: z.union([z.literal(0), z.literal(1)]).optional(),
});

const instructionRecordSchema = z.strictObject({
  row: z.number().int(),
  instruction: z.string(),
  input: z.string(),
  output: z.string().optional(),
});

/**
 * One chunk as it travels on the queue: everything a worker needs, so that it reads nothing
 * but this (the job's spec and options are copied into every chunk).
 */
export const chunkPayloadSchema = z.discriminatedUnion('kind', [
  z.strictObject({ jobId: z.string(), chunk: z.number().int().min(0), firstIndex: z.number().int().min(0), model: z.string(), options: jobOptionsSchema, kind: z.literal('court'), records: z.array(courtRecordSchema).min(1) }),
  z.strictObject({ jobId: z.string(), chunk: z.number().int().min(0), firstIndex: z.number().int().min(0), model: z.string(), options: jobOptionsSchema, kind: z.literal('instruction'), records: z.array(instructionRecordSchema).min(1) }),
]);

/** One chunk of a job: rows `firstIndex` .. `firstIndex + records.length - 1` of the file (0-based). */
export type ChunkPayload = z.output<typeof chunkPayloadSchema>;

/** The states of a job. `queued`: no chunk started; `running`: at least one did. */
export const JOB_STATES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;

/** One of {@link JOB_STATES}. */
export type JobState = (typeof JOB_STATES)[number];

/** The states a job never leaves. */
export type FinishedState = Extract<JobState, 'completed' | 'failed' | 'cancelled'>;

/** True for completed, failed and cancelled. */
export function isFinished(state: string | undefined): state is FinishedState {
  return state === 'completed' || state === 'failed' || state === 'cancelled';
}
