import { ToolkitError } from '@causal-tune/core';
import type { Redis } from 'ioredis';
import { isFinished, type FinishedState } from './job-spec.js';
import { MAX_CHUNK_ERRORS, type ChunkError, type ChunkWrite, type JobEnding, type JobFailure, type JobProgress, type JobStateStore } from './job-state-store.js';
import { guardRedis } from './redis-connection.js';
import { chunkRowsSchema, type ResultRow } from './result-rows.js';

// Each script is one atomic step on Redis; KEYS are the job's state hash, rows hash, errors
// list and csv string.
const WRITE_CHUNK = `
local finished = redis.call('HGET', KEYS[1], 'finished')
if finished then return finished end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 'exists' end
redis.call('HINCRBY', KEYS[1], 'rowsDone', ARGV[3])
redis.call('HINCRBY', KEYS[1], 'chunksDone', 1)
return 'written'`;

const FINISH = `
local finished = redis.call('HGET', KEYS[1], 'finished')
if finished then return finished end
redis.call('HSET', KEYS[1], 'finished', ARGV[1], 'finishedAt', ARGV[2])
if ARGV[1] == 'failed' then redis.call('HSET', KEYS[1], 'failure', ARGV[4]) end
if ARGV[1] == 'completed' then redis.call('SET', KEYS[4], ARGV[5]) end
for index = 1, 4 do redis.call('EXPIRE', KEYS[index], ARGV[3]) end
return ARGV[1]`;

// A late error of a finished job must not leave a key without a time to live.
const RECORD_ERROR = `
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
local ttl = redis.call('TTL', KEYS[1])
if ttl > 0 then redis.call('EXPIRE', KEYS[2], ttl) end
return 1`;

interface ScriptedRedis extends Redis {
  ctuneWriteChunk(state: string, rows: string, chunk: number, json: string, count: number): Promise<string>;
  ctuneFinish(state: string, rows: string, errors: string, csv: string, ending: string, now: number, ttl: number, failure: string, csvText: string): Promise<string>;
  ctuneRecordError(state: string, errors: string, json: string, keep: number): Promise<number>;
}

/** The Redis keys of a job under `prefix`. */
export function jobKeys(prefix: string, jobId: string): { readonly state: string; readonly rows: string; readonly errors: string; readonly csv: string } {
  const base = `${prefix}:job:${jobId}`;
  return { state: `${base}:state`, rows: `${base}:rows`, errors: `${base}:errors`, csv: `${base}:csv` };
}

/**
 * {@link JobStateStore} in Redis, shared by every API replica and worker: a hash of counters
 * and the finished state, a hash of rows per chunk (written with HSETNX: the first write wins),
 * a capped list of chunk errors, and the assembled CSV. Every change is one Lua script, so a
 * chunk is counted once and a job finishes once, whatever runs concurrently.
 */
export class RedisStateStore implements JobStateStore {
  readonly #redis: ScriptedRedis;
  readonly #prefix: string;
  readonly #guard: { readonly connection?: Redis };

  /** `failFast`: refuse at once while Redis is disconnected (the API), rather than wait for it (workers). */
  constructor(redis: Redis, prefix: string, options: { readonly failFast?: boolean } = {}) {
    if (!('ctuneWriteChunk' in redis)) {
      redis.defineCommand('ctuneWriteChunk', { numberOfKeys: 2, lua: WRITE_CHUNK });
      redis.defineCommand('ctuneFinish', { numberOfKeys: 4, lua: FINISH });
      redis.defineCommand('ctuneRecordError', { numberOfKeys: 2, lua: RECORD_ERROR });
    }
    this.#redis = redis as ScriptedRedis;
    this.#prefix = prefix;
    this.#guard = options.failFast === true ? { connection: redis } : {};
  }

  #keys(jobId: string) {
    return jobKeys(this.#prefix, jobId);
  }

  async progress(jobId: string): Promise<JobProgress> {
    const fields = await guardRedis('reading the job', () => this.#redis.hgetall(this.#keys(jobId).state), this.#guard);
    const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
    const startedAt = number(fields.startedAt);
    const finishedAt = number(fields.finishedAt);
    const failure = fields.failure === undefined ? undefined : (JSON.parse(fields.failure) as JobFailure);
    return {
      rowsDone: number(fields.rowsDone) ?? 0,
      chunksDone: number(fields.chunksDone) ?? 0,
      ...(isFinished(fields.finished) ? { finished: fields.finished } : {}),
      ...(startedAt === undefined ? {} : { startedAt }),
      ...(finishedAt === undefined ? {} : { finishedAt }),
      ...(failure === undefined ? {} : { failure }),
    };
  }

  async markStarted(jobId: string, at: number): Promise<void> {
    await guardRedis('marking the job started', () => this.#redis.hsetnx(this.#keys(jobId).state, 'startedAt', String(at)), this.#guard);
  }

  async writeChunk(jobId: string, chunk: number, rows: readonly ResultRow[]): Promise<ChunkWrite> {
    const keys = this.#keys(jobId);
    const result = await guardRedis('writing the rows of a chunk', () => this.#redis.ctuneWriteChunk(keys.state, keys.rows, chunk, JSON.stringify(rows), rows.length), this.#guard);
    if (result === 'written' || result === 'exists' || isFinished(result)) return result;
    throw new ToolkitError('INTERNAL_ASSERTION', `Writing chunk ${chunk} of job ${jobId} answered '${result}'.`);
  }

  async chunkRows(jobId: string, chunk: number): Promise<ResultRow[] | undefined> {
    const json = await guardRedis('reading the rows of a chunk', () => this.#redis.hget(this.#keys(jobId).rows, String(chunk)), this.#guard);
    return json === null ? undefined : chunkRowsSchema.parse(JSON.parse(json));
  }

  async recordChunkError(jobId: string, error: ChunkError): Promise<void> {
    const keys = this.#keys(jobId);
    await guardRedis('recording a chunk error', () => this.#redis.ctuneRecordError(keys.state, keys.errors, JSON.stringify(error), MAX_CHUNK_ERRORS), this.#guard);
  }

  async chunkErrors(jobId: string): Promise<ChunkError[]> {
    const entries = await guardRedis('reading the chunk errors', () => this.#redis.lrange(this.#keys(jobId).errors, 0, -1), this.#guard);
    return entries.map((entry) => JSON.parse(entry) as ChunkError);
  }

  async finish(jobId: string, ending: JobEnding, ttlSeconds: number): Promise<FinishedState> {
    const keys = this.#keys(jobId);
    const result = await guardRedis(`finishing the job as ${ending.state}`, () =>
      this.#redis.ctuneFinish(keys.state, keys.rows, keys.errors, keys.csv, ending.state, Date.now(), Math.max(1, Math.round(ttlSeconds)), ending.state === 'failed' ? JSON.stringify(ending.failure) : '', ending.state === 'completed' ? ending.csv : ''),
      this.#guard,
    );
    if (isFinished(result)) return result;
    throw new ToolkitError('INTERNAL_ASSERTION', `Finishing job ${jobId} answered '${result}'.`);
  }

  async csv(jobId: string): Promise<string | undefined> {
    const csv = await guardRedis('reading the results', () => this.#redis.get(this.#keys(jobId).csv), this.#guard);
    return csv ?? undefined;
  }
}
