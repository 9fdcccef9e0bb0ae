import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasRedisServer } from './redis-server.js';
import { testRedis } from './test-redis.js';

let empty: string;
beforeAll(() => {
  empty = mkdtempSync(join(tmpdir(), 'ctune-no-redis-'));
});
afterAll(() => rmSync(empty, { recursive: true, force: true }));
/** `env` with a PATH on which no redis-server can be found. */
const withoutRedis = (env: Readonly<Record<string, string | undefined>>) => ({ ...env, PATH: empty });

describe('testRedis', () => {
  it('looks for redis-server on the PATH it is given', () => {
    expect(hasRedisServer(withoutRedis({}))).toBe(false);
  });

  it("gives CTUNE_TEST_REDIS_URL's server and never stops it", async () => {
    const redis = testRedis('x.test.ts', { CTUNE_TEST_REDIS_URL: 'redis://127.0.0.1:6399' });
    expect(redis.available).toBe(true);
    expect(await redis.url()).toBe('redis://127.0.0.1:6399');
    await redis.stop();
    expect(await redis.url()).toBe('redis://127.0.0.1:6399');
  });

  it('fails on CI, or with CTUNE_REQUIRE_REDIS=1, when there is no redis-server and no shared URL', () => {
    for (const env of [{ CI: 'true' }, { CI: '1' }, { CTUNE_REQUIRE_REDIS: '1' }]) {
      expect(() => testRedis('x.test.ts', withoutRedis(env))).toThrow(/x\.test\.ts: no redis-server on PATH .*requires the Redis tests to run/);
    }
  });

  it('skips, and says so, off CI when there is no redis-server', () => {
    const writes: string[] = [];
    for (const env of [{}, { CI: 'false' }, { CI: '0' }, { CI: '' }]) expect(testRedis('x.test.ts', withoutRedis(env), (line) => writes.push(line)).available).toBe(false);
    expect(writes).toHaveLength(4);
    expect(writes[0]).toMatch(/^x\.test\.ts: no redis-server on PATH .*: its Redis tests are skipped\.\n$/);
  });
});
