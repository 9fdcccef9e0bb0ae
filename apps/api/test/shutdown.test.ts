// Issue 15, item 3: SIGTERM with requests in flight, slow clients and idle keep-alive connections
// ends the process within the drain deadline, and every request that was sent gets an answer:
// finished, or 503 API_SHUTTING_DOWN in the error shape with Retry-After.
import { rm } from 'node:fs/promises';
import { makeServedDirectory } from './build-test-app.js';
import { expectErrorShape, openConnection, requestText, type RawConnection, type RawResponse } from './raw-http.js';
import { killSpawnedServers, spawnServer } from './spawn-server.js';

const DRAIN_MS = 4000;

let root: string;
beforeAll(async () => {
  root = await makeServedDirectory();
});
afterAll(async () => {
  killSpawnedServers();
  await rm(root, { recursive: true, force: true });
});

const generate = (tokens: number) => requestText('POST', '/v1/generate', { body: JSON.stringify({ model: 'stories', instruction: 'Tell a story.', max_new_tokens: tokens }) });

function expectFinishedOr503(response: RawResponse): void {
  expect([200, 503]).toContain(response.status);
  if (response.status === 503) {
    expectErrorShape(response.body, 'API_SHUTTING_DOWN');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  } else expect(JSON.parse(response.body)).toMatchObject({ model: 'stories' });
}

describe('SIGTERM', () => {
  it('drains 32 requests in flight, slow and idle connections within the deadline, answering every request', async () => {
    const server = spawnServer({ CTUNE_MODELS_DIR: root, CTUNE_API_PORT: '0', CTUNE_API_DRAIN_TIMEOUT_MS: String(DRAIN_MS), CTUNE_API_HEADERS_TIMEOUT_MS: '60000', CTUNE_API_REQUEST_TIMEOUT_MS: '120000', CTUNE_API_KEEP_ALIVE_TIMEOUT_MS: '60000', CTUNE_THREADS: '1' });
    const port = Number(new URL(await server.listening()).port);
    try {
      // Load the model first, so that the requests below are running when the signal comes.
      const warm = await openConnection(port);
      warm.send(generate(1));
      expect((await warm.responses(1, 30_000))[0]!.status).toBe(200);
      warm.socket.destroy();

      // 12 keep-alive connections, each with one answered request: idle, open.
      const keepAlive: RawConnection[] = [];
      for (let index = 0; index < 12; index += 1) {
        const connection = await openConnection(port);
        connection.send(requestText('GET', '/healthz'));
        await connection.responses(1);
        keepAlive.push(connection);
      }
      // 4 connections that never send anything, and 2 slow ones: headers, and a body, never finished.
      const idle = await Promise.all([1, 2, 3, 4].map(() => openConnection(port)));
      const slowHeaders = await openConnection(port);
      slowHeaders.send('POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const slowBody = await openConnection(port);
      slowBody.send(`${requestText('POST', '/v1/predict', { headers: { 'Content-Type': 'application/json', 'Content-Length': '100' } })}{"model":`);
      // 32 requests in flight: short and long generations, one connection each.
      const inFlight = await Promise.all(Array.from({ length: 32 }, () => openConnection(port)));
      inFlight.forEach((connection, index) => connection.send(generate(index % 2 === 0 ? 24 : 400)));
      await new Promise((resolve) => setTimeout(resolve, 500));

      // A request on 8 keep-alive connections, written in the same tick as the signal, and on 4
      // more just after it: the drain has begun, so those are answered 503.
      const [early, late] = [keepAlive.slice(0, 8), keepAlive.slice(8)];
      for (const connection of early) connection.send(requestText('GET', '/v1/models'));
      const signalledAt = performance.now();
      server.child.kill('SIGTERM');
      while (!server.logLines().some((line) => line.msg === 'server-draining')) await new Promise((resolve) => setTimeout(resolve, 5));
      for (const connection of late) connection.send(requestText('GET', '/v1/models'));

      const answers = await Promise.all(inFlight.map((connection) => connection.responses(1, DRAIN_MS + 5000)));
      answers.forEach(([response]) => expectFinishedOr503(response!));
      for (const [, response] of await Promise.all(early.map((connection) => connection.responses(2, DRAIN_MS + 5000)))) {
        expect([200, 503]).toContain(response!.status);
        if (response!.status === 503) expectErrorShape(response!.body, 'API_SHUTTING_DOWN');
      }
      for (const [, response] of await Promise.all(late.map((connection) => connection.responses(2, DRAIN_MS + 5000)))) {
        expect(response!.status).toBe(503);
        expectErrorShape(response!.body, 'API_SHUTTING_DOWN');
        expect(response!.headers).toMatchObject({ 'retry-after': '1', connection: 'close' });
      }
      for (const slow of [slowHeaders, slowBody]) {
        const [response] = await slow.responses(1, DRAIN_MS + 5000);
        expect([408, 503]).toContain(response!.status);
        expectErrorShape(response!.body);
      }
      // Idle connections are closed by the server long before the deadline.
      for (const connection of idle) expect((await connection.closed).atMs - signalledAt).toBeLessThan(DRAIN_MS / 2);

      const exit = await server.exited;
      expect(exit.code).toBe(0);
      expect(exit.atMs - signalledAt).toBeLessThan(DRAIN_MS + 1500);
      for (const connection of [...inFlight, ...keepAlive, slowHeaders, slowBody]) await connection.closed;
      const statuses = answers.map(([response]) => response!.status);
      const closed = server.logLines().find((line) => line.msg === 'server-closed');
      expect(closed).toMatchObject({ inFlightAtStart: expect.any(Number) });
      expect(statuses.filter((status) => status === 200).length + statuses.filter((status) => status === 503).length).toBe(32);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  }, 90_000);

  it('exits at once when nothing is in flight', async () => {
    const server = spawnServer({ CTUNE_MODELS_DIR: root, CTUNE_API_PORT: '0', CTUNE_API_DRAIN_TIMEOUT_MS: String(DRAIN_MS) });
    await server.listening();
    const signalledAt = performance.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(exit.atMs - signalledAt).toBeLessThan(2000);
    expect(server.logLines().map((line) => line.msg)).toEqual(expect.arrayContaining(['server-stopping', 'server-closed']));
  }, 60_000);
});
