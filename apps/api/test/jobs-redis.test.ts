// /v1/jobs with CTUNE_REDIS_URL: the real server (startServer) on a real redis-server, a worker
// (startRedisWorker, in this process) over the same models directory; and Redis down at
// submission. The multi-process test (two `ctune worker` processes, SIGKILL, API restart) is
// apps/cli/test/jobs.e2e.test.ts.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noopLogger } from '@causal-tune/core';
import { loadPredictor } from '@causal-tune/inference';
import { PredictorCache, startRedisWorker } from '@causal-tune/jobs';
import { freePort, testRedis, writeCourtTestFile } from '@causal-tune/jobs/testing';
import { loadApiEnv } from '../src/env.js';
import { startServer, type RunningServer } from '../src/start-server.js';
import { makeServedDirectory } from './build-test-app.js';

const redis = testRedis('jobs-redis.test.ts', process.env);
const itRedis = redis.available ? it : it.skip;

let root: string;
let work: string;
let csvPath: string;
const closers: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  root = await makeServedDirectory();
  work = await mkdtemp(join(tmpdir(), 'ctune-api-jobs-redis-'));
  csvPath = join(work, 'test.csv');
  await writeCourtTestFile(csvPath, 18);
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
});
afterAll(async () => {
  await redis.stop();
  await rm(root, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

async function serve(redisUrl: string, prefix: string): Promise<RunningServer> {
  const running = await startServer(loadApiEnv({ CTUNE_MODELS_DIR: root, CTUNE_API_PORT: '0', CTUNE_API_DRAIN_TIMEOUT_MS: '2000', CTUNE_REDIS_URL: redisUrl, CTUNE_REDIS_PREFIX: prefix, CTUNE_JOBS_CHUNK_SIZE: '5' }), noopLogger);
  closers.push(() => running.close());
  return running;
}

const upload = async (url: string) => {
  const form = new FormData();
  form.set('model', 'court-lora');
  form.set('batch_size', '1');
  form.set('file', new Blob([await readFile(csvPath)]), 'test.csv');
  return fetch(`${url}/v1/jobs`, { method: 'POST', body: form });
};

describe('/v1/jobs on Redis', () => {
  it('answers 503 JOB_QUEUE_UNAVAILABLE with Retry-After when Redis is down at submission and for a status', async () => {
    const running = await serve(`redis://127.0.0.1:${await freePort()}`, `test-${randomUUID()}`);
    const submitted = await upload(running.url);
    expect(submitted.status).toBe(503);
    expect(submitted.headers.get('retry-after')).toBe('1');
    expect(await submitted.json()).toEqual({ error: { code: 'JOB_QUEUE_UNAVAILABLE', message: expect.stringContaining('Redis'), details: { operation: 'queueing the job' } } });
    const status = await fetch(`${running.url}/v1/jobs/${randomUUID()}`);
    expect(status.status).toBe(503);
    expect((await status.json()).error.code).toBe('JOB_QUEUE_UNAVAILABLE');
  });

  itRedis('queues the chunks on Redis for a worker and serves the assembled CSV', async () => {
    const url = await redis.url();
    const prefix = `test-${randomUUID()}`;
    const running = await serve(url, prefix);
    const predictors = new PredictorCache({ root, load: (model) => loadPredictor(model.kind === 'run' ? { runDir: model.directory } : { modelDir: model.directory }) });
    const worker = await startRedisWorker({ url, prefix, predictors, name: 'test-worker' });
    closers.push(async () => {
      await worker.close(1000);
      await predictors.releaseAll();
    });
    const submitted = await upload(running.url);
    expect(submitted.status).toBe(202);
    const { id, chunks } = (await submitted.json()) as { id: string; chunks: number };
    expect(chunks).toBe(4);
    let status: { state: string; rowsDone: number } = { state: 'queued', rowsDone: 0 };
    const deadline = Date.now() + 60_000;
    while (status.state !== 'completed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await (await fetch(`${running.url}/v1/jobs/${id}`)).json()) as typeof status;
    }
    expect(status).toMatchObject({ state: 'completed', rowsDone: 18 });
    const csv = await (await fetch(`${running.url}/v1/jobs/${id}/results`)).text();
    expect(csv.split('\n')[0]).toBe('ID,first_party_winner');
    expect(csv.trim().split('\n').slice(1).map((line) => line.split(',')[0])).toEqual(Array.from({ length: 18 }, (_, index) => `TEST_${String(index).padStart(4, '0')}`));
    expect(predictors.loaded).toEqual(['court-lora']);
  });
});
