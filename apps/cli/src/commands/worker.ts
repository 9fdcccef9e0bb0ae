import { resolve } from 'node:path';
import { ToolkitError, parseWithSchema } from '@causal-tune/core';
import { z } from 'zod';
import type { CliContext } from '../cli-context.js';
import { eventLogger } from '../output/event-logger.js';
import type { CliCommand } from './cli-command.js';
import { addJsonOption } from './cli-command.js';
import { addRuntimeOptions, runtimeFlagsShape, runtimeOf } from './predictor-flags.js';

const milliseconds = (fallback: number, what: string) => z.coerce.number({ error: 'Expected a number of milliseconds.' }).int().min(1).max(3_600_000).default(fallback).describe(what);

const workerFlagsSchema = z.object({
  redis: z.string().regex(/^rediss?:\/\/\S+$/, { message: 'Expected a redis:// or rediss:// URL, such as redis://127.0.0.1:6379.' }).optional().describe('The Redis of the jobs; default CTUNE_REDIS_URL.'),
  models: z.string().min(1).describe("The models directory: the API's CTUNE_MODELS_DIR, or a copy of it."),
  concurrency: z.coerce.number({ error: 'Expected a number of chunks.' }).int().min(1).max(64).default(1).describe('Chunks run at once by this process.'),
  prefix: z.string().regex(/^[A-Za-z0-9_.-]{1,50}$/).default('ctune').describe("Prefix of the Redis keys: the API's CTUNE_REDIS_PREFIX."),
  name: z.string().min(1).max(100).optional().describe('This worker in the queue and the log; default host:pid.'),
  lockMs: milliseconds(30_000, "How long a chunk's lock lives unrenewed: a dead worker's chunk returns to the queue after about this long."),
  stalledMs: milliseconds(30_000, 'How often this worker looks for chunks whose worker died.'),
  drainTimeoutMs: milliseconds(30_000, 'On SIGTERM: how long the running chunks may take to finish before they are released to other workers.'),
  idleMs: milliseconds(600_000, 'A model no chunk used for this long is released from memory.'),
  ...runtimeFlagsShape,
  json: z.boolean().default(false).describe('One JSON object per event on stdout.'),
});

/** The validated flags of `ctune worker`. */
export type WorkerFlags = z.output<typeof workerFlagsSchema>;

/**
 * Runs `ctune worker` until the context's signal (SIGTERM, Ctrl-C): takes chunks of prediction
 * jobs from Redis, loading each model once and keeping it while chunks for it come in; on the
 * signal it takes no new chunk, lets the running ones finish within --drain-timeout-ms (then
 * releases them to the queue) and returns.
 */
export async function executeWorker(flags: WorkerFlags & { readonly verbose?: boolean }, context: CliContext): Promise<void> {
  const url = flags.redis ?? context.env.CTUNE_REDIS_URL;
  if (url === undefined) throw new ToolkitError('USAGE_INVALID', "ctune worker needs the jobs' Redis: pass --redis redis://HOST:6379 or set CTUNE_REDIS_URL (the API's).");
  const { PredictorCache, redactRedisUrl, startRedisWorker } = await import('@causal-tune/jobs');
  const { loadPredictor } = await import('@causal-tune/inference');
  const logger = eventLogger(context.stdout, context.stderr, { json: flags.json, debug: flags.json || flags.verbose === true });
  const runtime = runtimeOf(flags);
  const root = resolve(context.cwd, flags.models);
  const predictors = new PredictorCache({
    root,
    idleMs: flags.idleMs,
    logger,
    load: (model) => loadPredictor(model.kind === 'run' ? { runDir: model.directory } : { modelDir: model.directory }, { ...runtime, logger: { ...logger, warn: (message, fields) => logger.warn('model-warning', { message, ...fields }) } }),
  });
  const worker = await startRedisWorker({
    url,
    prefix: flags.prefix,
    predictors,
    concurrency: flags.concurrency,
    lockDurationMs: flags.lockMs,
    stalledIntervalMs: flags.stalledMs,
    logger,
    ...(flags.name === undefined ? {} : { name: flags.name }),
  });
  try {
    await worker.ready();
    logger.info('worker-ready', { worker: worker.name, redis: redactRedisUrl(url), models: root, concurrency: flags.concurrency, device: runtime.device });
    await new Promise<void>((done) => {
      if (context.signal?.aborted) done();
      context.signal?.addEventListener('abort', () => done(), { once: true });
    });
  } finally {
    await worker.close(flags.drainTimeoutMs);
    await predictors.releaseAll();
  }
}

/** `ctune worker --redis URL --models DIR [--concurrency N] ...`: a prediction-job worker. */
export const workerCommand: CliCommand = {
  name: 'worker',
  register(program, context) {
    const command = addRuntimeOptions(
      program
        .command('worker')
        .summary('run chunks of prediction jobs from Redis (BullMQ) until SIGTERM')
        .description(
          "Takes chunks of the API's prediction jobs from Redis and classifies them with the models of --models (the API's models directory, shared or copied to this machine). Run one or more on every machine; each loads a model once and keeps it while chunks for it come in. SIGTERM finishes the running chunks (or releases them to other workers after --drain-timeout-ms) and exits 0.",
        ),
    )
      .option('--redis <url>', 'Redis of the jobs, redis://host:6379 (default: CTUNE_REDIS_URL)')
      .requiredOption('--models <dir>', "models directory: the API's, or a copy")
      .option('--concurrency <n>', 'chunks run at once by this process', '1')
      .option('--prefix <prefix>', "prefix of the Redis keys (the API's CTUNE_REDIS_PREFIX)", 'ctune')
      .option('--name <name>', 'this worker in the queue and the log (default host:pid)')
      .option('--lock-ms <ms>', "a chunk's lock; a dead worker's chunk returns to the queue after about this long", '30000')
      .option('--stalled-ms <ms>', 'how often to look for chunks whose worker died', '30000')
      .option('--drain-timeout-ms <ms>', 'on SIGTERM, how long running chunks may take before they are released', '30000')
      .option('--idle-ms <ms>', 'release a model no chunk used for this long', '600000');
    addJsonOption(command).action(async (_options: unknown, self: typeof command) => {
      const flags = parseWithSchema(workerFlagsSchema, self.opts(), "The command line of 'ctune worker'", 'USAGE_INVALID');
      const globals = self.optsWithGlobals<{ verbose?: boolean }>();
      await executeWorker({ ...flags, ...(globals.verbose === true ? { verbose: true } : {}) }, context);
    });
  },
};
