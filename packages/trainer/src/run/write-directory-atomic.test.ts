import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDirectoryAtomic } from './write-directory-atomic.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-atomic-dir-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('writeDirectoryAtomic', () => {
  it('replaces a directory with what was written', async () => {
    const target = join(root, 'best');
    await mkdir(target);
    await writeFile(join(target, 'old.txt'), 'old');
    await writeDirectoryAtomic(target, async (staging) => {
      await mkdir(staging, { recursive: true });
      await writeFile(join(staging, 'new.txt'), 'new');
    });
    expect(await readdir(target)).toEqual(['new.txt']);
    expect((await readdir(root)).sort()).toEqual(['best']);
  });

  it('leaves the old directory, and no staging or empty directory, when the write fails half-way (a full disk)', async () => {
    const target = join(root, 'best');
    await mkdir(target);
    await writeFile(join(target, 'adapter_model.safetensors'), 'previous best');
    const failing = (staging: string) => async () => {
      await mkdir(staging, { recursive: true });
      await writeFile(join(staging, 'adapter_config.json'), '{}');
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    await expect(writeDirectoryAtomic(target, (staging) => failing(staging)())).rejects.toMatchObject({ code: 'ARTIFACT_WRITE_FAILED' });
    expect(await readFile(join(target, 'adapter_model.safetensors'), 'utf8')).toBe('previous best');
    expect(await readdir(root)).toEqual(['best']);
    const fresh = join(root, 'adapter');
    await expect(writeDirectoryAtomic(fresh, (staging) => failing(staging)())).rejects.toMatchObject({ code: 'ARTIFACT_WRITE_FAILED' });
    expect(await readdir(root)).toEqual(['best']);
  });
});
