import { parseWithSchema } from '@causal-tune/core';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

/** The API's environment, validated once at start-up (the only reader of process.env). */
export const apiEnvSchema = z.object({
  CTUNE_API_PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe('Port to listen on.'),
  CTUNE_API_HOST: z.string().min(1).default('127.0.0.1').describe('Address to listen on.'),
  CTUNE_MODELS_DIR: z.string().min(1).default('runs').describe('Directory whose children (run or model directories) are served by name.'),
  CTUNE_API_KEY: z.string().min(1).optional().describe('When set, every /v1 request needs it (Authorization: Bearer KEY or x-api-key).'),
  CTUNE_API_BODY_LIMIT: z.string().default('1mb').describe('Largest request body (express size string).'),
  CTUNE_API_RATE_LIMIT: positiveInt.default(600).describe('Requests per client and minute.'),
  CTUNE_API_BATCH_SIZE: positiveInt.default(16).describe('Most predict items gathered into one classification.'),
  CTUNE_API_BATCH_WAIT_MS: z.coerce.number().int().min(0).default(5).describe('How long a batch waits for more items.'),
  CTUNE_API_QUEUE_CAPACITY: positiveInt.default(1024).describe('Most items waiting per model; more is 503.'),
  CTUNE_DEVICE: z.enum(['cpu', 'webgpu', 'cuda']).default('cpu').describe('onnxruntime execution provider.'),
  CTUNE_THREADS: positiveInt.optional().describe('Threads per op on CPU.'),
});

/** The validated environment. */
export type ApiEnv = z.output<typeof apiEnvSchema>;

/** Reads and validates the environment; every problem at once (CONFIG_INVALID). */
export function loadApiEnv(environment: Record<string, string | undefined> = process.env): ApiEnv {
  return parseWithSchema(apiEnvSchema, environment, 'The API environment');
}
