// Property-based fuzzing of the whole HTTP stack (issue 15): requests generated from the zod
// request schemas and mutated (test/fuzz/fuzz-requests.ts), sent over real sockets to
// createApp behind createHttpServer. For every answer: no 5xx; every 4xx is exactly
// { error: { code, message, details } }; no file contents and no server path the request did
// not contain itself. Afterwards the server is still healthy.
//
//   CI:        FUZZ_RUNS unset: 300 requests (about 12 s on two cores), a fresh seed each time
//   by hand:   pnpm fuzz:api   (FUZZ_RUNS=2000 unless set; the counts go to
//              bench/results/fuzz.json, or FUZZ_REPORT=path); FUZZ_SEED=n replays a run
import { Agent, request as httpRequest, type Server } from 'node:http';
import { cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { noopLogger } from '@causal-tune/core';
import { jobOptionsSchema } from '@causal-tune/jobs';
import { createHttpServer } from '../src/http-server.js';
import { buildTestApp, makeServedDirectory } from './build-test-app.js';
import { fuzzRequests, type FuzzRequest } from './fuzz/fuzz-requests.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED);
const REPORT = process.env.FUZZ_REPORT;
const API_KEY = 'fuzz-key';
const SECRET = 'root:x:0:0:fuzz-secret-content';
const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));

let root: string;
let dataDir: string;
let server: Server;
let port: number;
let jobs: { close(): Promise<void> };
const jobIds: string[] = [];
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
beforeAll(async () => {
  root = await makeServedDirectory();
  // A model whose config links to a secret outside the served directory, and a link to /etc.
  await writeFile(join(root, '..', `${root.split('/').pop()}-secret.json`), SECRET);
  await mkdir(join(root, 'linked-config'));
  await cp(join(root, 'court-lora', 'adapter'), join(root, 'linked-config', 'adapter'), { recursive: true });
  await symlink(join(root, '..', `${root.split('/').pop()}-secret.json`), join(root, 'linked-config', 'config.json'));
  await symlink('/etc', join(root, 'escape'));
  // Job data: a small court file, a bad one, a link to the secret and a link to /etc.
  dataDir = `${root}-data`;
  await mkdir(join(dataDir, 'court'), { recursive: true });
  await writeFile(join(dataDir, 'court', 'test.csv'), 'ID,first_party,second_party,facts\nT1,Ann Lee,Bob Stone,"Ann Lee sued Bob Stone."\nT2,Bob Stone,Ann Lee,"Ann Lee sued Bob Stone."\n');
  await writeFile(join(dataDir, 'court', 'bad.csv'), 'ID,first_party\nT1,a\n');
  await symlink(join(root, '..', `${root.split('/').pop()}-secret.json`), join(dataDir, 'escape.csv'));
  await symlink('/etc', join(dataDir, 'etc-link'));
  const built = buildTestApp(root, { apiKey: API_KEY, bodyLimit: '100kb', rateLimitPerMinute: 1_000_000, testJobs: { dataDir, maxFileSizeBytes: 200_000, chunkSize: 2 } });
  const { app } = built;
  jobs = built.jobs;
  // Jobs that exist, for the job routes: one completed before the fuzzing starts, one queued behind it.
  for (let index = 0; index < 2; index += 1) jobIds.push((await built.jobs.submit({ model: 'stories', file: 'fuzz.csv', data: { kind: 'court', records: [{ row: 1, id: `F${index}`, firstParty: 'Ann Lee', secondParty: 'Bob Stone', facts: 'Ann Lee sued Bob Stone.' }] }, options: jobOptionsSchema.parse({}) })).id);
  const deadline = Date.now() + 30_000;
  while ((await built.jobs.status(jobIds[0]!)).state !== 'completed' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  ({ server } = createHttpServer(app, { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5000, logger: noopLogger }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  agent.destroy();
  await jobs.close();
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
  await rm(join(root, '..', `${root.split('/').pop()}-secret.json`), { force: true });
});

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

function send(request: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, method: request.method, path: request.path, headers: request.headers, agent }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, text }));
    });
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

