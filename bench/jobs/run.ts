/**
 * bench/jobs: bulk prediction of one court file (rows/s) through the prediction jobs of
 * issue 13, beside `ctune predict` on the same rows, each configuration using the whole machine:
 *   - `ctune predict` (one process, --threads = the cores);
 *   - the API without Redis (its in-process worker, CTUNE_THREADS = the cores);
 *   - the API on a real redis-server with 1 and with 2 `ctune worker` processes (cores / N
 *     threads each).
 * Every process is the built one (apps/api/dist/server.js, apps/cli/dist/bin.js), so its peak
 * RSS (VmHWM, sampled every 50 ms) is its own. A job's time runs from POST /v1/jobs to the
 * status `completed` and includes the workers' first model load, as `ctune predict`'s includes
 * its own. The model is a LoRA run of the bundled stories260K: small enough that the figures
 * show the queue's cost per chunk beside the arithmetic. Prints a table and writes
 * bench/results/jobs.json.
 *
 *   pnpm bench:jobs   (options: --rows 480 --chunk 32 --batch 8 --cores 2)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeRunDirectory } from '@causal-tune/inference/testing';
import { startRedisServer, writeCourtTestFile } from '@causal-tune/jobs/testing';
import { loadModelConfig } from '@causal-tune/models';
import { peakResidentBytes } from '../lib/process-memory.js';
import { printTable, writeResults, type Row } from '../lib/report.js';

const here = dirname(fileURLToPath(import.meta.url));
const repository = join(here, '..', '..');
const CTUNE_BIN = join(repository, 'apps', 'cli', 'dist', 'bin.js');
const API_SERVER = join(repository, 'apps', 'api', 'dist', 'server.js');
const STORIES = join(repository, 'fixtures', 'models', 'stories260K');
const { values: flags } = parseArgs({
  args: process.argv.slice(2).filter((argument) => argument !== '--'),
  options: {
    rows: { type: 'string', default: '480' },
    chunk: { type: 'string', default: '32' },
    batch: { type: 'string', default: '8' },
    cores: { type: 'string', default: '2' },
  },
});
const [rows, chunkSize, batchSize, cores] = [flags.rows, flags.chunk, flags.batch, flags.cores].map(Number) as [number, number, number, number];

/** A spawned built process: its output, the first JSON line that matches, its peak RSS. */
interface Started {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
  waitFor(event: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  peakRssBytes(): number;
  stop(): Promise<void>;
}

function start(script: string, args: readonly string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const lines: Record<string, unknown>[] = [];
  let pending = '';
  const onData = (data: Buffer) => {
    output += data.toString();
    pending += data.toString();
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        // a text line
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  // VmHWM only grows; the last sample before the exit is the peak (within 50 ms of work).
  let peak = Number.NaN;
  const sampler = setInterval(() => {
    const sample = peakResidentBytes(child.pid!);
    if (!Number.isNaN(sample)) peak = sample;
  }, 50);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      clearInterval(sampler);
      resolve(code);
    }),
  );
  return {
    child,
    exited,
    output: () => output,
    waitFor: (event, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const since = Date.now();
        const poll = setInterval(() => {
          const found = lines.find((line) => line.event === event || line.msg === event);
          if (found || child.exitCode !== null || Date.now() - since > timeoutMs) {
            clearInterval(poll);
            if (found) resolve(found);
            else reject(new Error(`${script}: no ${event} line; output:\n${output.slice(-3000)}`));
          }
        }, 10);
      }),
    peakRssBytes: () => peak,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

const work = await mkdtemp(join(tmpdir(), 'ctune-bench-jobs-'));
const models = join(work, 'models');
await mkdir(models);
await writeRunDirectory(join(models, 'court-lora'), { method: 'lora', modelPath: STORIES, modelConfig: await loadModelConfig(STORIES) });
const dataPath = join(work, 'test.csv');
await writeCourtTestFile(dataPath, rows);
const redis = await startRedisServer();

interface Measurement {
  readonly configuration: string;
  readonly processes: number;
  readonly threadsEach: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  /** Peak RSS of each process of the configuration (API first, then workers). */
  readonly peakRssBytes: readonly number[];
  /** Whether the submission CSV is byte for byte `ctune predict`'s. */
  readonly sameAsPredict: boolean;
}
const measurements: Measurement[] = [];

