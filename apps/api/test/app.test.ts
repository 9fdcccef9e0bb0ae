import request from 'supertest';
import { rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { COURT_ITEM, buildTestApp, makeServedDirectory, realLoader } from './build-test-app.js';

let root: string;
beforeAll(async () => {
  root = await makeServedDirectory();
});
afterAll(() => rm(root, { recursive: true, force: true }));

const expectError = (body: unknown, code: string) => expect(body).toMatchObject({ error: { code, message: expect.any(String) } });

describe('the API', () => {
  it('answers health, readiness, metrics, the model list and its OpenAPI document', async () => {
    const { app } = buildTestApp(root);
    expect((await request(app).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(app).get('/readyz')).status).toBe(200);
    const models = await request(app).get('/v1/models');
    expect(models.body.models.map((model: { name: string; kind: string }) => `${model.name}:${model.kind}`)).toEqual(['court-lora:run', 'stories:model']);
    const openapi = await request(app).get('/openapi.json');
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(openapi.body.components.schemas.PredictRequest.required).toEqual(expect.arrayContaining(['model', 'items']));
    const metrics = await request(app).get('/metrics');
    expect(metrics.text).toMatch(/ctune_http_requests_total\{method="GET",route="\/v1\/models",status="200"\} 1/);
    expect(metrics.text).toMatch(/ctune_http_request_duration_seconds_bucket\{le="0.005",route="\/v1\/models"\} \d/);
    expect(metrics.text).toContain('ctune_predict_queue_depth 0');
  });

  it('classifies court records and prompts with a run: label, probabilities per word, the prompt used', async () => {
    const { app } = buildTestApp(root);
    const response = await request(app).post('/v1/predict').send({ model: 'court-lora', items: [COURT_ITEM, { prompt: 'Below is an instruction.\n\n### Instruction:\nSay yes.\n\n### Response:\n' }] });
    expect(response.status).toBe(200);
    const [court, prompt] = response.body.items;
    expect(court.id).toBe('case-1');
    expect(['yes', 'no']).toContain(court.word);
    expect(court.probabilities['0'] + court.probabilities['1']).toBeCloseTo(1, 6);
    expect(court.prompt).toMatch(/### Instruction:\nDoes .* win\?\n\n### Input:\n[\s\S]*### Response:\n$/);
    expect(prompt.prompt).toContain('Say yes.');
  });

  it('returns the prompt that was scored: facts longer than the run\'s cutoffLen come back cut as the model saw them', async () => {
    const { app } = buildTestApp(root);
    const facts = `${COURT_ITEM.facts} ${Array.from({ length: 120 }, (_v, index) => `Sentence ${index} of the long record.`).join(' ')} The very last words.`;
    const response = await request(app).post('/v1/predict').send({ model: 'court-lora', items: [{ ...COURT_ITEM, facts }] });
    expect(response.status).toBe(200);
    const [item] = response.body.items;
    expect(item.prompt).toContain('In a televised speech');
    expect(item.prompt).not.toContain('The very last words.');
    expect(item.prompt).toMatch(/### Response:\n$/);
  });

  it('gathers concurrent requests into fewer batches, each answered with its own items', async () => {
    const { app, batchers } = buildTestApp(root);
    const bodies = Array.from({ length: 6 }, (_v, index) => ({ model: 'stories', items: [{ ...COURT_ITEM, id: `c${index}` }] }));
    const responses = await Promise.all(bodies.map((body) => request(app).post('/v1/predict').send(body)));
    responses.forEach((response, index) => expect(response.body.items[0].id).toBe(`c${index}`));
    expect(batchers.batchSizes.reduce((a, b) => a + b, 0)).toBe(6);
    expect(batchers.batchSizes.length).toBeLessThan(6);
  });

  it('generates JSON and streams server-sent events', async () => {
    const { app } = buildTestApp(root);
    const json = await request(app).post('/v1/generate').send({ model: 'stories', instruction: 'Tell a story.', max_new_tokens: 4 });
    expect(json.status).toBe(200);
    expect(json.body.tokenIds).toHaveLength(4);
    const stream = await request(app).post('/v1/generate').send({ model: 'stories', instruction: 'Tell a story.', max_new_tokens: 3, stream: true });
    expect(stream.headers['content-type']).toContain('text/event-stream');
    expect(stream.text.match(/event: token/g)).toHaveLength(3);
    expect(stream.text).toContain('event: done');
  });

  it('answers 400 with every validation problem listed', async () => {
    const { app } = buildTestApp(root);
    const response = await request(app).post('/v1/predict').send({ items: [{ facts: 7 }], extra: true });
    expect(response.status).toBe(400);
    expectError(response.body, 'CONFIG_INVALID');
    expect(response.body.error.details.issues.length).toBeGreaterThanOrEqual(2);
    const malformed = await request(app).post('/v1/predict').set('content-type', 'application/json').send('{"model": ');
    expect(malformed.status).toBe(400);
    expectError(malformed.body, 'USAGE_INVALID');
  });

  it('answers 401 without the key, and accepts Bearer and x-api-key', async () => {
    const { app } = buildTestApp(root, { apiKey: 'secret' });
    expectError((await request(app).get('/v1/models').expect(401)).body, 'API_UNAUTHORIZED');
    await request(app).get('/v1/models').set('authorization', 'Bearer wrong').expect(401);
    await request(app).get('/v1/models').set('authorization', 'Bearer secret').expect(200);
    await request(app).get('/v1/models').set('x-api-key', 'secret').expect(200);
    await request(app).get('/healthz').expect(200);
  });

  it('answers 404 for unknown models and routes, and never follows names out of the served directory', async () => {
    await symlink('/etc', join(root, 'escape')).catch(() => undefined);
    const { app } = buildTestApp(root);
    for (const model of ['nope', '../stories', '..', '/etc', 'escape', 'stories/../court-lora', '%2e%2e']) {
      const response = await request(app).post('/v1/predict').send({ model, items: [COURT_ITEM] });
      expect(response.status).toBe(404);
      expectError(response.body, 'API_NOT_FOUND');
    }
    expectError((await request(app).get('/v1/nothing').expect(404)).body, 'API_NOT_FOUND');
  });

  it('answers 413 past the body limit, 429 past the rate limit and 503 when the queue is full', async () => {
    const small = buildTestApp(root, { bodyLimit: '1kb' });
    expectError((await request(small.app).post('/v1/predict').send({ model: 'stories', items: [{ ...COURT_ITEM, facts: 'x'.repeat(5000) }] }).expect(413)).body, 'API_PAYLOAD_TOO_LARGE');
    const limited = buildTestApp(root, { rateLimitPerMinute: 2, rateLimitWindowMs: 1000 });
    await request(limited.app).get('/v1/models').expect(200);
    await request(limited.app).get('/v1/models').expect(200);
    const over = await request(limited.app).get('/v1/models').expect(429);
    expectError(over.body, 'API_RATE_LIMITED');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await request(limited.app).get('/v1/models').expect(200);
    const full = buildTestApp(root, { batching: { maxBatchSize: 1, maxWaitMs: 50, capacity: 1 } });
    const answers = await Promise.all([1, 2, 3].map(() => request(full.app).post('/v1/predict').send({ model: 'stories', items: [COURT_ITEM] })));
    expect(answers.map((answer) => answer.status)).toContain(503);
    expectError(answers.find((answer) => answer.status === 503)!.body, 'API_QUEUE_FULL');
    expect(answers.map((answer) => answer.status)).toContain(200);
  });

  it('answers 500 without internals when something unexpected breaks, and drains the queue on shutdown', async () => {
    const broken = buildTestApp(root, { loader: async () => { throw new Error('secret internal detail'); } });
    const response = await request(broken.app).post('/v1/predict').send({ model: 'stories', items: [COURT_ITEM] });
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('secret');
    const loader = realLoader();
    const { app, batchers } = buildTestApp(root, { loader });
    const pending = request(app).post('/v1/predict').send({ model: 'stories', items: [COURT_ITEM] }).then((answer) => answer.status);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await batchers.drain();
    expect(await pending).toBe(200);
    expect(loader.loads).toBe(1);
  });
});
