// Issue 15, item 1: a served directory whose files link out of it, or whose run config points at
// server paths, must never put file contents or server paths into an answer.
import request from 'supertest';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COURT_ITEM, buildTestApp, makeServedDirectory } from './build-test-app.js';

let root: string;
let outside: string;
beforeAll(async () => {
  root = await makeServedDirectory();
  outside = await mkdtemp(join(tmpdir(), 'ctune-outside-'));
  const runConfig = JSON.parse(await readFile(join(root, 'court-lora', 'config.json'), 'utf8'));
  // A secret file outside the served directory, and links to it from inside.
  await writeFile(join(outside, 'secret.json'), 'root:x:0:0:the-secret-content\n');
  await cp(join(root, 'court-lora', 'adapter'), join(outside, 'adapter'), { recursive: true });

  await mkdir(join(root, 'linked-config'));
  await cp(join(root, 'court-lora', 'adapter'), join(root, 'linked-config', 'adapter'), { recursive: true });
  await symlink(join(outside, 'secret.json'), join(root, 'linked-config', 'config.json'));

  await mkdir(join(root, 'linked-adapter-config'));
  await writeFile(join(root, 'linked-adapter-config', 'config.json'), JSON.stringify(runConfig));
  await mkdir(join(root, 'linked-adapter-config', 'adapter'));
  await cp(join(root, 'court-lora', 'adapter', 'adapter_model.safetensors'), join(root, 'linked-adapter-config', 'adapter', 'adapter_model.safetensors'));
  await symlink(join(outside, 'secret.json'), join(root, 'linked-adapter-config', 'adapter', 'adapter_config.json'));

  await mkdir(join(root, 'linked-adapter-dir'));
  await writeFile(join(root, 'linked-adapter-dir', 'config.json'), JSON.stringify(runConfig));
  await symlink(join(outside, 'adapter'), join(root, 'linked-adapter-dir', 'adapter'));

  await mkdir(join(root, 'etc-base'));
  await cp(join(root, 'court-lora', 'adapter'), join(root, 'etc-base', 'adapter'), { recursive: true });
  await writeFile(join(root, 'etc-base', 'config.json'), JSON.stringify({ ...runConfig, model: { path: '/etc' } }));

  await mkdir(join(root, 'broken-json'));
  await cp(join(root, 'court-lora', 'adapter'), join(root, 'broken-json', 'adapter'), { recursive: true });
  await writeFile(join(root, 'broken-json', 'config.json'), 'root:x:0:0:the-secret-content\n');

  // Links that stay inside the served directory are followed.
  await mkdir(join(root, 'inside-link'));
  for (const file of ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']) await symlink(join(root, 'stories', file), join(root, 'inside-link', file));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

/** No file contents and no server path in an answer (headers included). */
function expectNoLeak(response: request.Response): void {
  const text = `${JSON.stringify(response.headers)}\n${response.text}`;
  for (const secret of ['root:x:0:0', 'the-secret-content', root, outside, tmpdir(), '/etc', process.cwd()]) expect(text).not.toContain(secret);
}

describe('answers never carry file contents or server paths (item 1)', () => {
  it.each(['linked-config', 'linked-adapter-config', 'linked-adapter-dir'])('does not serve %s, whose files link out of the served directory', async (model) => {
    const { app } = buildTestApp(root);
    for (const path of ['/v1/predict', '/v1/generate']) {
      const body = path === '/v1/predict' ? { model, items: [COURT_ITEM] } : { model, instruction: 'Say yes.', max_new_tokens: 2 };
      const response = await request(app).post(path).send(body);
      expectNoLeak(response);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ error: { code: 'API_NOT_FOUND', details: { model } } });
    }
  });

  it.each(['etc-base', 'broken-json'])('answers %s, whose run config is unusable, with a coded 500 that names the model only', async (model) => {
    const { app } = buildTestApp(root);
    const response = await request(app).post('/v1/predict').send({ model, items: [COURT_ITEM] });
    expectNoLeak(response);
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: { code: 'API_MODEL_UNAVAILABLE', message: expect.any(String), details: { model } } });
    expect(response.body.error.details.candidates).toBeUndefined();
  });

  it('follows links that stay inside the served directory', async () => {
    const { app } = buildTestApp(root);
    const response = await request(app).post('/v1/predict').send({ model: 'inside-link', items: [COURT_ITEM] });
    expect(response.status).toBe(200);
    expectNoLeak(response);
  });

  it('lists names and kinds, never directories, in /v1/models and /readyz', async () => {
    const { app } = buildTestApp(root);
    const models = await request(app).get('/v1/models').expect(200);
    expectNoLeak(models);
    for (const model of models.body.models) expect(Object.keys(model).sort()).toEqual(['kind', 'name']);
    expect(models.body.models.map((model: { name: string }) => model.name)).toEqual(['broken-json', 'court-lora', 'etc-base', 'inside-link', 'stories']);
    const ready = await request(app).get('/readyz').expect(200);
    expectNoLeak(ready);
    expect(ready.body).toEqual({ status: 'ready', models: ['broken-json', 'court-lora', 'etc-base', 'inside-link', 'stories'] });
  });
});
