// Issue 15, item 3: a slow client (slowloris) gets a 408 in the error shape and loses its socket
// within the header or request timeout, instead of holding it for minutes.
import { rm } from 'node:fs/promises';
import { noopLogger } from '@causal-tune/core';
import { loadApiEnv } from '../src/env.js';
import { startServer, type RunningServer } from '../src/start-server.js';
import { makeServedDirectory } from './build-test-app.js';
import { expectErrorShape, openConnection, requestText } from './raw-http.js';

let root: string;
let running: RunningServer;
let port: number;
beforeAll(async () => {
  root = await makeServedDirectory();
  running = await startServer(loadApiEnv({ CTUNE_MODELS_DIR: root, CTUNE_API_PORT: '0', CTUNE_API_HEADERS_TIMEOUT_MS: '600', CTUNE_API_REQUEST_TIMEOUT_MS: '1200', CTUNE_API_DRAIN_TIMEOUT_MS: '2000' }), noopLogger);
  port = new URL(running.url).port as unknown as number;
});
afterAll(async () => {
  await running.close();
  await rm(root, { recursive: true, force: true });
});

describe('slow clients', () => {
  it('answers headers that never finish with 408 API_REQUEST_TIMEOUT and closes the socket', async () => {
    const connection = await openConnection(port);
    const started = performance.now();
    connection.send('POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n');
    const [response] = await connection.responses(1, 4000);
    expect(response!.status).toBe(408);
    expectErrorShape(response!.body, 'API_REQUEST_TIMEOUT');
    const closed = await connection.closed;
    expect(closed.atMs - started).toBeLessThan(3000);
  });

  it('answers a body that stops short of its Content-Length with 408 and closes the socket', async () => {
    const connection = await openConnection(port);
    const started = performance.now();
    connection.send(requestText('POST', '/v1/predict', { headers: { 'Content-Type': 'application/json', 'Content-Length': '100' } }) + '{"model":');
    const [response] = await connection.responses(1, 5000);
    expect(response!.status).toBe(408);
    expectErrorShape(response!.body, 'API_REQUEST_TIMEOUT');
    const closed = await connection.closed;
    expect(closed.atMs - started).toBeLessThan(4000);
  });

  it('still answers quick requests on the same server', async () => {
    const connection = await openConnection(port);
    connection.send(requestText('GET', '/healthz'));
    const [response] = await connection.responses(1);
    expect(response!.status).toBe(200);
    connection.socket.destroy();
  });
});
