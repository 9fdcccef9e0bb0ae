// /v1/jobs with the in-process worker (no Redis: CTUNE_REDIS_URL unset) over a real LoRA run of
// stories260K: submissions by upload and by name, the results against a one-process
// classification, the event stream, cancellation, and every refusal in the error table.
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { formatSubmission, loadPredictor, loadRecords } from '@causal-tune/inference';
import { writeCourtTestFile } from '@causal-tune/jobs/testing';
import { buildTestApp, makeServedDirectory } from './build-test-app.js';

let root: string;
let dataDir: string;
let csvPath: string;
beforeAll(async () => {
  root = await makeServedDirectory();
  dataDir = join(root, '..', `${root.split('/').pop()}-data`);
  await mkdir(join(dataDir, 'court'), { recursive: true });
  csvPath = join(dataDir, 'court', 'test.csv');
  await writeCourtTestFile(csvPath, 18);
  await writeFile(join(root, '..', `${root.split('/').pop()}-secret.csv`), 'ID,first_party,second_party,facts\nSECRET,a,b,c\n');
  await symlink(join(root, '..', `${root.split('/').pop()}-secret.csv`), join(dataDir, 'escape.csv'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
  await rm(join(root, '..', `${root.split('/').pop()}-secret.csv`), { force: true });
});

type TestApp = ReturnType<typeof buildTestApp>;
const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.jobs.close();
});
function appWith(options: Parameters<typeof buildTestApp>[1] = {}): TestApp {
  const built = buildTestApp(root, { ...options, testJobs: { dataDir, ...options.testJobs } });
  apps.push(built);
  return built;
}

async function finished(app: TestApp['app'], id: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await request(app).get(`/v1/jobs/${id}`)).body as Record<string, unknown>;
    if (['completed', 'failed', 'cancelled'].includes(String(status.state))) return status;
    if (Date.now() > deadline) throw new Error(`job ${id} did not finish: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const expectError = (response: request.Response, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(Object.keys(response.body)).toEqual(['error']);
  expect(response.body.error).toEqual({ code, message: expect.any(String), details: expect.any(Object) });
};

describe('POST /v1/jobs and the results', () => {
  it('runs an uploaded court CSV in chunks: the CSV equals one classification of the whole file, in input order', async () => {
    const { app } = appWith();
    const submitted = await request(app).post('/v1/jobs').field('model', 'court-lora').field('batch_size', '1').attach('file', csvPath, 'test.csv');
    expect(submitted.status).toBe(202);
    expect(submitted.body).toEqual({ id: expect.any(String), state: 'queued', rowsTotal: 18, chunks: 5 });
    expect(submitted.headers.location).toBe(`/v1/jobs/${submitted.body.id}`);
    const status = await finished(app, submitted.body.id);
    expect(status).toMatchObject({ state: 'completed', rowsDone: 18, rowsTotal: 18, model: 'court-lora', kind: 'court', file: 'test.csv', errors: [], etaSeconds: 0, chunks: { total: 5, done: 5, size: 4 } });
    expect(status.rowsPerSecond).toEqual(expect.any(Number));
    const csv = await request(app).get(`/v1/jobs/${submitted.body.id}/results`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    // The reference: `ctune predict`'s path in one process (loadRecords, classify, formatSubmission).
    const predictor = await loadPredictor({ runDir: join(root, 'court-lora') });
    const data = await loadRecords(csvPath);
    const reference = formatSubmission(data.records as never, await predictor.classify(data.records, { batchSize: 1 }));
    await predictor.release();
    expect(csv.text).toBe(reference);
    const jsonl = await request(app).get(`/v1/jobs/${submitted.body.id}/results?format=jsonl`);
    expect(jsonl.headers['content-type']).toContain('application/x-ndjson');
    const rows = jsonl.text.trim().split('\n').map((line) => JSON.parse(line));
    expect(rows.map((row) => row.id)).toEqual(data.records.map((record) => ('id' in record ? record.id : '')));
    expect(rows[0]).toEqual({ id: 'TEST_0000', first_party_winner: expect.any(Number), probability: expect.any(Number), asked_about: expect.any(String), label: expect.anything(), word: expect.stringMatching(/^(yes|no)$/), probabilities: { '0': expect.any(Number), '1': expect.any(Number) } });
  });

  it('runs a file named under the data directory as JSON { model, data }', async () => {
    const { app } = appWith();
    const submitted = await request(app).post('/v1/jobs').send({ model: 'stories', data: 'court/test.csv', chunk_size: 9 });
    expect(submitted.status).toBe(202);
    expect(submitted.body.chunks).toBe(2);
    expect((await finished(app, submitted.body.id)).state).toBe('completed');
    const csv = await request(app).get(`/v1/jobs/${submitted.body.id}/results`);
    expect(csv.text.split('\n')[0]).toBe('ID,first_party_winner');
    expect(csv.text.trim().split('\n')).toHaveLength(19);
  });

  it('streams progress as server-sent events, ending with done', async () => {
    const { app } = appWith();
    const submitted = await request(app).post('/v1/jobs').send({ model: 'stories', data: 'court/test.csv' });
    const events = await request(app).get(`/v1/jobs/${submitted.body.id}/events`);
    expect(events.headers['content-type']).toContain('text/event-stream');
    const names = [...events.text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
    expect(names[0]).toBe('progress');
    expect(names.at(-1)).toBe('done');
    const done = JSON.parse(/event: done\ndata: (.*)\n/.exec(events.text)![1]!);
    expect(done).toMatchObject({ state: 'completed', rowsDone: 18 });
  });

  it('cancels a running job: 200 cancelled, then 409 for a second DELETE and for the results', async () => {
    const { app } = appWith({ testJobs: { chunkSize: 2 } });
    const submitted = await request(app).post('/v1/jobs').send({ model: 'court-lora', data: 'court/test.csv', batch_size: 1 });
    expect(submitted.status).toBe(202);
    const cancelled = await request(app).delete(`/v1/jobs/${submitted.body.id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    expectError(await request(app).delete(`/v1/jobs/${submitted.body.id}`), 409, 'JOB_ALREADY_FINISHED');
    const results = await request(app).get(`/v1/jobs/${submitted.body.id}/results`);
    expectError(results, 409, 'JOB_NOT_COMPLETED');
    expect(results.body.error.details.state).toBe('cancelled');
  });
});

