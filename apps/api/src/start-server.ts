import type { Server } from 'node:http';
import { ToolkitError, type Logger } from '@causal-tune/core';
import { createApp } from './app.js';
import type { DrainReport } from './connection-drain.js';
import type { ApiEnv } from './env.js';
import { createHttpServer } from './http-server.js';
import { ModelRegistry } from './model-registry.js';
import { warnOnce } from './warn-once.js';

/** A running server and its graceful stop. */
export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  /**
   * Drains within CTUNE_API_DRAIN_TIMEOUT_MS: stops accepting, lets requests in flight finish
   * (503 for the rest at the deadline), closes every connection, drains the prediction queue and
   * releases the predictors. Resolves by the deadline at the latest.
   */
  close(): Promise<DrainReport>;
}


/** Listens, or fails with API_LISTEN_FAILED naming the address and the system's reason (EADDRINUSE...). */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const reasons: Record<string, string> = { EADDRINUSE: 'the address is already in use', EACCES: 'permission denied', EADDRNOTAVAIL: 'the address is not one of this machine' };
      const reason = reasons[error.code ?? ''] ?? error.message;
      reject(
        new ToolkitError('API_LISTEN_FAILED', `Cannot listen on ${host}:${port}: ${reason} (${error.code ?? 'error'}). Stop the other server or choose another port (CTUNE_API_PORT, ctune serve --port).`, {
          details: { host, port, code: error.code ?? null },
          cause: error,
        }),
      );
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

/** Builds the app from a validated environment and listens. */
export async function startServer(env: ApiEnv, logger: Logger): Promise<RunningServer> {
  const { loadPredictor } = await import('@causal-tune/inference');
  // Predictors warn about their verbalizer on every classify call; once per message is enough.
  const predictorLogger = warnOnce(logger);
  const registry = new ModelRegistry(env.CTUNE_MODELS_DIR, (model) => loadPredictor(model.kind === 'run' ? { runDir: model.directory } : { modelDir: model.directory }, { device: env.CTUNE_DEVICE, logger: predictorLogger, ...(env.CTUNE_THREADS ? { threads: env.CTUNE_THREADS } : {}), ...(env.CTUNE_DTYPE ? { dtype: env.CTUNE_DTYPE } : {}), ...(env.CTUNE_CACHE_DIR ? { cacheDir: env.CTUNE_CACHE_DIR } : {}) }), logger);
  const { app, batchers } = createApp({
    registry,
    logger,
    ...(env.CTUNE_API_KEY ? { apiKey: env.CTUNE_API_KEY } : {}),
    bodyLimit: env.CTUNE_API_BODY_LIMIT,
    rateLimitPerMinute: env.CTUNE_API_RATE_LIMIT,
    trustProxy: env.CTUNE_API_TRUST_PROXY,
    batching: { maxBatchSize: env.CTUNE_API_BATCH_SIZE, maxWaitMs: env.CTUNE_API_BATCH_WAIT_MS, capacity: env.CTUNE_API_QUEUE_CAPACITY },
    processMetrics: true,
  });
  const { server, drain } = createHttpServer(app, {
    headersTimeoutMs: env.CTUNE_API_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: env.CTUNE_API_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: env.CTUNE_API_KEEP_ALIVE_TIMEOUT_MS,
    logger,
  });
  await listen(server, env.CTUNE_API_PORT, env.CTUNE_API_HOST);
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new ToolkitError('API_LISTEN_FAILED', `Listening on ${env.CTUNE_API_HOST}:${env.CTUNE_API_PORT} gave no TCP address.`, { details: { host: env.CTUNE_API_HOST, port: env.CTUNE_API_PORT } });
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info('server-listening', { url, models: (await registry.summaries()).length });
  let closing: Promise<DrainReport> | undefined;
  return {
    server,
    url,
    close() {
      closing ??= (async () => {
        const started = Date.now();
        const deadline = started + env.CTUNE_API_DRAIN_TIMEOUT_MS;
        // Keep the last tenth (at most a second) for the 503s to reach their clients.
        const forceAt = deadline - Math.min(1000, env.CTUNE_API_DRAIN_TIMEOUT_MS / 10);
        logger.info('server-draining', { inFlight: drain.inFlight, connections: drain.connections, drainTimeoutMs: env.CTUNE_API_DRAIN_TIMEOUT_MS });
        const report = await drain.drain({ forceAt, settleMs: Math.min(1000, env.CTUNE_API_DRAIN_TIMEOUT_MS / 10) });
        const released = (async () => {
          await batchers.drain();
          await registry.release();
          return true;
        })();
        let timer: NodeJS.Timeout | undefined;
        const finished = await Promise.race([released, new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()))))]);
        clearTimeout(timer);
        logger.info('server-closed', { ...report, released: finished, durationMs: Date.now() - started });
        return report;
      })();
      return closing;
    },
  };
}
