import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveServedFile } from './served-files.js';

let base: string;
let root: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'ctune-served-files-'));
  root = join(base, 'data');
  await mkdir(join(root, 'court'), { recursive: true });
  await writeFile(join(root, 'test.csv'), 'x');
  await writeFile(join(root, 'court', 'test.csv'), 'x');
  await writeFile(join(base, 'secret.csv'), 'secret');
  await symlink(join(base, 'secret.csv'), join(root, 'escape.csv'));
  await symlink(join(root, 'test.csv'), join(root, 'inside.csv'));
  await symlink(base, join(root, 'up'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('resolveServedFile', () => {
  it('resolves plain names under the root, links that stay inside included', async () => {
    expect(await resolveServedFile(root, 'test.csv')).toMatch(/data\/test\.csv$/);
    expect(await resolveServedFile(root, 'court/test.csv')).toMatch(/data\/court\/test\.csv$/);
    expect(await resolveServedFile(root, 'inside.csv')).toMatch(/data\/test\.csv$/);
  });

  it.each(['../secret.csv', '/etc/passwd', 'court/../../secret.csv', 'escape.csv', 'up/secret.csv', 'court', 'missing.csv', '', './test.csv', 'a//b.csv', '%2e%2e/secret.csv'])('refuses %j', async (name) => {
    expect(await resolveServedFile(root, name)).toBeUndefined();
  });
});
