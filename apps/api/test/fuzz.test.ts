import request from 'supertest';
import { rm } from 'node:fs/promises';
import { createSeededRandom } from '@causal-tune/core';
import { COURT_ITEM, buildTestApp, makeServedDirectory } from './build-test-app.js';

let root: string;
beforeAll(async () => {
  root = await makeServedDirectory();
});
afterAll(() => rm(root, { recursive: true, force: true }));

const random = createSeededRandom(2026, 'api-fuzz');
const pick = <T>(items: readonly T[]): T => items[random.nextUint32() % items.length]!;
const weird: unknown[] = [null, true, 0, -1, 1e308, '', 'bad\ud800text', 'a\udfffb', [], {}, [[[]]], 'x'.repeat(60_000), '\ud800', '\u0000', { toString: 1 }];

/** A malformed request body: broken JSON, wrong types, missing or unknown fields, huge or odd strings. */
function malformedBody(): { raw: string | Buffer } {
  const kind = random.nextUint32() % 8;
  switch (kind) {
    case 0:
      return { raw: pick(['{', '{"model":', '[1,2', 'nul', '{"a":1}}', '\u0000', '"unterminated']) };
    case 1:
      return { raw: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }; // invalid UTF-8 inside JSON
    case 2:
      return { raw: JSON.stringify({ model: pick(weird), items: [COURT_ITEM] }) };
    case 3:
      return { raw: JSON.stringify({ model: 'stories', items: pick(weird) }) };
    case 4:
      return { raw: JSON.stringify({ model: 'stories', items: [{ ...COURT_ITEM, facts: pick(weird) }] }) };
    case 5:
      return { raw: JSON.stringify({ model: 'stories', items: [COURT_ITEM], [`unknown${random.nextUint32() % 9}`]: pick(weird) }) };
    case 6: {
      let nested: unknown = 1;
      for (let depth = 0; depth < 2000; depth += 1) nested = [nested];
      return { raw: JSON.stringify({ model: 'stories', items: nested }) };
    }
    default:
      return { raw: JSON.stringify({ model: 'stories', instruction: pick(weird), max_new_tokens: pick(weird) }) };
  }
}

describe('fuzzing the API', () => {
  it('answers every malformed request with a 4xx in the error shape and keeps answering', async () => {
    const { app } = buildTestApp(root, { bodyLimit: '100kb' });
    for (let index = 0; index < 240; index += 1) {
      const path = pick(['/v1/predict', '/v1/generate']);
      const { raw } = malformedBody();
      const response = await request(app).post(path).set('content-type', 'application/json').send(raw);
      if (response.status < 400 || response.status >= 500) throw new Error(`case ${index} (${path}, ${String(raw).slice(0, 80)}) got ${response.status}: ${response.text.slice(0, 200)}`);
      expect(response.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    await request(app).get('/healthz').expect(200);
  });
});
