// App and server
export { createApp } from './app.js';
export type { ApiApp, AppDependencies } from './app.js';
export { startServer } from './start-server.js';
export type { RunningServer } from './start-server.js';
export { createHttpServer } from './http-server.js';
export type { ApiHttpServer, HttpServerOptions } from './http-server.js';
export type { DrainReport } from './connection-drain.js';
export { apiEnvSchema, loadApiEnv } from './env.js';
export type { ApiEnv } from './env.js';
export { ModelRegistry } from './model-registry.js';
export type { PredictorLoader, ServedModel, ServedModelSummary } from './model-registry.js';
export { createPinoLogger } from './pino-logger.js';

// Building blocks
export { Batcher } from './batcher.js';
export type { BatcherOptions } from './batcher.js';
export { HTTP_STATUS } from './http-errors.js';
export type { ErrorBody } from './http-errors.js';
export { openApiDocument } from './openapi.js';
export { generateRequestSchema, predictRequestSchema } from './request-schemas.js';
