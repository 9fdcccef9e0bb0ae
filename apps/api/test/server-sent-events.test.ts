// Issue 15, item 5: a stream keeps HTTP's connection rules. With Connection: close the server
// says close and closes after the stream; with keep-alive the next request on the connection is
// answered normally.
import { Agent, request as httpRequest } from 'node:http';
import { rm } from 'node:fs/promises';
import { noopLogger } from '@causal-tune/core';
import { loadApiEnv } from '../src/env.js';
import { startServer, type RunningServer } from '../src/start-server.js';
import { makeServedDirectory } from './build-test-app.js';
import { openConnection, requestText } from './raw-http.js';

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

const streamBody = JSON.stringify({ model: 'stories', instruction: 'Tell a story.', max_new_tokens: 3, stream: true });

describe('server-sent events and connections', () => {
  it('answers Connection: close on a stream with Connection: close, and closes after the done event', async () => {
    const connection = await openConnection(port);
    connection.send(requestText('POST', '/v1/generate', { headers: { Connection: 'close' }, body: streamBody }));
    const [response] = await connection.responses(1, 20_000);
    expect(response!.status).toBe(200);
    expect(response!.headers['content-type']).toContain('text/event-stream');
    expect(response!.headers.connection).toBe('close');
    expect(response!.body).toContain('event: done');
    await connection.closed;
  });

  it('answers the next request on a kept-alive connection after a stream', async () => {
    const connection = await openConnection(port);
    connection.send(requestText('POST', '/v1/generate', { body: streamBody }));
    const [stream] = await connection.responses(1, 20_000);
    expect(stream!.headers.connection).toBe('keep-alive');
    connection.send(requestText('GET', '/healthz'));
    const [, next] = await connection.responses(2);
    expect(next!.status).toBe(200);
    expect(JSON.parse(next!.body)).toEqual({ status: 'ok' });
    connection.socket.destroy();
  });

  it("answers every request of Node's keep-alive agent when a stream asked for Connection: close", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (path: string, body?: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const outgoing = httpRequest({ host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', agent, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers } }, (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, text }));
        });
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    for (let round = 0; round < 4; round += 1) {
      const stream = await send('/v1/generate', streamBody, { connection: 'close' });
      expect(stream.status).toBe(200);
      const next = await send('/v1/models');
      expect(next.status).toBe(200);
      expect(JSON.parse(next.text).models.length).toBeGreaterThan(0);
    }
    agent.destroy();
  });
});
