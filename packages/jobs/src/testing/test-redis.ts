import { hasRedisServer, startRedisServer, type TestRedisServer } from './redis-server.js';

/** The Redis of one test file: the shared one CI started, or one of its own. */
export interface TestRedis {
  /** False only off CI on a machine without redis-server: the file's Redis tests are skipped. */
  readonly available: boolean;
  /** The URL of `CTUNE_TEST_REDIS_URL`, or of a redis-server started on the first call. */
  url(): Promise<string>;
  /** Stops the server {@link TestRedis.url} started (a shared one is left to whoever started it). */
  stop(): Promise<void>;
}

/** True when `value` is set to something other than an explicit no (`CI=false`, `CI=0`). */
function isOn(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * The Redis for the tests of `testFile`, from `env` (the test's `process.env`):
 * `CTUNE_TEST_REDIS_URL` is a server that `.ci/with-redis.sh` started on a free port; without it
 * each file starts its own redis-server. With no server to use, the file's Redis tests are
 * skipped with a note on stderr, except on CI (`CI` set, or `CTUNE_REQUIRE_REDIS=1`, which
 * `.ci/with-redis.sh` sets): there the file fails, so a lost redis-server never reads as a pass.
 * `note` takes the line that says so (default: stderr).
 *
 * @throws Error when Redis is required and there is none.
 */
export function testRedis(testFile: string, env: Readonly<Record<string, string | undefined>>, note: (line: string) => void = (line) => process.stderr.write(line)): TestRedis {
  const sharedUrl = env.CTUNE_TEST_REDIS_URL === '' ? undefined : env.CTUNE_TEST_REDIS_URL;
  const available = sharedUrl !== undefined || hasRedisServer(env);
  if (!available) {
    const why = `${testFile}: no redis-server on PATH (apt-get install redis-server) and no CTUNE_TEST_REDIS_URL`;
    if (isOn(env.CI) || env.CTUNE_REQUIRE_REDIS === '1') throw new Error(`${why}, and CI or CTUNE_REQUIRE_REDIS=1 requires the Redis tests to run.`);
    note(`${why}: its Redis tests are skipped.\n`);
  }
  let own: Promise<TestRedisServer> | undefined;
  return {
    available,
    url: async () => {
      if (sharedUrl !== undefined) return sharedUrl;
      own ??= startRedisServer();
      return (await own).url;
    },
    stop: async () => {
      const started = own;
      own = undefined;
      if (started) await (await started).stop();
    },
  };
}
