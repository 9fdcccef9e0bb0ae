// The Redis backend against a real redis-server (never a mock): CTUNE_TEST_REDIS_URL when CI
// started one (.ci/with-redis.sh), else one started here; tests that stop Redis start their
// own. Predictors are fakes (src/__fixtures__): the model path is tested in apps/cli's end-to-end test.
import { randomUUID } from 'node:crypto';
import { noopLogger } from '@causal-tune/core';
import { Redis } from 'ioredis';
import { courtRecords, expectedCsv, fakePredictors, waitFor } from '../src/__fixtures__/fake-predictor.js';
import { JobService } from '../src/job-service.js';
import { jobOptionsSchema } from '../src/job-spec.js';
import { RedisBackend } from '../src/redis-backend.js';
import { RedisStateStore, jobKeys } from '../src/redis-state-store.js';
import { startRedisWorker, type RunningWorker } from '../src/redis-worker.js';
import { freePort, startRedisServer, testRedis } from '../src/testing.js';

const redis = testRedis('redis.int.test.ts', process.env);
const describeRedis = redis.available ? describe : describe.skip;

const options = jobOptionsSchema.parse({});
let url: string;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  if (redis.available) url = await redis.url();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
});
afterAll(async () => {
  await redis.stop();
});

function setUp(redisUrl: string, workerOptions: { msPerRow?: number; failWhen?: (id: string, attempt: number) => boolean; attempts?: number } = {}) {
  const prefix = `test-${randomUUID()}`;
  const predictors = fakePredictors(workerOptions);
  const backend = new RedisBackend({ url: redisUrl, prefix, settings: { attempts: workerOptions.attempts ?? 3, backoffMs: 20 }, logger: noopLogger });
  const service = new JobService(backend, { chunkSize: 7 });
  closers.push(() => service.close());
  const workers: RunningWorker[] = [];
  const startWorker = async (name: string) => {
    const worker = await startRedisWorker({ url: redisUrl, prefix, predictors, name, lockDurationMs: 1000, stalledIntervalMs: 500, cancelPollMs: 20 });
    await worker.ready();
    workers.push(worker);
    closers.push(() => worker.close(500));
    return worker;
  };
  return { prefix, predictors, service, backend, startWorker, workers };
}

describeRedis('the Redis state store', () => {
  it('writes a chunk once, finishes once, and gives a late error the job keys’ time to live', async () => {
    const redis = new Redis(url);
    closers.push(async () => redis.disconnect());
    const prefix = `test-${randomUUID()}`;
    const store = new RedisStateStore(redis, prefix);
    const rows = [{ index: 0, row: 1, label: 1, word: 'yes', probabilities: { '1': 0.9 } }];
    expect(await store.writeChunk('j', 0, rows)).toBe('written');
    expect(await store.writeChunk('j', 0, [{ ...rows[0]!, label: 0 }])).toBe('exists');
    expect(await store.chunkRows('j', 0)).toEqual(rows);
    expect(await store.progress('j')).toEqual({ rowsDone: 1, chunksDone: 1 });
    expect(await store.finish('j', { state: 'completed', csv: 'row,label\n1,1\n' }, 100)).toBe('completed');
    expect(await store.finish('j', { state: 'cancelled' }, 100)).toBe('completed');
    expect(await store.writeChunk('j', 1, rows)).toBe('completed');
    await store.recordChunkError('j', { chunk: 1, attempt: 1, code: 'X', message: 'late', at: 1 });
    const keys = jobKeys(prefix, 'j');
    for (const key of [keys.state, keys.rows, keys.errors, keys.csv]) expect(await redis.ttl(key)).toBeGreaterThan(90);
    expect(await store.csv('j')).toBe('row,label\n1,1\n');
  });
});

