import { parseWithSchema } from '@causal-tune/core';
import { WEIGHT_PRECISION_NAMES } from '@causal-tune/models';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();
const milliseconds = (fallback: number, what: string) => z.coerce.number().int().min(1).max(3_600_000).default(fallback).describe(what);

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i;
const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** A size such as `512kb`, `1mb` or `2048`: a number of bytes (at most 1 GB). */
export const byteSizeSchema = z
  .string()
  .regex(SIZE, { message: 'must be a size such as 512kb, 1mb or a number of bytes' })
  .transform((value) => {
    const [, amount, unit] = SIZE.exec(value.trim())!;
    return Math.floor(Number(amount) * UNIT_BYTES[(unit ?? 'b').toLowerCase()]!);
  })
  .pipe(z.number().int().min(1, { message: 'must be at least 1 byte' }).max(1024 ** 3, { message: 'must be at most 1gb' }));

/** The API's environment, validated once at start-up (the only reader of process.env). */
export const apiEnvSchema = z
  .object({
    CTUNE_API_PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe('Port to listen on.'),
    CTUNE_API_HOST: z.string().min(1).default('127.0.0.1').describe('Address to listen on.'),
    CTUNE_MODELS_DIR: z.string().min(1).default('runs').describe('Directory whose children (run or model directories) are served by name.'),
    CTUNE_API_KEY: z.string().min(1).optional().describe('When set, every /v1 request needs it (Authorization: Bearer KEY or x-api-key).'),
    CTUNE_API_BODY_LIMIT: byteSizeSchema.default(1024 ** 2).describe('Largest request body: a size such as 512kb, 1mb, or bytes.'),
    CTUNE_API_RATE_LIMIT: positiveInt.default(600).describe('Requests per client and minute, counted before the key is checked.'),
    CTUNE_API_TRUST_PROXY: z
      .enum(['false', 'true', 'loopback', '1', '2', '3'])
      .default('false')
      .transform((value) => (value === 'false' ? false : value === 'true' ? true : value === 'loopback' ? 'loopback' : Number(value)))
      .describe("Which X-Forwarded-For hops to believe for the client address (rate limit): false (none), loopback, a hop count, or true (all; only behind a proxy that overwrites the header)."),
    CTUNE_API_BATCH_SIZE: positiveInt.default(16).describe('Most predict items gathered into one classification.'),
    CTUNE_API_BATCH_WAIT_MS: z.coerce.number().int().min(0).default(5).describe('How long a batch waits for more items.'),
    CTUNE_API_QUEUE_CAPACITY: positiveInt.default(1024).describe('Most items waiting per model; more is 503.'),
    CTUNE_API_HEADERS_TIMEOUT_MS: milliseconds(10_000, "Longest wait for a request's headers (slowloris); then 408."),
    CTUNE_API_REQUEST_TIMEOUT_MS: milliseconds(30_000, 'Longest wait for a whole request, headers and body; then 408. At least the headers timeout.'),
    CTUNE_API_KEEP_ALIVE_TIMEOUT_MS: milliseconds(5_000, 'How long an idle keep-alive connection stays open.'),
    CTUNE_API_DRAIN_TIMEOUT_MS: milliseconds(30_000, 'On SIGTERM/SIGINT: how long requests in flight may take to finish before they are answered 503 and the process exits.'),
    CTUNE_API_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('Lowest level logged.'),
    CTUNE_DEVICE: z.enum(['cpu', 'webgpu', 'cuda']).default('cpu').describe('onnxruntime execution provider.'),
    CTUNE_THREADS: positiveInt.optional().describe('Threads per op on CPU.'),
    CTUNE_DTYPE: z.enum(WEIGHT_PRECISION_NAMES).optional().describe("Precision of the frozen base weights of every served model (fp32, fp16, bf16, q8, q4); default each run's own, else the checkpoint's."),
    CTUNE_CACHE_DIR: z.string().min(1).optional().describe('Where converted or quantized weights are cached; default ~/.cache/causal-tune/weights.'),
  })
  .refine((env) => env.CTUNE_API_HEADERS_TIMEOUT_MS <= env.CTUNE_API_REQUEST_TIMEOUT_MS, {
    message: 'CTUNE_API_HEADERS_TIMEOUT_MS must not be longer than CTUNE_API_REQUEST_TIMEOUT_MS',
    path: ['CTUNE_API_HEADERS_TIMEOUT_MS'],
  });

/** The validated environment. */
export type ApiEnv = z.output<typeof apiEnvSchema>;

/** Reads and validates the environment; every problem at once (CONFIG_INVALID). */
export function loadApiEnv(environment: Record<string, string | undefined> = process.env): ApiEnv {
  return parseWithSchema(apiEnvSchema, environment, 'The API environment');
}
