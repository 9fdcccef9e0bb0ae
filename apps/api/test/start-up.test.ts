// Issue 15, item 2 (a busy port is an error, not success) and item 8 (environment errors are
// coded lines, not stacks or raw TypeErrors).
import { createServer, type Server } from 'node:net';
import { rm } from 'node:fs/promises';
import { noopLogger } from '@causal-tune/core';
import { loadApiEnv } from '../src/env.js';
import { startServer } from '../src/start-server.js';
import { makeServedDirectory } from './build-test-app.js';
import { killSpawnedServers, spawnServer } from './spawn-server.js';

let root: string;
let busy: Server;
let busyPort: number;
beforeAll(async () => {
  root = await makeServedDirectory();
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  killSpawnedServers();
  await new Promise((resolve) => busy.close(resolve));
  await rm(root, { recursive: true, force: true });
});

describe('start-up', () => {
  it('rejects with API_LISTEN_FAILED (EADDRINUSE) when the port is taken', async () => {
    const env = loadApiEnv({ CTUNE_MODELS_DIR: root, CTUNE_API_PORT: String(busyPort) });
    await expect(startServer(env, noopLogger)).rejects.toMatchObject({ code: 'API_LISTEN_FAILED', details: { code: 'EADDRINUSE', port: busyPort, host: '127.0.0.1' } });
  });

  it('server.js exits 1 with one coded log line when the port is taken, and never says it listens', async () => {
    const server = spawnServer({ CTUNE_MODELS_DIR: root, CTUNE_API_PORT: String(busyPort) });
    const exit = await server.exited;
    expect(exit.code).toBe(1);
    const failed = server.logLines().find((line) => line.msg === 'server-failed');
    expect(failed).toMatchObject({ code: 'API_LISTEN_FAILED', details: { code: 'EADDRINUSE', port: busyPort } });
    expect(String(failed!.message)).toContain('already in use');
    expect(server.logLines().some((line) => line.msg === 'server-listening')).toBe(false);
    expect(server.output()).not.toMatch(/\n\s+at /);
  });

  it('refuses a bad CTUNE_API_BODY_LIMIT and other bad variables with CONFIG_INVALID listing each', () => {
    expect(loadApiEnv({ CTUNE_API_BODY_LIMIT: '2mb' }).CTUNE_API_BODY_LIMIT).toBe(2 * 1024 * 1024);
    expect(loadApiEnv({}).CTUNE_API_BODY_LIMIT).toBe(1024 * 1024);
    let thrown: unknown;
    try {
      loadApiEnv({ CTUNE_API_BODY_LIMIT: 'lots', CTUNE_API_PORT: '99999', CTUNE_API_DRAIN_TIMEOUT_MS: '-1' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'CONFIG_INVALID' });
    const paths = (thrown as { details: { issues: { path: string }[] } }).details.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['CTUNE_API_BODY_LIMIT', 'CTUNE_API_PORT', 'CTUNE_API_DRAIN_TIMEOUT_MS']));
  });

  it('takes the weight precision of the served models from CTUNE_DTYPE, naming the choices when it is wrong', () => {
    expect(loadApiEnv({ CTUNE_DTYPE: 'q8', CTUNE_CACHE_DIR: '/tmp/weights' })).toMatchObject({ CTUNE_DTYPE: 'q8', CTUNE_CACHE_DIR: '/tmp/weights' });
    expect(loadApiEnv({}).CTUNE_DTYPE).toBeUndefined();
    expect(() => loadApiEnv({ CTUNE_DTYPE: 'int3' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('CTUNE_DTYPE') }));
  });

  it('server.js exits 1 with a coded line and no stack for a bad environment', async () => {
    const server = spawnServer({ CTUNE_MODELS_DIR: root, CTUNE_API_PORT: '0', CTUNE_API_BODY_LIMIT: 'lots' });
    const exit = await server.exited;
    expect(exit.code).toBe(1);
    const failed = server.logLines().find((line) => line.level === 50);
    expect(failed).toMatchObject({ code: 'CONFIG_INVALID', details: { issues: [expect.objectContaining({ path: 'CTUNE_API_BODY_LIMIT' })] } });
    expect(server.output()).not.toMatch(/\n\s+at /);
    expect(server.output()).not.toContain('TypeError');
  });
});
