// Issue 15, items 4 and 8: a refused command never changes the run directory; a moved run
// resumes; a fresh run never mixes with an old one; unwritable and half-written directories are
// reported with codes.
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@causal-tune/core';
import { MetricsLog } from '@causal-tune/runs';
import { train, type TrainConfigInput } from '@causal-tune/trainer';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const MODEL = join(repository, 'fixtures/models/stories260K');
const DATA = join(repository, 'fixtures/dacon-court/train-sample.csv');

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'ctune-run-dir-'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

function config(outputDir: string, overrides: { maxSteps?: number; learningRate?: number; cutoffLen?: number } = {}): TrainConfigInput {
  return {
    model: { path: MODEL },
    data: { path: DATA, maxRows: 32, validationFraction: 0.25 },
    prompt: { cutoffLen: overrides.cutoffLen ?? 256 },
    outputDir,
    optimizer: { learningRate: overrides.learningRate ?? 3e-3 },
    training: { maxSteps: overrides.maxSteps ?? 4, batchSize: 4, microBatchSize: 4, evalInterval: 2, checkpointInterval: 2, seed: 7 },
  };
}

const steps = async (runDir: string) => (await new MetricsLog(join(runDir, 'metrics.jsonl')).read()).filter((line) => line.type === 'step').map((line) => line.step);

function recordingLogger(): Logger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, ...(fields ? { fields } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('the run directory', () => {
  it('keeps config.json as it was when a resume is refused for another config', async () => {
    const runDir = join(base, 'refused');
    await train(config(runDir));
    const before = await readFile(join(runDir, 'config.json'), 'utf8');
    const metricsBefore = await readFile(join(runDir, 'metrics.jsonl'), 'utf8');
    await expect(train(config(runDir, { cutoffLen: 400, learningRate: 0.5 }), { resume: true })).rejects.toMatchObject({ code: 'ARTIFACT_INCOMPATIBLE' });
    expect(await readFile(join(runDir, 'config.json'), 'utf8')).toBe(before);
    expect(await readFile(join(runDir, 'metrics.jsonl'), 'utf8')).toBe(metricsBefore);
    expect(JSON.parse(before).prompt.cutoffLen).toBe(256);
  });

  it('resumes a run directory that was moved, and extends it with more steps', async () => {
    const original = join(base, 'original');
    await train(config(original));
    const moved = join(base, 'moved');
    await cp(original, moved, { recursive: true });
    await rm(original, { recursive: true });
    const resumed = await train(config(moved, { maxSteps: 6 }), { resume: true });
    expect(resumed.steps).toBe(6);
    expect(await steps(moved)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(JSON.parse(await readFile(join(moved, 'config.json'), 'utf8')).outputDir).toBe(moved);
  });

  it('refuses a fresh run into a directory that holds a run, and replaces it with overwrite', async () => {
    const runDir = join(base, 'twice');
    await train(config(runDir));
    const metricsBefore = await readFile(join(runDir, 'metrics.jsonl'), 'utf8');
    await expect(train(config(runDir))).rejects.toMatchObject({ code: 'ARTIFACT_EXISTS', details: { entries: expect.arrayContaining(['config.json', 'metrics.jsonl', 'checkpoint']) } });
    expect(await readFile(join(runDir, 'metrics.jsonl'), 'utf8')).toBe(metricsBefore);
    const replaced = await train(config(runDir, { maxSteps: 2 }), { overwrite: true });
    expect(replaced.steps).toBe(2);
    expect(await steps(runDir)).toEqual([1, 2]);
    await expect(train(config(runDir), { resume: true, overwrite: true })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('trains into an empty directory that already exists', async () => {
    const runDir = join(base, 'empty');
    await mkdir(runDir);
    expect((await train(config(runDir, { maxSteps: 2 }))).steps).toBe(2);
  });

  it('reports an output directory under a file or a read-only parent as ARTIFACT_WRITE_FAILED, and writes nothing', async () => {
    const file = join(base, 'a-file');
    await writeFile(file, 'not a directory');
    await expect(train(config(join(file, 'run')))).rejects.toMatchObject({ code: 'ARTIFACT_WRITE_FAILED', message: expect.stringContaining('Choose a writable --out') });
    if (process.getuid?.() !== 0) {
      const { chmod } = await import('node:fs/promises');
      const readOnly = join(base, 'read-only');
      await mkdir(readOnly);
      await chmod(readOnly, 0o555);
      await expect(train(config(join(readOnly, 'deeper', 'run')))).rejects.toMatchObject({ code: 'ARTIFACT_WRITE_FAILED' });
      await chmod(readOnly, 0o755);
    }
  });

  it('removes checkpoint.tmp/ and an empty best/ left by a full disk when it resumes, and says so', async () => {
    const runDir = join(base, 'disk-full');
    await train(config(runDir));
    await rm(join(runDir, 'best'), { recursive: true });
    await mkdir(join(runDir, 'best'));
    await mkdir(join(runDir, 'checkpoint.tmp'));
    await writeFile(join(runDir, 'checkpoint.tmp', 'trainable.safetensors'), Buffer.alloc(10));
    await writeFile(join(runDir, 'eval.json.tmp-123-abcd1234'), '{"trunc');
    const logger = recordingLogger();
    await train(config(runDir, { maxSteps: 6 }), { resume: true, logger });
    const entries = await readdir(runDir);
    expect(entries).not.toContain('checkpoint.tmp');
    expect(entries.some((name) => name.includes('.tmp'))).toBe(false);
    expect(await readdir(join(runDir, 'best'))).not.toHaveLength(0);
    expect(logger.lines.find((line) => line.message === 'run-directory-cleaned')).toMatchObject({ level: 'warn', fields: { removed: expect.arrayContaining(['checkpoint.tmp', 'best', 'eval.json.tmp-123-abcd1234']) } });
  });
});
