import { randomUUID } from 'node:crypto';
import { ToolkitError, type Logger } from '@causal-tune/core';
import { InProcessBackend, JobService } from '@causal-tune/jobs';
import express, { type Express, type RequestHandler } from 'express';
import { generateRoute } from './generate-route.js';
import { rateLimitGuard, requireApiKey } from './guards.js';
import { errorMiddleware, notFound } from './http-errors.js';
import type { JobEventStreams } from './job-events.js';
import { jobRoutes } from './job-routes.js';
import { jsonBody } from './json-body.js';
import { ApiMetrics } from './metrics.js';
import type { ModelRegistry } from './model-registry.js';
import { openApiDocument } from './openapi.js';
import { PredictBatchers, predictRoute } from './predict-route.js';

/** What the app is built from; tests pass a registry over a temporary directory. */
export interface AppDependencies {
  readonly registry: ModelRegistry;
  readonly logger: Logger;
  readonly apiKey?: string;
  /** Largest request body: bytes, or an express size string such as '1mb'. */
  readonly bodyLimit: number | string;
  /** Requests per client and rate-limit window (a minute unless `rateLimitWindowMs` says otherwise). */
  readonly rateLimitPerMinute: number;
  /** The rate-limit window; 60 000 ms by default. */
  readonly rateLimitWindowMs?: number;
  /** express's 'trust proxy': which X-Forwarded-For hops name the client. Off by default. */
  readonly trustProxy?: boolean | number | string;
  readonly batching: { readonly maxBatchSize: number; readonly maxWaitMs: number; readonly capacity: number };
  /** prom-client's process metrics on /metrics (a real server: yes; tests: no). */
  readonly processMetrics?: boolean;
  /**
   * Prediction jobs: their service (over Redis or in-process), the data directory JSON
   * requests name files in, and the largest data file. Default: an in-process service over
   * the registry's predictors, uploads only, 100 MB.
   */
  readonly jobs?: {
    readonly service: JobService;
    readonly dataDir?: string;
    readonly maxFileSizeBytes?: number;
    readonly eventsPollMs?: number;
  };
}

/** The app and what shutdown needs. */
export interface ApiApp {
  readonly app: Express;
  readonly batchers: PredictBatchers;
  readonly metrics: ApiMetrics;
  /** The job service, to close at shutdown. */
  readonly jobs: JobService;
  /** The open job event streams, ended at the start of a drain. */
  readonly jobEvents: JobEventStreams;
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

// HTTP/1.1 requires Host; Node's own check would answer a bare 400 without a body.
const requireHost: RequestHandler = (request, _response, next) => {
  if (request.httpVersionMajor === 1 && request.httpVersionMinor >= 1 && !request.headers.host) next(new ToolkitError('USAGE_INVALID', 'An HTTP/1.1 request needs a Host header.'));
  else next();
};

/**
 * Builds the Express app (listening is server.ts's job): request ids and metrics, the health
 * routes, then for /v1 the rate limit (before the key, so that wrong keys count), the key and
 * the JSON body parser, the routes, a 404 in the error shape, and the one error middleware.
 */
export function createApp(deps: AppDependencies): ApiApp {
  const app = express();
  const metrics: ApiMetrics = new ApiMetrics({ queueDepth: () => batchers.depth, ...(deps.processMetrics ? { processMetrics: true } : {}) });
  const batchers = new PredictBatchers({ ...deps.batching, onBatch: (size) => metrics.observeBatch(size) });
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use((request, response, next) => {
    const given = request.get('x-request-id');
    response.locals.requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    response.setHeader('x-request-id', response.locals.requestId as string);
    next();
  });
  app.use(metrics.middleware());
  app.use(requireHost);
  app.get('/healthz', (_request, response) => void response.json({ status: 'ok' }));
  app.get('/readyz', async (_request, response) => {
    const ready = await deps.registry.readable();
    const models = ready ? (await deps.registry.summaries()).map((model) => model.name) : [];
    response.status(ready ? 200 : 503);
    if (!ready) response.setHeader('Retry-After', '5');
    response.json({ status: ready ? 'ready' : 'models directory unreadable', models });
  });
  app.get('/metrics', async (_request, response) => void response.type(metrics.contentType).send(await metrics.render()));
  app.get('/openapi.json', (_request, response) => void response.json(openApiDocument()));
  app.use('/v1', rateLimitGuard({ limit: deps.rateLimitPerMinute, windowMs: deps.rateLimitWindowMs ?? 60_000, logger: deps.logger }), requireApiKey(deps.apiKey), jsonBody(deps.bodyLimit));
  app.get('/v1/models', async (_request, response) => void response.json({ models: await deps.registry.summaries() }));
  app.post('/v1/predict', predictRoute(deps.registry, batchers, deps.logger));
  app.post('/v1/generate', generateRoute(deps.registry));
  const service = deps.jobs?.service ?? new JobService(new InProcessBackend({ predictors: deps.registry.predictorProvider(), logger: deps.logger }));
  const jobs = jobRoutes({
    service,
    registry: deps.registry,
    logger: deps.logger,
    maxFileSizeBytes: deps.jobs?.maxFileSizeBytes ?? 100 * 1024 ** 2,
    ...(deps.jobs?.dataDir === undefined ? {} : { dataDir: deps.jobs.dataDir }),
    ...(deps.jobs?.eventsPollMs === undefined ? {} : { eventsPollMs: deps.jobs.eventsPollMs }),
  });
  app.use('/v1/jobs', jobs.router);
  app.use(notFound);
  app.use(errorMiddleware(deps.logger));
  return { app, batchers, metrics, jobs: service, jobEvents: jobs.events };
}
