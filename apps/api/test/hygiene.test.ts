// Issue 15, item 8 (the API's part): quiet logs for ordinary events, and text that is refused
// rather than silently changed or echoed back.
import { rm } from 'node:fs/promises';
import request from 'supertest';
import type { Logger } from '@causal-tune/core';
import { loadApiEnv } from '../src/env.js';
import { startServer, type RunningServer } from '../src/start-server.js';
import { COURT_ITEM, buildTestApp, makeServedDirectory } from './build-test-app.js';
import { openConnection, requestText } from './raw-http.js';

interface Line {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

function recordingLogger(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: Line['level']) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, ...(fields ? { fields } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

let root: string;
let running: RunningServer;
let logger: ReturnType<typeof recordingLogger>;
beforeAll(async () => {
  root = await makeServedDirectory();
  logger = recordingLogger();
  running = await startServer(loadApiEnv({ CTUNE_MODELS_DIR: root, CTUNE_API_PORT: '0', CTUNE_API_DRAIN_TIMEOUT_MS: '2000' }), logger);
});
afterAll(async () => {
  await running.close();
  await rm(root, { recursive: true, force: true });
});

const post = (path: string, body: unknown) => fetch(`${running.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('logs', () => {
  it('logs a warning of the predictor once, not twice per classify batch', async () => {
    for (let index = 0; index < 4; index += 1) expect((await post('/v1/predict', { model: 'stories', items: [COURT_ITEM] })).status).toBe(200);
    const warnings = logger.lines.filter((line) => line.level === 'warn').map((line) => line.message);
    expect(warnings.length).toBeGreaterThan(0);
    expect(new Set(warnings).size).toBe(warnings.length);
  });

  it('logs a client that goes away at info, without a stack, for a generation and for a stream', async () => {
    const port = Number(new URL(running.url).port);
    for (const stream of [false, true]) {
      const before = logger.lines.length;
      const connection = await openConnection(port);
      connection.send(requestText('POST', '/v1/generate', { body: JSON.stringify({ model: 'stories', instruction: 'Tell a long story.', max_new_tokens: 500, stream }) }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      connection.socket.destroy();
      const deadline = Date.now() + 10_000;
      while (!logger.lines.slice(before).some((line) => line.message === 'client-disconnected') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const lines = logger.lines.slice(before);
      expect(lines.filter((line) => line.level === 'error')).toEqual([]);
      expect(lines.find((line) => line.message === 'client-disconnected')).toMatchObject({ level: 'info' });
      expect(JSON.stringify(lines)).not.toMatch(/\n\s+at /);
    }
  });
});

describe('text', () => {
  it('refuses a body that is not valid UTF-8 instead of turning it into U+FFFD', async () => {
    const json = Buffer.from(JSON.stringify({ model: 'stories', items: [{ ...COURT_ITEM, facts: 'Facts XX here.' }] }));
    const at = json.indexOf('XX');
    json[at] = 0xff;
    json[at + 1] = 0xfe;
    // fetch, not supertest: superagent would serialise a Buffer body as JSON.
    const response = await fetch(`${running.url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'USAGE_INVALID', message: expect.stringContaining('UTF-8'), details: {} } });
  });

  it.each([
    ['a lone surrogate in id', { ...COURT_ITEM, id: 'case-\ud800' }],
    ['a NUL in id', { ...COURT_ITEM, id: 'case-\u0000-1' }],
    ['a NUL in facts', { ...COURT_ITEM, facts: 'Facts \u0000 here.' }],
  ])('refuses %s with CONFIG_INVALID naming the field', async (_name, item) => {
    const { app } = buildTestApp(root);
    const response = await request(app).post('/v1/predict').send({ model: 'stories', items: [item] });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('CONFIG_INVALID');
    expect(response.body.error.details.issues.map((issue: { path: string }) => issue.path).join(' ')).toMatch(/^items\.0\.(id|facts)/);
  });

  it('does not echo the body back in a parse error', async () => {
    const { app } = buildTestApp(root);
    const response = await request(app).post('/v1/predict').set('content-type', 'application/json').send('{"model": root:x:0:0:secret-bytes}');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('USAGE_INVALID');
    expect(response.text).not.toContain('root:x');
    expect(response.text).not.toContain('secret-bytes');
  });
});
