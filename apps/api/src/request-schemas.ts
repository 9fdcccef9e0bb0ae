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