// 1. `ctune predict`: the single-process reference, and the CSV every job is compared with.
const referencePath = join(work, 'reference.csv');
{
  const started = performance.now();
  const predict = start(CTUNE_BIN, ['predict', '--run', join(models, 'court-lora'), '--data', dataPath, '--out', referencePath, '--batch-size', String(batchSize), '--threads', String(cores)], {});
  const code = await predict.exited;
  if (code !== 0) throw new Error(`ctune predict exited ${code}:\n${predict.output()}`);
  const seconds = (performance.now() - started) / 1000;
  measurements.push({ configuration: 'ctune predict', processes: 1, threadsEach: cores, seconds, rowsPerSecond: rows / seconds, peakRssBytes: [predict.peakRssBytes()], sameAsPredict: true });
}
const reference = await readFile(referencePath, 'utf8');

/** Submits the file to the API at `url` and follows it to `completed`; resolves with the seconds and the CSV. */
async function runJob(url: string): Promise<{ seconds: number; csv: string }> {
  const form = new FormData();
  form.set('model', 'court-lora');
  form.set('batch_size', String(batchSize));
  form.set('file', new Blob([await readFile(dataPath)]), 'test.csv');
  const started = performance.now();
  const response = await fetch(`${url}/v1/jobs`, { method: 'POST', body: form });
  const { id } = (await response.json()) as { id: string };
  if (response.status !== 202) throw new Error(`POST /v1/jobs answered ${response.status}`);
  for (;;) {
    const status = (await (await fetch(`${url}/v1/jobs/${id}`)).json()) as { state: string; errors: unknown[] };
    if (status.state === 'completed') break;
    if (status.state === 'failed' || status.state === 'cancelled') throw new Error(`job ${id} ${status.state}: ${JSON.stringify(status.errors)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds, csv: await (await fetch(`${url}/v1/jobs/${id}/results`)).text() };
}

const apiEnv = { CTUNE_MODELS_DIR: models, CTUNE_API_PORT: '0', CTUNE_API_RATE_LIMIT: '100000', CTUNE_JOBS_CHUNK_SIZE: String(chunkSize) };

// 2. The API alone: its in-process worker.
{
  const api = start(API_SERVER, [], { ...apiEnv, CTUNE_THREADS: String(cores) });
  const url = String((await api.waitFor('server-listening')).url);
  const { seconds, csv } = await runJob(url);
  await api.stop();
  measurements.push({ configuration: 'API, in-process worker', processes: 1, threadsEach: cores, seconds, rowsPerSecond: rows / seconds, peakRssBytes: [api.peakRssBytes()], sameAsPredict: csv === reference });
}

// 3. The API on Redis with 1 and 2 `ctune worker` processes.
for (const workerCount of [1, 2]) {
  const prefix = `bench-${randomUUID()}`;
  const threads = Math.max(1, Math.floor(cores / workerCount));
  const api = start(API_SERVER, [], { ...apiEnv, CTUNE_REDIS_URL: redis.url, CTUNE_REDIS_PREFIX: prefix });
  const url = String((await api.waitFor('server-listening')).url);
  const workers = Array.from({ length: workerCount }, (_unused, index) => start(CTUNE_BIN, ['worker', '--redis', redis.url, '--models', models, '--prefix', prefix, '--name', `bench-${index}`, '--threads', String(threads), '--json'], {}));
  await Promise.all(workers.map((worker) => worker.waitFor('worker-ready')));
  const { seconds, csv } = await runJob(url);
  await Promise.all(workers.map((worker) => worker.stop()));
  await api.stop();
  measurements.push({
    configuration: `API + ${workerCount} ctune worker${workerCount === 1 ? '' : 's'} (Redis)`,
    processes: 1 + workerCount,
    threadsEach: threads,
    seconds,
    rowsPerSecond: rows / seconds,
    peakRssBytes: [api.peakRssBytes(), ...workers.map((worker) => worker.peakRssBytes())],
    sameAsPredict: csv === reference,
  });
}
await redis.stop();
await rm(work, { recursive: true, force: true });

const predictRate = measurements[0]!.rowsPerSecond;
const megabytes = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const table: Row[] = measurements.map((measurement) => ({
  configuration: measurement.configuration,
  'threads each': measurement.threadsEach,
  seconds: measurement.seconds,
  'rows/s': measurement.rowsPerSecond,
  'vs predict': measurement.rowsPerSecond / predictRate,
  'peak RSS MB (API, workers)': measurement.peakRssBytes.map(megabytes).join(' + '),
  'same CSV as predict': measurement.sameAsPredict ? 'yes' : 'no',
}));
printTable(`bench/jobs: ${rows} court rows, stories260K LoRA run, chunks of ${chunkSize}, batch ${batchSize}, ${cores} cores`, table);
const path = writeResults('jobs', { rows, chunkSize, batchSize, cores, model: 'stories260K + LoRA (writeRunDirectory)', measurements });
process.stdout.write(`\nwrote ${path}\n`);
