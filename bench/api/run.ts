/**
 * bench/api: requests/s and p50/p99 latency of POST /v1/predict on loopback, at concurrency 1, 16
 * and 64, with dynamic batching on (batch 16, 5 ms wait) and off (batch 1, no wait), side by side
 * in one run. Serves the bundled stories260K as a model directory. Prints a table and writes
 * bench/results/api.json.
 *
 *   pnpm bench:api            (options: --seconds N)
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadApiEnv, startServer } from '@causal-tune/api';
import { noopLogger } from '@causal-tune/core';
import { printTable, writeResults } from '../lib/report.js';

const { values: flags } = parseArgs({ args: process.argv.slice(2).filter((argument) => argument !== '--'), options: { seconds: { type: 'string', default: '5' } } });
const root = await mkdtemp(join(tmpdir(), 'ctune-bench-api-'));
await cp(join(import.meta.dirname, '..', '..', 'fixtures', 'models', 'stories260K'), join(root, 'stories'), { recursive: true });
const body = JSON.stringify({
  model: 'stories',
  items: [{ first_party: 'Phil A. St. Amant', second_party: 'Herman A. Thompson', facts: 'In a televised speech, St. Amant read a statement about Thompson, a deputy sheriff. Thompson sued St. Amant for defamation, and the state court found for Thompson.' }],
});

const rows = [];
for (const batching of [true, false]) {
  const env = loadApiEnv({ CTUNE_MODELS_DIR: root, CTUNE_API_PORT: '0', CTUNE_API_RATE_LIMIT: '100000000', CTUNE_API_BATCH_SIZE: batching ? '16' : '1', CTUNE_API_BATCH_WAIT_MS: batching ? '5' : '0', CTUNE_API_QUEUE_CAPACITY: '4096', CTUNE_THREADS: '2' });
  const server = await startServer(env, noopLogger);
  // Warm up: load the predictor and build its session before measuring.
  await fetch(`${server.url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  for (const connections of [1, 16, 64]) {
    const result = await autocannon({ url: `${server.url}/v1/predict`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: Number(flags.seconds) });
    rows.push({ batching: batching ? 'on (16, 5 ms)' : 'off', concurrency: connections, 'requests/s': result.requests.average, 'p50 ms': result.latency.p50, 'p99 ms': result.latency.p99, errors: result.errors + result.non2xx });
  }
  await server.close();
}
printTable(`bench/api: POST /v1/predict (one court record, stories260K), ${flags.seconds} s per row, loopback`, rows);
process.stdout.write(`wrote ${writeResults('api', { seconds: Number(flags.seconds), rows })}\n`);
