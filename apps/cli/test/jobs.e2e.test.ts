// Issue 13, end to end with real processes and a real Redis: the API (apps/api/dist/server.js,
// CTUNE_REDIS_URL set) and `ctune worker` processes classify a 1,240-row court file (test.csv's
// size, made from the bundled sample: its rows, then with the parties swapped, distinct IDs) with
// a LoRA run of stories260K, in chunks of 20 rows.
//   1. One worker is SIGKILLed in the middle of a chunk and the API is restarted during the job;
//      the results hold every ID once, in input order, equal byte for byte to `ctune predict`.
//   2. A job is cancelled; no worker keeps working on its chunks afterwards.
// Batch size 1 in both paths: with longer batches the left padding of a batch changes the float
// sums (about 1e-5 in p), and a job's batches (within a chunk) are not ctune predict's (within
// the file); with one prompt per run each row is computed the same way in both.
// Workers run with one thread each (two on the two cores) and a 2 s lock, so that a killed
// worker's chunk returns to the queue within about 3 s.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRunDirectory } from '@causal-tune/inference/testing';
import { testRedis, writeCourtTestFile } from '@causal-tune/jobs/testing';
import { loadModelConfig } from '@causal-tune/models';
import { API_SERVER, CTUNE_BIN, ensureBuilt, killAll, spawnNode, type Spawned } from './job-processes.js';

const redis = testRedis('jobs.e2e.test.ts', process.env);
const describeRedis = redis.available ? describe : describe.skip;

const STORIES = fileURLToPath(new URL('../../../fixtures/models/stories260K', import.meta.url));
const ROWS = 1240;
const CHUNK = 20;

let work: string;
let models: string;
let dataPath: string;
let referencePath: string;
let redisUrl: string;

beforeAll(async () => {
  if (!redis.available) return;
  ensureBuilt();
  work = await mkdtemp(join(tmpdir(), 'ctune-jobs-e2e-'));
  models = join(work, 'models');
  await mkdir(models);
  await writeRunDirectory(join(models, 'court-lora'), { method: 'lora', modelPath: STORIES, modelConfig: await loadModelConfig(STORIES) });
  dataPath = join(work, 'test.csv');
  await writeCourtTestFile(dataPath, ROWS);
  referencePath = join(work, 'reference.csv');
  redisUrl = await redis.url();
  // The single-process reference: what `ctune predict` writes for the same run and data.
  const predict = spawnNode('predict', CTUNE_BIN, ['predict', '--run', join(models, 'court-lora'), '--data', dataPath, '--out', referencePath, '--batch-size', '1', '--threads', '1'], {});
  const { code } = await predict.exited;
  if (code !== 0) throw new Error(`ctune predict exited ${code}:\n${predict.output()}`);
}, 180_000);

