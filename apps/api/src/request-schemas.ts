import { z } from 'zod';

/** Text without lone surrogates or NUL characters (bad unicode is refused, not passed to the model). */
// A lone surrogate is a high surrogate not followed by a low one, or a low one not after a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const wellFormed = (value: string) => !LONE_SURROGATE.test(value) && !value.includes('\u0000');
const WELL_FORMED = { message: 'must be well-formed Unicode text (no lone surrogates, no NUL)' };
const text = (max: number) => z.string().min(1).max(max).refine(wellFormed, WELL_FORMED);

/** One court record to classify (the competition's columns). */
export const courtItemSchema = z.strictObject({
  id: z.string().max(200).refine(wellFormed, WELL_FORMED).optional(),
  first_party: text(2000),
  second_party: text(2000),
  facts: text(50_000),
});

/** One ready prompt to classify. */
export const promptItemSchema = z.strictObject({ prompt: text(50_000) });

/** POST /v1/predict. */
export const predictRequestSchema = z.strictObject({
  model: text(200).describe('A run or model directory name under the served directory.'),
  items: z.array(z.union([courtItemSchema, promptItemSchema])).min(1).max(256),
  calibrate: z.boolean().optional(),
  threshold: z.number().min(0).max(1).optional(),
});

/** POST /v1/generate. */
export const generateRequestSchema = z.strictObject({
  model: text(200),
  instruction: text(20_000),
  input: z.string().max(50_000).refine(wellFormed, WELL_FORMED).optional(),
  preset: z.enum(['greedy', 'alpaca']).optional(),
  max_new_tokens: z.number().int().min(1).max(512).optional(),
  temperature: z.number().min(0).max(5).optional(),
  top_p: z.number().gt(0).max(1).optional(),
  top_k: z.number().int().min(0).max(10_000).optional(),
  repetition_penalty: z.number().min(0.5).max(5).optional(),
  seed: z.number().int().optional(),
  stream: z.boolean().optional(),
});

/** A predict request. */
export type PredictRequest = z.output<typeof predictRequestSchema>;
/** A generate request. */
export type GenerateRequest = z.output<typeof generateRequestSchema>;

/** The classify options of a job, as JSON fields (snake_case like the other routes). */
const jobOptionFields = {
  chunk_size: z.number().int().min(1).max(10_000).optional().describe('Rows per chunk (one queue job each); default CTUNE_JOBS_CHUNK_SIZE.'),
  batch_size: z.number().int().min(1).max(256).optional().describe('Prompts per graph run within a chunk; default 8, as ctune predict.'),
  calibrate: z.boolean().optional().describe('Contextual calibration with content-free inputs.'),
  threshold: z.number().min(0).max(1).optional().describe('Decision threshold on p(first party wins); default 0.5.'),
  max_prompt_tokens: z.number().int().min(1).max(1_000_000).optional().describe("Most prompt tokens; default the run's cutoffLen."),
  overflow: z.enum(['truncate', 'error']).optional().describe('Shorten the facts of a too-long prompt (default), or fail its chunk.'),
};

/** POST /v1/jobs as JSON: a data file named under the server's data directory (CTUNE_JOBS_DATA_DIR). */
export const jobRequestSchema = z.strictObject({
  model: text(200).describe('A run or model directory name under the served directory.'),
  data: text(1000).describe('A data file under the data directory: a court CSV, or Alpaca-style JSON/JSONL; plain path segments only (court/test.csv).'),
  ...jobOptionFields,
});

// Form fields are text: numbers and booleans are parsed from it, strictly.
const formInteger = (schema: z.ZodNumber) => z.string().regex(/^\d{1,9}$/, { message: 'must be a whole number' }).transform(Number).pipe(schema);
const formNumber = (schema: z.ZodNumber) => z.string().regex(/^\d+(\.\d+)?$/, { message: 'must be a number' }).transform(Number).pipe(schema);
const formBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

/** POST /v1/jobs as multipart/form-data: the text fields beside the `file` part. */
export const jobFormSchema = z.strictObject({
  model: text(200).describe('A run or model directory name under the served directory.'),
  chunk_size: formInteger(jobOptionFields.chunk_size.unwrap()).optional(),
  batch_size: formInteger(jobOptionFields.batch_size.unwrap()).optional(),
  calibrate: formBoolean.optional(),
  threshold: formNumber(jobOptionFields.threshold.unwrap()).optional(),
  max_prompt_tokens: formInteger(jobOptionFields.max_prompt_tokens.unwrap()).optional(),
  overflow: z.enum(['truncate', 'error']).optional(),
});

/** GET /v1/jobs/{id}/results. */
export const jobResultsQuerySchema = z.strictObject({
  format: z.enum(['csv', 'jsonl']).default('csv').describe('csv: the submission file (ID,first_party_winner); jsonl: one JSON object per row with the label-word probabilities.'),
});

/** A job request. */
export type JobRequest = z.output<typeof jobRequestSchema>;
/** The fields of a multipart job request. */
export type JobForm = z.output<typeof jobFormSchema>;