describe('refusals', () => {
  it('an unknown model: 404 API_NOT_FOUND, nothing queued', async () => {
    const { app, jobs } = appWith();
    expectError(await request(app).post('/v1/jobs').send({ model: 'nope', data: 'court/test.csv' }), 404, 'API_NOT_FOUND');
    expect((jobs.backend as unknown as { pending: { waiting: number } }).pending.waiting).toBe(0);
  });

  it.each([
    ['missing columns', 'bad.csv', 'ID,first_party\nT1,a\n', 'DATA_COLUMNS_INVALID'],
    ['an empty facts field', 'bad.csv', 'ID,first_party,second_party,facts\nT1,a,b,\n', 'DATA_RECORD_INVALID'],
    ['no rows', 'bad.csv', 'ID,first_party,second_party,facts\n', 'DATA_EMPTY'],
    ['an unterminated quote', 'bad.csv', 'ID,first_party,second_party,facts\nT1,a,b,"never closed\n', 'DATA_PARSE_FAILED'],
    ['invalid UTF-8', 'bad.csv', Buffer.concat([Buffer.from('ID,first_party,second_party,facts\nT1,a,b,fa'), Buffer.from([0xff, 0xfe]), Buffer.from('cts\n')]), 'DATA_ENCODING_INVALID'],
    ['an unknown extension', 'data.xlsx', 'whatever', 'DATA_FORMAT_UNKNOWN'],
  ])('an invalid file (%s): 400 %s without the server path', async (_name, fileName, content, code) => {
    const { app } = appWith();
    const response = await request(app).post('/v1/jobs').field('model', 'stories').attach('file', Buffer.from(content), fileName);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(code);
    expect(response.text).not.toMatch(/ctune-upload|\/tmp\//);
  });

  it('form problems: no file (400), unknown field (400), a file past the limit (413), another media type (415)', async () => {
    const { app } = appWith({ testJobs: { maxFileSizeBytes: 1000 } });
    const small = Buffer.from('ID,first_party,second_party,facts\nT1,Ann,Bob,Ann sued Bob.\n');
    expectError(await request(app).post('/v1/jobs').field('model', 'stories'), 400, 'CONFIG_INVALID');
    expectError(await request(app).post('/v1/jobs').field('model', 'stories').field('colour', 'red').attach('file', small, 'test.csv'), 400, 'CONFIG_INVALID');
    expectError(await request(app).post('/v1/jobs').field('model', 'stories').field('batch_size', 'many').attach('file', small, 'test.csv'), 400, 'CONFIG_INVALID');
    expectError(await request(app).post('/v1/jobs').field('model', 'stories').attach('file', small, 'test.csv').attach('file', small, 'again.csv'), 400, 'USAGE_INVALID');
    expectError(await request(app).post('/v1/jobs').field('model', 'stories').attach('file', csvPath, 'test.csv'), 413, 'API_PAYLOAD_TOO_LARGE');
    expectError(await request(app).post('/v1/jobs').set('content-type', 'text/csv').send('ID\n'), 415, 'API_UNSUPPORTED_MEDIA_TYPE');
    expectError(await request(app).post('/v1/jobs').set('content-type', 'multipart/form-data').send('--x\r\n'), 400, 'USAGE_INVALID');
  });

  it.each(['../secret.csv', '/etc/passwd', 'court/../../secret.csv', 'escape.csv', 'missing.csv'])('a data name outside the data directory or missing (%s): 404 DATA_FILE_NOT_FOUND or 400', async (name) => {
    const { app } = appWith();
    const response = await request(app).post('/v1/jobs').send({ model: 'stories', data: name });
    expect([400, 404]).toContain(response.status);
    expect(['DATA_FILE_NOT_FOUND', 'CONFIG_INVALID']).toContain(response.body.error.code);
    expect(response.text).not.toContain('SECRET');
  });

  it('a JSON request where no data directory is configured: 400 USAGE_INVALID', async () => {
    const built = buildTestApp(root, { testJobs: {} });
    apps.push(built);
    expectError(await request(built.app).post('/v1/jobs').send({ model: 'stories', data: 'court/test.csv' }), 400, 'USAGE_INVALID');
  });

  it('an unknown job: 404 JOB_NOT_FOUND on every route, malformed ids included', async () => {
    const { app } = appWith();
    for (const id of ['3f1c2a9e-0000-4000-8000-000000000000', 'not-a-job', '..%2f..%2fetc', 'x'.repeat(300)]) {
      expectError(await request(app).get(`/v1/jobs/${id}`), 404, 'JOB_NOT_FOUND');
      expectError(await request(app).get(`/v1/jobs/${id}/results`), 404, 'JOB_NOT_FOUND');
      expectError(await request(app).get(`/v1/jobs/${id}/events`), 404, 'JOB_NOT_FOUND');
      expectError(await request(app).delete(`/v1/jobs/${id}`), 404, 'JOB_NOT_FOUND');
    }
  });

  it('results of a job still running: 409 JOB_NOT_COMPLETED; a bad format: 400', async () => {
    const { app } = appWith({ testJobs: { chunkSize: 1 } });
    const submitted = await request(app).post('/v1/jobs').send({ model: 'court-lora', data: 'court/test.csv', batch_size: 1 });
    expectError(await request(app).get(`/v1/jobs/${submitted.body.id}/results`), 409, 'JOB_NOT_COMPLETED');
    expectError(await request(app).get(`/v1/jobs/${submitted.body.id}/results?format=xml`), 400, 'CONFIG_INVALID');
    await request(app).delete(`/v1/jobs/${submitted.body.id}`);
  });

  it('lists the job routes and their statuses in the OpenAPI document', async () => {
    const { app } = appWith();
    const openapi = (await request(app).get('/openapi.json')).body;
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v1/jobs', '/v1/jobs/{id}', '/v1/jobs/{id}/results', '/v1/jobs/{id}/events']));
    expect(Object.keys(openapi.paths['/v1/jobs/{id}'])).toEqual(expect.arrayContaining(['get', 'delete']));
    expect(openapi.paths['/v1/jobs'].post.responses['202']).toBeDefined();
    expect(openapi.paths['/v1/jobs'].post.requestBody.content).toHaveProperty(['multipart/form-data']);
    expect(openapi.components.schemas.JobStatus.properties.state.enum).toEqual(['queued', 'running', 'completed', 'failed', 'cancelled']);
  });
});