afterAll(async () => {
  killAll();
  await redis.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

function startApi(prefix: string): Spawned {
  return spawnNode('api', API_SERVER, [], {
    CTUNE_MODELS_DIR: models,
    CTUNE_API_PORT: '0',
    CTUNE_API_DRAIN_TIMEOUT_MS: '3000',
    CTUNE_REDIS_URL: redisUrl,
    CTUNE_REDIS_PREFIX: prefix,
    CTUNE_JOBS_CHUNK_SIZE: String(CHUNK),
    CTUNE_JOBS_BACKOFF_MS: '200',
  });
}

async function apiUrl(api: Spawned): Promise<string> {
  return String((await api.waitFor((line) => line.event === 'server-listening', 30_000, 'server-listening')).url);
}

function startWorker(prefix: string, name: string): Spawned {
  return spawnNode(name, CTUNE_BIN, ['worker', '--redis', redisUrl, '--models', models, '--prefix', prefix, '--name', name, '--threads', '1', '--lock-ms', '2000', '--stalled-ms', '1000', '--drain-timeout-ms', '5000', '--json'], {});
}

async function submit(url: string): Promise<string> {
  const form = new FormData();
  form.set('model', 'court-lora');
  form.set('batch_size', '1');
  form.set('file', new Blob([await readFile(dataPath)]), 'test.csv');
  const response = await fetch(`${url}/v1/jobs`, { method: 'POST', body: form });
  const body = (await response.json()) as { id: string; state: string; rowsTotal: number; chunks: number };
  expect(response.status).toBe(202);
  expect(body).toMatchObject({ state: 'queued', rowsTotal: ROWS, chunks: ROWS / CHUNK });
  return body.id;
}

interface Status {
  readonly state: string;
  readonly rowsDone: number;
  readonly rowsTotal: number;
  readonly errors: readonly { chunk: number; code: string; attempt: number }[];
}

const status = async (url: string, id: string): Promise<Status> => (await (await fetch(`${url}/v1/jobs/${id}`)).json()) as Status;
const chunkLines = (worker: Spawned, id: string, event: string) => worker.lines.filter((line) => line.event === event && line.jobId === id);

describeRedis('prediction jobs across processes', () => {
  it(
    'survives a SIGKILLed worker mid-chunk and an API restart: every ID once, equal to ctune predict',
    async () => {
      const prefix = `e2e-${randomUUID()}`;
      let api = startApi(prefix);
      let url = await apiUrl(api);
      const first = startWorker(prefix, 'worker-a');
      const second = startWorker(prefix, 'worker-b');
      await Promise.all([first, second].map((worker) => worker.waitFor((line) => line.event === 'worker-ready', 30_000, 'worker-ready')));
      const id = await submit(url);

      // 1. SIGKILL worker-a in the middle of a chunk: after its progress within a chunk, before that chunk's end.
      const progress = await first.waitFor((line) => line.event === 'chunk-progress' && line.jobId === id && Number(line.completed) > 0 && Number(line.completed) < Number(line.total), 90_000, 'progress within a chunk');
      first.child.kill('SIGKILL');
      const killed = await first.exited;
      expect(killed.signal).toBe('SIGKILL');
      const killedChunk = Number(progress.chunk);
      expect(chunkLines(first, id, 'chunk-end').map((line) => line.chunk)).not.toContain(killedChunk);
      // A fresh worker joins, as a restarted machine would.
      const third = startWorker(prefix, 'worker-c');

      // 2. Restart the API during the job: SIGTERM (it drains and exits 0), then a new process.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const during = await status(url, id);
      expect(during.state).toBe('running');
      expect(during.rowsDone).toBeLessThan(ROWS);
      expect((await api.stop()).code).toBe(0);
      api = startApi(prefix);
      url = await apiUrl(api);

      // 3. Follow the job on the new API to the end.
      let current = await status(url, id);
      const deadline = Date.now() + 240_000;
      while (current.state !== 'completed' && current.state !== 'failed' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        current = await status(url, id);
      }
      expect(current).toMatchObject({ state: 'completed', rowsDone: ROWS, rowsTotal: ROWS });
      // The killed worker's chunk: recorded as lost (lock expired), then done by another worker.
      expect(current.errors).toEqual(expect.arrayContaining([expect.objectContaining({ chunk: killedChunk, code: 'JOB_WORKER_LOST' })]));
      expect([...chunkLines(second, id, 'chunk-end'), ...chunkLines(third, id, 'chunk-end')].map((line) => line.chunk)).toContain(killedChunk);

      const results = await (await fetch(`${url}/v1/jobs/${id}/results`)).text();
      const ids = results.trim().split('\n').slice(1).map((line) => line.split(',')[0]);
      expect(ids).toHaveLength(ROWS);
      expect(new Set(ids).size).toBe(ROWS);
      expect(ids).toEqual(Array.from({ length: ROWS }, (_, index) => `TEST_${String(index).padStart(4, '0')}`));
      expect(results).toBe(await readFile(referencePath, 'utf8'));

      // SIGTERM: each worker finishes or releases its chunk and exits 0.
      for (const worker of [second, third]) expect((await worker.stop()).code).toBe(0);
      expect((await api.stop()).code).toBe(0);
    },
    300_000,
  );

  it(
    'cancels a job: running chunks stop, no worker starts one of its chunks afterwards, no row is written after',
    async () => {
      const prefix = `e2e-${randomUUID()}`;
      const api = startApi(prefix);
      const url = await apiUrl(api);
      const workers = [startWorker(prefix, 'worker-a'), startWorker(prefix, 'worker-b')];
      await Promise.all(workers.map((worker) => worker.waitFor((line) => line.event === 'worker-ready', 30_000, 'worker-ready')));
      const id = await submit(url);
      await Promise.all(workers.map((worker) => worker.waitFor((line) => line.event === 'chunk-end' && line.jobId === id, 90_000, 'a chunk done')));
      const cancelled = await fetch(`${url}/v1/jobs/${id}`, { method: 'DELETE' });
      const answeredAt = Date.now();
      expect(cancelled.status).toBe(200);
      const body = (await cancelled.json()) as Status;
      expect(body.state).toBe('cancelled');
      expect(body.rowsDone).toBeLessThan(ROWS);
      // Within a second every running chunk has stopped (a poll of 200 ms and one prompt).
      await new Promise((resolve) => setTimeout(resolve, 1000));
      for (const worker of workers) {
        const started = chunkLines(worker, id, 'chunk-start');
        const ended = [...chunkLines(worker, id, 'chunk-end'), ...chunkLines(worker, id, 'chunk-stopped'), ...chunkLines(worker, id, 'chunk-skipped')];
        for (const start of started) expect(ended.some((end) => end.chunk === start.chunk && end.atMs >= start.atMs)).toBe(true);
      }
      const startsSoFar = workers.map((worker) => chunkLines(worker, id, 'chunk-start').length);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      // Nothing more: no chunk of the job starts, and the job's rows stay as they were.
      expect(workers.map((worker) => chunkLines(worker, id, 'chunk-start').length)).toEqual(startsSoFar);
      // A chunk that read the job's state just before the cancellation may log its start a few ms
      // after the answer; it must then have stopped within its cancellation poll.
      for (const worker of workers) {
        for (const start of chunkLines(worker, id, 'chunk-start').filter((line) => line.atMs > answeredAt)) {
          const stopped = chunkLines(worker, id, 'chunk-stopped').find((line) => line.chunk === start.chunk && line.atMs >= start.atMs);
          expect(stopped && stopped.atMs - start.atMs).toBeLessThan(500);
        }
      }
      const after = await status(url, id);
      expect(after.state).toBe('cancelled');
      expect(after.rowsDone).toBe(body.rowsDone);
      expect((await fetch(`${url}/v1/jobs/${id}/results`)).status).toBe(409);
      for (const worker of workers) expect((await worker.stop()).code).toBe(0);
      expect((await api.stop()).code).toBe(0);
    },
    180_000,
  );
});
