import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from './write-file-atomic.js';

describe('writeFileAtomic', () => {
  it('creates parents, replaces content and leaves no temporary file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ctune-'));
    const path = join(directory, 'a', 'b', 'file.json');
    await writeJsonAtomic(path, { step: 1 });
    await writeJsonAtomic(path, { step: 2 });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ step: 2 });
    expect(await readdir(join(directory, 'a', 'b'))).toEqual(['file.json']);
  });

  it('fails with a coded error when the target is a directory', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ctune-'));
    await expect(writeFileAtomic(directory, 'x')).rejects.toMatchObject({ code: 'ARTIFACT_WRITE_FAILED' });
    expect((await readdir(directory)).length).toBe(0);
  });
});
