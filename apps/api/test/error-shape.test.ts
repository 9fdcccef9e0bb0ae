// Issue 15, item 7: every refusal, including Node's own before the app sees a request, is
// { error: { code, message, details } } with the right status; 503s carry Retry-After.
import { gzipSync } from 'node:zlib';
import { rm } from 'node:fs/promises';
import request from 'supertest';
import { noopLogger } from '@causal-tune/core';
import { loadApiEnv } from '../src/env.js';
import { startServer, type RunningServer } from '../src/start-server.js';
import { COURT_ITEM, buildTestApp, makeServedDirectory } from './build-test-app.js';
import { expectErrorShape, openConnection, requestText } from './raw-http.js';

let root: string;
let running: RunningServer;
let port: number;
beforeAll(async () => {
  root = await makeServedDirectory();
  running = await startServer(loadApiEnv({ CTUNE_MODELS_DIR: root, CTUNE_API_PORT: '0', CTUNE_API_DRAIN_TIMEOUT_MS: '2000' }), noopLogger);
  port = Number(new URL(running.url).port);
});
afterAll(async () => {
  await running.close();
  await rm(root, { recursive: true, force: true });
});

async function rawAnswer(text: string) {
  const connection = await openConnection(port);
  connection.send(text);
  const [response] = await connection.responses(1, 5000);
  connection.socket.destroy();
  return response!;
}

describe('the error shape everywhere', () => {
  it('answers an invalid or truncated gzip body with 400 USAGE_INVALID, and reads a good one', async () => {
    // fetch, not supertest: superagent would serialise a Buffer body as JSON.
    const post = async (body: Uint8Array | string, encoding: string) => {
      const response = await fetch(`${running.url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body });
      return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
    };
    const body = gzipSync(JSON.stringify({ model: 'stories', items: [COURT_ITEM] }));
    for (const broken of [body.subarray(0, body.length - 12), Buffer.from('not gzip at all'), Buffer.concat([body.subarray(0, 20), Buffer.alloc(40, 7)])]) {
      const response = await post(broken, 'gzip');
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error: { code: 'USAGE_INVALID', message: expect.stringContaining('decompress'), details: {} } });
    }
    expect((await post(body, 'gzip')).status).toBe(200);
    const unknown = await post('{}', 'compress');
    expect(unknown.status).toBe(415);
    expect(unknown.body.error!.code).toBe('API_UNSUPPORTED_MEDIA_TYPE');
  });

  it.each([
    ['Expect: bogus', requestText('POST', '/v1/predict', { headers: { Expect: 'bogus' }, body: '{}' }), 417, 'API_EXPECTATION_FAILED'],
    ['a malformed request line', 'GARBAGE\r\n\r\n', 400, 'USAGE_INVALID'],
    ['a bad Content-Length', 'POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 400, 'USAGE_INVALID'],
    ['Content-Length with chunked', 'POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400, 'USAGE_INVALID'],
    ['headers past the limit', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'API_HEADERS_TOO_LARGE'],
    ['no Host header', 'GET /v1/models HTTP/1.1\r\n\r\n', 400, 'USAGE_INVALID'],
    ['CONNECT', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 405, 'API_METHOD_NOT_ALLOWED'],
  ])('answers %s in the error shape', async (_name, text, status, code) => {
    const response = await rawAnswer(text);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toContain('application/json');
    expectErrorShape(response.body, code);
  });

  it('puts details in every error answer the app makes', async () => {
    const { app } = buildTestApp(root, { apiKey: 'key', bodyLimit: '1kb' });
    const answers = await Promise.all([
      request(app).get('/v1/models'),
      request(app).get('/v1/nothing').set('x-api-key', 'key'),
      request(app).post('/v1/predict').set('x-api-key', 'key').set('content-type', 'application/json').send('{"model":'),
      request(app).post('/v1/predict').set('x-api-key', 'key').send({ model: 'nope', items: [COURT_ITEM] }),
      request(app).post('/v1/predict').set('x-api-key', 'key').send({ model: 'stories', items: [{ ...COURT_ITEM, facts: 'x'.repeat(5000) }] }),
      request(app).post('/v1/predict').set('x-api-key', 'key').send({ items: [] }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([401, 404, 400, 404, 413, 400]);
    for (const answer of answers) expect(answer.body).toEqual({ error: { code: expect.any(String), message: expect.any(String), details: expect.any(Object) } });
  });

  it('answers more items than the queue holds with 413 naming the limit, and a full queue with 503 and Retry-After', async () => {
    const small = buildTestApp(root, { batching: { maxBatchSize: 4, maxWaitMs: 5, capacity: 2 } });
    const tooMany = await request(small.app).post('/v1/predict').send({ model: 'stories', items: [COURT_ITEM, COURT_ITEM, COURT_ITEM] });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toEqual({ error: { code: 'API_PAYLOAD_TOO_LARGE', message: expect.stringContaining('at most 2'), details: { items: 3, capacity: 2 } } });
    const full = buildTestApp(root, { batching: { maxBatchSize: 1, maxWaitMs: 50, capacity: 1 } });
    const answers = await Promise.all([1, 2, 3].map(() => request(full.app).post('/v1/predict').send({ model: 'stories', items: [COURT_ITEM] })));
    const refused = answers.find((answer) => answer.status === 503)!;
    expect(refused.body.error.code).toBe('API_QUEUE_FULL');
    expect(refused.headers['retry-after']).toBe('1');
  });
});
