// Issue 15, item 6: wrong keys count towards the rate limit (key guessing is throttled), and a
// client at its limit stays limited however many other clients the server sees.
import { Agent, request as httpRequest, type Server } from 'node:http';
import { rm } from 'node:fs/promises';
import request from 'supertest';
import { buildTestApp, makeServedDirectory } from './build-test-app.js';

let root: string;
beforeAll(async () => {
  root = await makeServedDirectory();
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the rate limit', () => {
  it('counts requests with a wrong key, so guessing keys gets 429', async () => {
    const { app } = buildTestApp(root, { apiKey: 'the-right-key', rateLimitPerMinute: 50 });
    const statuses: number[] = [];
    for (let index = 0; index < 70; index += 1) statuses.push((await request(app).get('/v1/models').set('authorization', `Bearer guess-${index}`)).status);
    expect(statuses.slice(0, 50).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(50).every((status) => status === 429)).toBe(true);
    // The right key does not get past a limit that wrong keys used up.
    const limited = await request(app).get('/v1/models').set('authorization', 'Bearer the-right-key');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'API_RATE_LIMITED', details: { limit: 50 } } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('keeps a client at 429 after more than 10,000 other clients were seen', async () => {
    const { app } = buildTestApp(root, { rateLimitPerMinute: 2, trustProxy: 'loopback' });
    const server: Server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const port = (server.address() as { port: number }).port;
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const get = (client: string) =>
      new Promise<number>((resolve, reject) => {
        // An unknown route: the cheapest answer behind the limit (404), so 10,000 clients run fast.
        const outgoing = httpRequest({ host: '127.0.0.1', port, path: '/v1/nothing', agent, headers: { 'x-forwarded-for': client } }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode!));
        });
        outgoing.on('error', reject);
        outgoing.end();
      });
    try {
      const limited = '203.0.113.7';
      expect([await get(limited), await get(limited), await get(limited)]).toEqual([404, 404, 429]);
      const others = Array.from({ length: 10_050 }, (_value, index) => `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`);
      const statuses: number[] = [];
      for (let start = 0; start < others.length; start += 64) statuses.push(...(await Promise.all(others.slice(start, start + 64).map(get))));
      expect(statuses.every((status) => status === 404)).toBe(true);
      expect(await get(limited)).toBe(429);
    } finally {
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 120_000);
});
