import type { Server } from 'node:http';
import type { Logger } from '@causal-tune/core';
import { createApp } from './app.js';
import type { ApiEnv } from './env.js';
import { ModelRegistry } from './model-registry.js';

/** A running server and its graceful stop. */
export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  /** Stops accepting connections, drains the prediction queue, releases the predictors. */
  close(): Promise<void>;
}

/** Builds the app from a validated environment and listens. */
export async function startServer(env: ApiEnv, logger: Logger): Promise<RunningServer> {
  const { loadPredictor } = await import('@causal-tune/inference');
  const registry = new ModelRegistry(env.CTUNE_MODELS_DIR, (model) => loadPredictor(model.kind === 'run' ? { runDir: model.directory } : { modelDir: model.directory }, { device: env.CTUNE_DEVICE, logger, ...(env.CTUNE_THREADS ? { threads: env.CTUNE_THREADS } : {}) }), logger);
  const { app, batchers } = createApp({
    registry,
    logger,
    ...(env.CTUNE_API_KEY ? { apiKey: env.CTUNE_API_KEY } : {}),
    bodyLimit: env.CTUNE_API_BODY_LIMIT,
    rateLimitPerMinute: env.CTUNE_API_RATE_LIMIT,
    batching: { maxBatchSize: env.CTUNE_API_BATCH_SIZE, maxWaitMs: env.CTUNE_API_BATCH_WAIT_MS, capacity: env.CTUNE_API_QUEUE_CAPACITY },
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(env.CTUNE_API_PORT, env.CTUNE_API_HOST, () => resolve(listening));
  });
  const address = server.address();
  const url = typeof address === 'object' && address ? `http://${address.address}:${address.port}` : String(address);
  logger.info('server-listening', { url, models: registry.root });
  return {
    server,
    url,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await batchers.drain();
      await registry.release();
      logger.info('server-closed', {});
    },
  };
}
