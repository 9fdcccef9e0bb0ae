// Test helpers for packages that run jobs against a real Redis (the "./testing" subpath): apps/api, apps/cli, bench.
export { freePort, hasRedisServer, startRedisServer } from './testing/redis-server.js';
export type { StartRedisOptions, TestRedisServer } from './testing/redis-server.js';
export { COURT_SAMPLE, courtTestRecords, writeCourtTestFile } from './testing/court-test-file.js';
export { testRedis } from './testing/test-redis.js';
export type { TestRedis } from './testing/test-redis.js';
