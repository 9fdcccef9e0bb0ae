import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noopLogger } from '@causal-tune/core';
import { trainConfigSchema } from '../config/train-config.js';
import { runPaths } from '@causal-tune/runs';
import { checkRunDirectory, removeLeftovers } from './run-directory-guard.js';
import { legacyResumeConfigHash, resumeConfigHash } from './resume-config-hash.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-guard-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const configAt = (outputDir: string, maxSteps = 10) => trainConfigSchema.parse({ model: { path: '/models/m' }, data: { path: 'train.csv' }, outputDir, training: { maxSteps } });

describe('checkRunDirectory', () => {
  it('refuses a fresh run into a directory with a run in it, writing nothing', async () => {
    const runDir = join(root, 'run');
    await mkdir(runDir);
    await writeFile(join(runDir, 'metrics.jsonl'), '{"type":"step","step":1}\n');
    await expect(checkRunDirectory(runPaths(runDir), configAt(runDir), { resume: false, overwrite: false })).rejects.toMatchObject({ code: 'ARTIFACT_EXISTS', details: { entries: ['metrics.jsonl'] } });
    expect(await readdir(runDir)).toEqual(['metrics.jsonl']);
    const overwriting = await checkRunDirectory(runPaths(runDir), configAt(runDir), { resume: false, overwrite: true });
    await overwriting.initialize(noopLogger);
    expect(await readdir(runDir)).toEqual(['config.json']);
  });

  it('refuses resume without a checkpoint, pointing at --overwrite', async () => {
    const runDir = join(root, 'no-checkpoint');
    await expect(checkRunDirectory(runPaths(runDir), configAt(runDir), { resume: true, overwrite: false })).rejects.toMatchObject({ code: 'ARTIFACT_NOT_FOUND', message: expect.stringContaining('--overwrite') });
  });

  it('fails early, with ARTIFACT_WRITE_FAILED, for a directory under a file', async () => {
    await writeFile(join(root, 'file'), 'x');
    const runDir = join(root, 'file', 'run');
    await expect(checkRunDirectory(runPaths(runDir), configAt(runDir), { resume: false, overwrite: false })).rejects.toMatchObject({ code: 'ARTIFACT_WRITE_FAILED', details: { reason: 'ENOTDIR' } });
  });
});

describe('resumeConfigHash', () => {
  it('ignores where the run directory is and how long it trains, but not the rest', () => {
    expect(resumeConfigHash(configAt('/a/run', 10))).toBe(resumeConfigHash(configAt('/b/moved', 20)));
    const cached = configAt('/a/run');
    expect(resumeConfigHash(cached)).toBe(resumeConfigHash({ ...cached, model: { ...cached.model, cacheDir: '/elsewhere/cache' } }));
    expect(resumeConfigHash(configAt('/a/run'))).not.toBe(resumeConfigHash({ ...configAt('/a/run'), optimizer: { ...configAt('/a/run').optimizer, learningRate: 0.5 } }));
    expect(legacyResumeConfigHash(configAt('/a/run'))).not.toBe(legacyResumeConfigHash(configAt('/b/moved')));
  });
});

describe('removeLeftovers', () => {
  it('removes staging folders, atomic-write temporaries and an empty best/, and puts back a lone .old', async () => {
    const runDir = join(root, 'left');
    await mkdir(join(runDir, 'checkpoint.tmp'), { recursive: true });
    await mkdir(join(runDir, 'best'));
    await mkdir(join(runDir, 'adapter.old'));
    await writeFile(join(runDir, 'adapter.old', 'adapter_config.json'), '{}');
    await writeFile(join(runDir, 'config.json.tmp-42-deadbeef'), '{');
    await writeFile(join(runDir, 'config.json'), '{}');
    expect((await removeLeftovers(runPaths(runDir))).sort()).toEqual(['adapter.old', 'best', 'checkpoint.tmp', 'config.json.tmp-42-deadbeef']);
    expect((await readdir(runDir)).sort()).toEqual(['adapter', 'config.json']);
  });
});