// Absolute paths under a top-level directory of this machine (/tmp/..., /etc, /work/...).
const SERVER_PATH = /(?<![\w.~-])\/(?:tmp|etc|work|root|home|usr|var|proc|opt|srv|mnt|dev|sys|bin|lib)(?![\w.-])(?:\/[^\s"'\\<>]*)?/g;

/** The problem with one answer, or undefined. */
function problemOf(request: FuzzRequest, answer: Answer): string | undefined {
  if (answer.status >= 500) return `status ${answer.status}`;
  const sent = `${request.path} ${request.body?.toString('latin1') ?? ''} ${JSON.stringify(request.headers)}`;
  const whole = `${JSON.stringify(answer.headers)} ${answer.text}`;
  for (const secret of [SECRET, 'root:x:0:0', 'fuzz-secret-content', root, REPOSITORY, tmpdir() + '/']) if (whole.includes(secret) && !sent.includes(secret)) return `answer contains ${secret}`;
  for (const path of whole.match(SERVER_PATH) ?? []) if (!sent.includes(path)) return `answer contains the server path ${path}`;
  if (answer.status >= 400 && request.method !== 'HEAD') {
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return `a ${answer.status} whose body is not JSON: ${answer.text.slice(0, 120)}`;
    }
    const error = (body as { error?: Record<string, unknown> }).error;
    const shaped = typeof body === 'object' && body !== null && Object.keys(body).join() === 'error' && typeof error === 'object' && error !== null && Object.keys(error).sort().join() === 'code,details,message' && typeof error.code === 'string' && typeof error.message === 'string' && typeof error.details === 'object' && error.details !== null && !Array.isArray(error.details);
    if (!shaped) return `a ${answer.status} outside the error shape: ${answer.text.slice(0, 200)}`;
  }
  return undefined;
}

describe('fuzzing the API', () => {
  it(`answers ${RUNS} generated and mutated requests without a 5xx, in the error shape, without leaks, and stays healthy`, async () => {
    const counts: Record<string, number> = {};
    const codes: Record<string, number> = {};
    const mutations: Record<string, number> = {};
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(fuzzRequests(API_KEY, jobIds), async (request) => {
        const answer = await send(request);
        requests += 1;
        counts[answer.status] = (counts[answer.status] ?? 0) + 1;
        mutations[request.mutation] = (mutations[request.mutation] ?? 0) + 1;
        if (answer.status >= 400 && request.method !== 'HEAD') {
          const code = String((JSON.parse(answer.text) as { error?: { code?: string } })?.error?.code);
          codes[code] = (codes[code] ?? 0) + 1;
        }
        const problem = problemOf(request, answer);
        if (problem) throw new Error(`${problem}\n  request: ${request.method} ${request.path} (${request.mutation}) ${JSON.stringify(request.headers)} ${request.body?.toString('latin1').slice(0, 300) ?? ''}`);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    const healthz = await send({ method: 'GET', path: '/healthz', headers: {}, mutation: 'check' });
    expect(healthz.status).toBe(200);
    const predict = await send({ method: 'POST', path: '/v1/predict', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: Buffer.from(JSON.stringify({ model: 'stories', items: [{ prompt: 'Say yes.\n\n### Response:\n' }] })), mutation: 'check' });
    expect(predict.status).toBe(200);
    const summary = { seed: SEED, requests, statuses: counts, errorCodes: codes, mutations, serverErrors: Object.entries(counts).filter(([status]) => Number(status) >= 500).reduce((sum, [, count]) => sum + count, 0), healthyAfter: true };
    if (REPORT) {
      await mkdir(dirname(REPORT), { recursive: true });
      await writeFile(REPORT, `${JSON.stringify({ date: new Date().toISOString(), ...summary }, null, 2)}\n`);
    }
    expect(summary.serverErrors).toBe(0);
  }, 600_000);
});
