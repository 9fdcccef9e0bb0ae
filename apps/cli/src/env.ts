import { parseWithSchema } from '@causal-tune/core';
import { z } from 'zod';

/** A flag variable: set and not empty, "0" or "false" means on (NO_COLOR, CI conventions). */
const flag = z
  .string()
  .optional()
  .transform((value) => value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false');

/**
 * The environment variables `ctune` reads. This file is the only place that touches
 * `process.env` (STYLE.md, Config); everything else receives a {@link CliEnv}.
 */
export const cliEnvSchema = z.object({
  NO_COLOR: flag.describe('Any non-empty value turns colour off (https://no-color.org).'),
  CI: flag.describe('Set by CI services: plain lines, no colour, no interactive UI.'),
  TERM: z.string().optional().describe('Terminal type; "dumb" turns colour and the interactive UI off.'),
  CTUNE_VERBOSE: flag.describe('Same as --verbose: print error details and stacks.'),
  CTUNE_API_URL: z.string().min(1).optional().describe('The API of `ctune job`: default http://127.0.0.1:8080.'),
  CTUNE_API_KEY: z.string().min(1).optional().describe('The API key `ctune job` sends, when the API requires one.'),
  CTUNE_REDIS_URL: z.string().min(1).optional().describe('The Redis of prediction jobs: the default of `ctune worker --redis`.'),
});

/** The validated environment of the CLI. */
export type CliEnv = z.output<typeof cliEnvSchema>;

/**
 * Validates the environment once at start-up and fails fast with CONFIG_INVALID listing every
 * problem.
 *
 * @example
 * const env = loadEnv(); // reads process.env
 */
export function loadEnv(source: Readonly<Record<string, string | undefined>> = process.env): CliEnv {
  return parseWithSchema(cliEnvSchema, source, 'The environment');
}
