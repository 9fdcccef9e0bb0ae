#!/usr/bin/env node
// Listens: the only file that starts the server (STYLE.md: build in app.ts, listen in server.ts).
import { isToolkitError } from '@causal-tune/core';
import { loadApiEnv, type ApiEnv } from './env.js';
import { createPinoLogger } from './pino-logger.js';
import { startServer } from './start-server.js';

const startup = createPinoLogger();

/** A start-up failure: one log line with the code, message and details (no stack), exit 1. */
function fail(event: string, error: unknown): never {
  if (isToolkitError(error)) startup.error(event, { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) });
  else startup.error(event, { code: 'INTERNAL_ERROR', message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack });
  process.exit(1);
}

let env: ApiEnv;
try {
  env = loadApiEnv();
} catch (error) {
  fail('server-config-invalid', error);
}
const logger = createPinoLogger({ level: env.CTUNE_API_LOG_LEVEL });
const running = await startServer(env, logger).catch((error: unknown) => fail('server-failed', error));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) {
      logger.warn('server-killed', { signal, reason: 'a second signal during the drain' });
      process.exit(1);
    }
    stopping = true;
    logger.info('server-stopping', { signal, drainTimeoutMs: env.CTUNE_API_DRAIN_TIMEOUT_MS });
    // The drain resolves by its deadline; this timer is the backstop if something still hangs.
    setTimeout(() => {
      logger.error('server-drain-overrun', { drainTimeoutMs: env.CTUNE_API_DRAIN_TIMEOUT_MS });
      process.exit(1);
    }, env.CTUNE_API_DRAIN_TIMEOUT_MS + 2000).unref();
    running.close().then(
      () => process.exit(0),
      (error: unknown) => fail('server-close-failed', error),
    );
  });
}
