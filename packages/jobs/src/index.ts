/**
 * @causal-tune/jobs: bulk prediction jobs. A data file is split into chunks; each chunk is a
 * BullMQ job on Redis run by `ctune worker` processes on any machine, or, without Redis, by an
 * in-process worker of the API. Each chunk's rows are written once; a final step assembles them
 * in input order.
 */

// The service the API uses, over either backend
export { JobService } from './job-service.js';
export type { JobServiceOptions, JobSubmission } from './job-service.js';
export type { JobStatus } from './job-status.js';
export { DEFAULT_QUEUE_SETTINGS } from './job-backend.js';
export type { JobBackend, JobQueueSettings } from './job-backend.js';
export { InProcessBackend } from './in-process-backend.js';
export type { InProcessBackendOptions } from './in-process-backend.js';
export { RedisBackend } from './redis-backend.js';
export type { RedisBackendOptions } from './redis-backend.js';

// Workers
export { startRedisWorker } from './redis-worker.js';
export type { RedisWorkerOptions, RunningWorker } from './redis-worker.js';
export { PredictorCache } from './predictor-cache.js';
export type { PredictorCacheOptions, ServedModelLoader } from './predictor-cache.js';
export type { PredictorProvider } from './predictor-provider.js';

// The job code both backends run
export { planChunks } from './plan-chunks.js';
export type { ChunkPlanInput, JobRecords } from './plan-chunks.js';
export { runChunk, classifyOptionsOf } from './run-chunk.js';
export type { ChunkContext, ChunkOutcome } from './run-chunk.js';
export { assembleJob } from './assemble-job.js';
export { JOB_STATES, chunkPayloadSchema, isFinished, jobOptionsSchema, jobSpecSchema } from './job-spec.js';
export type { ChunkPayload, FinishedState, JobKind, JobOptions, JobSpec, JobState } from './job-spec.js';
export { csvHeader, csvLines, jsonLine, resultRowSchema } from './result-rows.js';
export type { ResultRow } from './result-rows.js';
export { MAX_CHUNK_ERRORS } from './job-state-store.js';
export type { ChunkError, ChunkWrite, JobEnding, JobFailure, JobProgress, JobStateStore } from './job-state-store.js';
export { MemoryStateStore } from './memory-state-store.js';
export { RedisStateStore, jobKeys } from './redis-state-store.js';
export { ASSEMBLE_QUEUE, CHUNK_QUEUE, DEFAULT_REDIS_PREFIX } from './queue-names.js';
export { guardRedis, isRedisUnavailable, redactRedisUrl } from './redis-connection.js';

// Served files: the API's and the workers' one policy for names and links
export { DATA_FILE_NAME, SERVED_NAME, describeServedModel, findEscapingLink, isInside, resolveServedFile } from './served-files.js';
export type { ServedModel, ServedModelLookup } from './served-files.js';
