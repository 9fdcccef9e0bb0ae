import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import type { Logger } from '@causal-tune/core';
import express, { type Express } from 'express';
import { generateRoute } from './generate-route.js';
import { requireApiKey, rateLimit } from './guards.js';
import { errorMiddleware, notFound } from './http-errors.js';
import { ApiMetrics } from './metrics.js';
import type { ModelRegistry } from './model-registry.js';
import { openApiDocument } from './openapi.js';
import { PredictBatchers, predictRoute } from './predict-route.js';

/** What the app is built from; tests pass a registry over a temporary directory. */
export interface AppDependencies {
  readonly registry: ModelRegistry;
  readonly logger: Logger;
  readonly apiKey?: string;
  /** express body-size string, e.g. '1mb'. */
  readonly bodyLimit: string;
  /** Requests per client per minute. */
  readonly rateLimitPerMinute: number;
  readonly batching: { readonly maxBatchSize: number; readonly maxWaitMs: number; readonly capacity: number };
  readonly now?: () => number;
}

/** The app and what shutdown needs. */
export interface ApiApp {
  readonly app: Express;
  readonly batchers: PredictBatchers;
  readonly metrics: ApiMetrics;
}

/**
 * Builds the Express app (listening is server.ts's job): request ids and metrics, the health
 * routes, then the key, the rate limit and the JSON body parser for /v1, the routes, a 404 in the
 * error shape, and the one error middleware.
 */
export function createApp(deps: AppDependencies): ApiApp {
  const app = express();
  const metrics = new ApiMetrics();
  const batchers = new PredictBatchers(deps.batching);
  app.disable('x-powered-by');
  app.use((request, response, next) => {
    response.locals.requestId = request.get('x-request-id')?.slice(0, 100) ?? randomUUID();
    response.setHeader('x-request-id', response.locals.requestId as string);
    next();
  });
  app.use(metrics.middleware());
  app.get('/healthz', (_request, response) => void response.json({ status: 'ok' }));
  app.get('/readyz', async (_request, response) => {
    const ready = await access(deps.registry.root).then(() => true, () => false);
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'models directory unreadable', models: deps.registry.root });
  });
  app.get('/metrics', (_request, response) => void response.type('text/plain; version=0.0.4').send(metrics.render({ ctune_predict_queue_depth: batchers.depth, ctune_predict_batches_total: batchers.batchSizes.length })));
  app.get('/openapi.json', (_request, response) => void response.json(openApiDocument()));
  app.use('/v1', requireApiKey(deps.apiKey), rateLimit(deps.rateLimitPerMinute, 60_000, deps.now), express.json({ limit: deps.bodyLimit, strict: true }));
  app.get('/v1/models', async (_request, response) => void response.json({ models: await deps.registry.list() }));
  app.post('/v1/predict', predictRoute(deps.registry, batchers, deps.logger));
  app.post('/v1/generate', generateRoute(deps.registry));
  app.use(notFound);
  app.use(errorMiddleware(deps.logger));
  return { app, batchers, metrics };
}
