import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTrainConfigFile, resolveTrainConfig } from './load-train-config.js';

describe('resolveTrainConfig', () => {
  it('fills defaults (alpaca-lora and PEFT) and layers flags over a file', () => {
    const config = resolveTrainConfig(
      { model: { path: 'm' }, data: { path: 'd.csv' }, outputDir: 'runs/a', training: { batchSize: 8, epochs: 3 } },
      { training: { batchSize: 2 }, optimizer: { learningRate: 1e-3 } },
    );
    expect(config.training.batchSize).toBe(2);
    expect(config.training.epochs).toBe(3);
    expect(config.optimizer.learningRate).toBe(1e-3);
    expect(config.method).toMatchObject({ type: 'lora', r: 8, loraAlpha: 16, loraDropout: 0.05 });
    expect(config.prompt).toMatchObject({ template: 'alpaca', cutoffLen: 256, trainOnInputs: false, verbalizer: { '1': 'yes', '0': 'no' } });
  });

  it('replaces the method when its type changes and keeps options when it does not', () => {
    const base = { model: { path: 'm' }, data: { path: 'd' }, outputDir: 'o', method: { type: 'lora', r: 4 } };
    expect(resolveTrainConfig(base, { method: { type: 'prompt-tuning' } }).method).toMatchObject({ type: 'prompt-tuning', numVirtualTokens: 8 });
    expect(resolveTrainConfig(base, { method: { loraAlpha: 32 } as never }).method).toMatchObject({ type: 'lora', r: 4, loraAlpha: 32 });
  });

  it('reports every problem at once', () => {
    expect(() => resolveTrainConfig({ data: { path: '' }, training: { batchSize: -1 }, method: { type: 'adapters' } })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(/problems/) }),
    );
    try {
      resolveTrainConfig({ data: { path: '' }, training: { batchSize: -1 }, method: { type: 'adapters' } });
    } catch (error) {
      const paths = ((error as { details: { issues: { path: string }[] } }).details.issues).map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['model', 'data.path', 'training.batchSize', 'outputDir']));
    }
  });
});

describe('readTrainConfigFile', () => {
  it('reads YAML and JSON, and names the file when it is broken', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ctune-config-'));
    await writeFile(join(directory, 'a.yaml'), 'model:\n  path: m\ntraining:\n  maxSteps: 5\n');
    await writeFile(join(directory, 'b.json'), '{"model": ');
    expect(await readTrainConfigFile(join(directory, 'a.yaml'))).toEqual({ model: { path: 'm' }, training: { maxSteps: 5 } });
    await expect(readTrainConfigFile(join(directory, 'b.json'))).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('b.json') });
    await expect(readTrainConfigFile(join(directory, 'missing.json'))).rejects.toMatchObject({ code: 'DATA_FILE_NOT_FOUND' });
  });
});
