/**
 * bench/soak: the API under mixed valid and invalid traffic for N minutes at concurrency 64, on
 * 127.0.0.1 only. The server is apps/api's real server.js in its own process (so its RSS is its
 * own), serving the bundled stories260K as a model directory and a LoRA run made for it. Samples
 * the server's RSS and heap every --sample-seconds; reports p50/p99 latency per kind of request,
 * status counts, answers outside the error shape, whether memory levels off (the RSS trend over
 * the second half adds less than 2 % of the RSS, at least 5 MB), and how SIGTERM ends it. Prints tables and writes
 * bench/results/soak.json.
 *
 *   pnpm bench:soak   (options: --minutes 10 --concurrency 64 --sample-seconds 10 --threads 1)
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createSeededRandom } from '@causal-tune/core';
import { writeRunDirectory } from '@causal-tune/inference/testing';
import { loadModelConfig } from '@causal-tune/models';
import { percentile, slope } from '../lib/percentiles.js';
import { residentBytes } from '../lib/process-memory.js';
import { printTable, writeResults, type Row } from '../lib/report.js';

const here = dirname(fileURLToPath(import.meta.url));
const repository = join(here, '..', '..');
const { values: flags } = parseArgs({
  args: process.argv.slice(2).filter((argument) => argument !== '--'),
  options: {
    minutes: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '64' },
    'sample-seconds': { type: 'string', default: '10' },
    threads: { type: 'string', default: '1' },
  },
});
const [minutes, concurrency, sampleSeconds] = [flags.minutes, flags.concurrency, flags['sample-seconds']].map(Number) as [number, number, number];
const API_KEY = 'soak-key';

// The served directory: a model directory and a LoRA run over it.
const root = await mkdtemp(join(tmpdir(), 'ctune-soak-'));
const stories = join(repository, 'fixtures', 'models', 'stories260K');
await cp(stories, join(root, 'stories'), { recursive: true });
await writeRunDirectory(join(root, 'court-lora'), { method: 'lora', modelPath: join(root, 'stories'), modelConfig: await loadModelConfig(stories) });

const server = spawn(process.execPath, [join(repository, 'apps', 'api', 'dist', 'server.js')], {
  env: {
    PATH: process.env.PATH ?? '',
    CTUNE_MODELS_DIR: root,
    CTUNE_API_HOST: '127.0.0.1',
    CTUNE_API_PORT: '0',
    CTUNE_API_KEY: API_KEY,
    CTUNE_API_RATE_LIMIT: '100000000',
    CTUNE_API_BODY_LIMIT: '64kb',
    CTUNE_API_LOG_LEVEL: 'info',
    CTUNE_API_DRAIN_TIMEOUT_MS: '10000',
    CTUNE_THREADS: flags.threads!,
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let serverOutput = '';
server.stdout.on('data', (chunk) => (serverOutput += chunk));
const exited = new Promise<{ code: number | null; atMs: number }>((resolve) => server.once('exit', (code) => resolve({ code, atMs: performance.now() })));
const port = await new Promise<number>((resolve, reject) => {
  const started = Date.now();
  const poll = setInterval(() => {
    const url = /"msg":"server-listening"/.test(serverOutput) ? /"url":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(serverOutput)?.[1] : undefined;
    if (url) {
      clearInterval(poll);
      resolve(Number(url));
    } else if (server.exitCode !== null || Date.now() - started > 60_000) {
      clearInterval(poll);
      reject(new Error(`the server did not start:\n${serverOutput}`));
    }
  }, 50);
});

interface Traffic {
  readonly kind: string;
  readonly weight: number;
  readonly valid: boolean;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
}

const json = { 'content-type': 'application/json', 'x-api-key': API_KEY };
const court = { first_party: 'Phil A. St. Amant', second_party: 'Herman A. Thompson', facts: 'In a televised speech, St. Amant read a statement about Thompson, a deputy sheriff. Thompson sued St. Amant for defamation, and the state court found for Thompson.' };
const body = (value: unknown) => Buffer.from(JSON.stringify(value));
const truncatedGzip = gzipSync(body({ model: 'stories', items: [court] }));
const invalidUtf8 = Buffer.concat([Buffer.from('{"model":"stories","items":[{"prompt":"x'), Buffer.from([0xff, 0xfe]), Buffer.from('"}]}')]);
const TRAFFIC: Traffic[] = [
  { kind: 'predict court (1 item)', weight: 30, valid: true, method: 'POST', path: '/v1/predict', headers: json, body: body({ model: 'court-lora', items: [{ id: 'c1', ...court }] }) },
  { kind: 'predict model (4 items)', weight: 5, valid: true, method: 'POST', path: '/v1/predict', headers: json, body: body({ model: 'stories', items: [court, court, { prompt: 'Say yes.\n\n### Response:\n' }, court] }) },
  { kind: 'generate 8 tokens', weight: 10, valid: true, method: 'POST', path: '/v1/generate', headers: json, body: body({ model: 'stories', instruction: 'Tell a story.', max_new_tokens: 8 }) },
  { kind: 'generate stream 4 tokens', weight: 5, valid: true, method: 'POST', path: '/v1/generate', headers: json, body: body({ model: 'court-lora', instruction: 'Tell a story.', max_new_tokens: 4, stream: true }) },
  { kind: 'GET /v1/models', weight: 5, valid: true, method: 'GET', path: '/v1/models', headers: { 'x-api-key': API_KEY } },
  { kind: 'GET /healthz', weight: 5, valid: true, method: 'GET', path: '/healthz', headers: {} },
  { kind: 'invalid JSON', weight: 8, valid: false, method: 'POST', path: '/v1/predict', headers: json, body: Buffer.from('{"model": "stories", "items": [') },
  { kind: 'schema-invalid', weight: 8, valid: false, method: 'POST', path: '/v1/predict', headers: json, body: body({ model: 7, items: [{ facts: 1 }], extra: true }) },
  { kind: 'unknown model', weight: 6, valid: false, method: 'POST', path: '/v1/predict', headers: json, body: body({ model: '../etc', items: [court] }) },
  { kind: 'wrong key', weight: 6, valid: false, method: 'POST', path: '/v1/predict', headers: { ...json, 'x-api-key': 'guess' }, body: body({ model: 'stories', items: [court] }) },
  { kind: 'oversized body', weight: 3, valid: false, method: 'POST', path: '/v1/predict', headers: json, body: body({ model: 'stories', items: [{ prompt: 'x'.repeat(80_000) }] }) },
  { kind: 'unknown route', weight: 3, valid: false, method: 'GET', path: '/v1/nothing/here', headers: { 'x-api-key': API_KEY } },
  { kind: 'invalid UTF-8', weight: 3, valid: false, method: 'POST', path: '/v1/predict', headers: json, body: invalidUtf8 },
  { kind: 'truncated gzip', weight: 3, valid: false, method: 'POST', path: '/v1/predict', headers: { ...json, 'content-encoding': 'gzip' }, body: truncatedGzip.subarray(0, truncatedGzip.length - 10) },
];
const totalWeight = TRAFFIC.reduce((sum, traffic) => sum + traffic.weight, 0);

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
function send(traffic: Traffic): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, method: traffic.method, path: traffic.path, headers: traffic.headers, agent }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', () => resolve({ status: 0, text }));
    });
    outgoing.on('error', () => resolve({ status: 0, text: '' }));
    outgoing.end(traffic.body);
  });
}

const isErrorShape = (text: string) => {
  try {
    const parsed = JSON.parse(text) as { error?: Record<string, unknown> };
    return Object.keys(parsed).join() === 'error' && typeof parsed.error?.code === 'string' && typeof parsed.error?.message === 'string' && typeof parsed.error?.details === 'object';
  } catch {
    return false;
  }
};

// Warm up: both predictors loaded and their sessions built before anything is measured.
for (const traffic of TRAFFIC.filter((item) => item.valid)) await send(traffic);

const latencies = new Map<string, number[]>(TRAFFIC.map((traffic) => [traffic.kind, []]));
const statuses = new Map<string, Map<number, number>>(TRAFFIC.map((traffic) => [traffic.kind, new Map()]));
let outsideShape = 0;
let wrongValid = 0;
let intervalLatencies: number[] = [];
const samples: { seconds: number; rssMb: number; heapMb: number; requestsPerSecond: number; p50Ms: number; p99Ms: number }[] = [];
const random = createSeededRandom(15, 'soak');
const started = performance.now();
const endAt = started + minutes * 60_000;

async function worker(): Promise<void> {
  while (performance.now() < endAt) {
    let pick = random.nextUint32() % totalWeight;
    const traffic = TRAFFIC.find((item) => (pick -= item.weight) < 0)!;
    const sent = performance.now();
    const { status, text } = await send(traffic);
    const ms = performance.now() - sent;
    latencies.get(traffic.kind)!.push(ms);
    intervalLatencies.push(ms);
    const counts = statuses.get(traffic.kind)!;
    counts.set(status, (counts.get(status) ?? 0) + 1);
    if (status >= 400 && !isErrorShape(text)) outsideShape += 1;
    if (traffic.valid && status !== 200) wrongValid += 1;
  }
}

async function heapMb(): Promise<number> {
  const { text } = await send({ kind: 'metrics', weight: 0, valid: true, method: 'GET', path: '/metrics', headers: {} });
  const used = /^ctune_nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1];
  return used === undefined ? Number.NaN : Number(used) / 2 ** 20;
}

const sampler = setInterval(() => {
  void heapMb().then((heap) => {
    const seconds = (performance.now() - started) / 1000;
    samples.push({ seconds: Math.round(seconds), rssMb: residentBytes(server.pid!) / 2 ** 20, heapMb: heap, requestsPerSecond: intervalLatencies.length / sampleSeconds, p50Ms: percentile(intervalLatencies, 0.5), p99Ms: percentile(intervalLatencies, 0.99) });
    intervalLatencies = [];
    process.stderr.write(`soak ${Math.round(seconds)} s | rss ${samples.at(-1)!.rssMb.toFixed(1)} MB | heap ${heap.toFixed(1)} MB | ${samples.at(-1)!.requestsPerSecond.toFixed(0)} req/s\n`);
  });
}, sampleSeconds * 1000);
const startRssMb = residentBytes(server.pid!) / 2 ** 20;
await Promise.all(Array.from({ length: concurrency }, worker));
clearInterval(sampler);

// SIGTERM with an idle pool: how the drain ends the process.
const signalled = performance.now();
server.kill('SIGTERM');
const exit = await exited;
agent.destroy();
await rm(root, { recursive: true, force: true });

const all = [...latencies.values()].flat();
const statusTotals = new Map<number, number>();
for (const counts of statuses.values()) for (const [status, count] of counts) statusTotals.set(status, (statusTotals.get(status) ?? 0) + count);
const half = samples.filter((sample) => sample.seconds >= (minutes * 60) / 2);
const firstHalf = samples.filter((sample) => sample.seconds < (minutes * 60) / 2);
const rssSlopeSecondHalf = slope(half.map((sample) => sample.seconds / 60), half.map((sample) => sample.rssMb));
const rssSlopeFirstHalf = slope(firstHalf.map((sample) => sample.seconds / 60), firstHalf.map((sample) => sample.rssMb));
const heapSlopeSecondHalf = slope(half.map((sample) => sample.seconds / 60), half.map((sample) => sample.heapMb));
// Levels off: over the second half, the RSS trend adds less than 2 % of the RSS (at least 5 MB):
// allocator noise is a few MB either way, a leak keeps adding.
const halfMinutes = minutes / 2;
const meanRssSecondHalf = half.reduce((sum, sample) => sum + sample.rssMb, 0) / Math.max(1, half.length);
const rssGrowthSecondHalfMb = rssSlopeSecondHalf * halfMinutes;
const levelsOff = rssGrowthSecondHalfMb < Math.max(5, 0.02 * meanRssSecondHalf);

printTable(`bench/soak: server RSS and latency every ${sampleSeconds} s (concurrency ${concurrency}, ${minutes} min)`, samples.map((sample) => ({ 's': sample.seconds, 'RSS MB': sample.rssMb, 'heap MB': sample.heapMb, 'req/s': sample.requestsPerSecond, 'p50 ms': sample.p50Ms, 'p99 ms': sample.p99Ms })));
const kindRows: Row[] = TRAFFIC.map((traffic) => ({
  kind: traffic.kind,
  requests: latencies.get(traffic.kind)!.length,
  'p50 ms': percentile(latencies.get(traffic.kind)!, 0.5),
  'p99 ms': percentile(latencies.get(traffic.kind)!, 0.99),
  statuses: [...statuses.get(traffic.kind)!].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' '),
}));
printTable('bench/soak: per kind of request', kindRows);
const summary = {
  minutes,
  concurrency,
  requests: all.length,
  requestsPerSecond: all.length / (minutes * 60),
  p50Ms: percentile(all, 0.5),
  p99Ms: percentile(all, 0.99),
  statuses: Object.fromEntries([...statusTotals].sort(([a], [b]) => a - b)),
  serverErrors: [...statusTotals].filter(([status]) => status >= 500 || status === 0).reduce((sum, [, count]) => sum + count, 0),
  validNot200: wrongValid,
  outsideErrorShape: outsideShape,
  rssStartMb: startRssMb,
  rssEndMb: samples.at(-1)?.rssMb ?? Number.NaN,
  rssMaxMb: Math.max(...samples.map((sample) => sample.rssMb)),
  rssSlopeFirstHalfMbPerMinute: rssSlopeFirstHalf,
  rssSlopeSecondHalfMbPerMinute: rssSlopeSecondHalf,
  rssGrowthSecondHalfMb,
  heapSlopeSecondHalfMbPerMinute: heapSlopeSecondHalf,
  memoryLevelsOff: levelsOff,
  sigtermExitCode: exit.code,
  sigtermExitMs: exit.atMs - signalled,
};
printTable('bench/soak: summary', Object.entries(summary).map(([name, value]) => ({ measure: name, value: typeof value === 'object' ? JSON.stringify(value) : typeof value === 'boolean' ? String(value) : (value ?? 'null') })));
process.stdout.write(`wrote ${writeResults('soak', { ...summary, samples, kinds: kindRows })}\n`);