describeRedis('jobs on BullMQ and Redis', () => {
  it('runs a job on two workers: every row once, in input order, each model loaded once per worker', async () => {
    const { service, startWorker, predictors } = setUp(url, { msPerRow: 2 });
    await startWorker('w1');
    await startWorker('w2');
    const records = courtRecords(60);
    const { id, state } = await service.submit({ model: 'm', file: 'test.csv', data: { kind: 'court', records }, options });
    expect(state).toBe('queued');
    await waitFor(async () => (await service.status(id)).state === 'completed', 20_000, 'completion');
    const status = await service.status(id);
    expect(status).toMatchObject({ rowsDone: 60, rowsTotal: 60, chunks: { total: 9, done: 9 }, errors: [] });
    expect(await service.csv(id)).toBe(expectedCsv(records));
    expect(predictors.calls.length).toBe(9);
  });

  it('releases the running chunk when a worker stops at its deadline; another worker finishes the job', async () => {
    const { service, startWorker, predictors } = setUp(url, { msPerRow: 40 });
    const first = await startWorker('w1');
    const records = courtRecords(21);
    const { id } = await service.submit({ model: 'm', file: 'test.csv', data: { kind: 'court', records }, options });
    await waitFor(() => predictors.calls.length >= 1, 10_000, 'a chunk to start');
    await first.close(50);
    expect(predictors.calls[0]!.aborted).toBe(true);
    await startWorker('w2');
    await waitFor(async () => (await service.status(id)).state === 'completed', 20_000, 'completion');
    expect(await service.csv(id)).toBe(expectedCsv(records));
    // A release is not a failure: no error, no attempt used.
    expect((await service.status(id)).errors).toEqual([]);
  });

  it('cancels: the running chunk stops, queued chunks are dropped, no chunk starts afterwards', async () => {
    const { service, startWorker, predictors } = setUp(url, { msPerRow: 20 });
    await startWorker('w1');
    const { id } = await service.submit({ model: 'm', file: 'test.csv', data: { kind: 'court', records: courtRecords(70) }, options });
    await waitFor(() => predictors.calls.length >= 2, 10_000, 'the second chunk');
    const cancelled = await service.cancel(id);
    const cancelledAt = Date.now();
    expect(cancelled.state).toBe('cancelled');
    await waitFor(() => predictors.calls.every((call) => call.endedAt !== undefined), 2000, 'the running chunk to stop');
    expect(predictors.calls.at(-1)!.endedAt! - cancelledAt).toBeLessThan(300);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(predictors.calls.filter((call) => call.startedAt > cancelledAt)).toEqual([]);
    expect((await service.status(id)).rowsDone).toBe(cancelled.rowsDone);
    await expect(service.cancel(id)).rejects.toMatchObject({ code: 'JOB_ALREADY_FINISHED' });
    await expect(service.csv(id)).rejects.toMatchObject({ code: 'JOB_NOT_COMPLETED', details: { state: 'cancelled' } });
  });

  it('fails a job whose chunk is out of attempts, with the errors of each attempt', async () => {
    const { service, startWorker } = setUp(url, { failWhen: (firstId) => firstId === 'TEST_0007', attempts: 2 });
    await startWorker('w1');
    const { id } = await service.submit({ model: 'm', file: 'test.csv', data: { kind: 'court', records: courtRecords(14) }, options });
    await waitFor(async () => (await service.status(id)).state === 'failed', 20_000, 'the failure');
    const status = await service.status(id);
    expect(status.error).toMatchObject({ code: 'JOB_CHUNK_FAILED' });
    expect(status.errors.map((error) => [error.chunk, error.attempt, error.code])).toEqual([
      [1, 1, 'RUNTIME_SESSION_FAILED'],
      [1, 2, 'RUNTIME_SESSION_FAILED'],
    ]);
  });
});

describeRedis('Redis down', () => {
  it('answers JOB_QUEUE_UNAVAILABLE at submission and for the status, within seconds', async () => {
    const port = await freePort();
    const { service } = setUp(`redis://127.0.0.1:${port}`);
    const started = Date.now();
    await expect(service.submit({ model: 'm', file: 'test.csv', data: { kind: 'court', records: courtRecords(3) }, options })).rejects.toMatchObject({ code: 'JOB_QUEUE_UNAVAILABLE' });
    await expect(service.status(randomUUID())).rejects.toMatchObject({ code: 'JOB_QUEUE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('keeps the job and every row when Redis is killed in the middle of a job and comes back', async () => {
    const server = await startRedisServer({ persistent: true });
    closers.push(() => server.stop());
    const { service, startWorker, predictors } = setUp(server.url, { msPerRow: 10 });
    await startWorker('w1');
    const records = courtRecords(49);
    const { id } = await service.submit({ model: 'm', file: 'test.csv', data: { kind: 'court', records }, options });
    await waitFor(() => predictors.calls.length >= 2, 10_000, 'two chunks');
    await server.kill();
    await expect(service.status(id)).rejects.toMatchObject({ code: 'JOB_QUEUE_UNAVAILABLE' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server.restart();
    await waitFor(async () => (await service.status(id).catch(() => undefined))?.state === 'completed', 30_000, 'completion after the restart');
    expect(await service.csv(id)).toBe(expectedCsv(records));
  });
});
