import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEvaluationFile, readRunConfig, readRunDirectory, writeEvaluationFile } from './run-files.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-runs-files-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function runDirectory(name: string, config: unknown): Promise<string> {
  const directory = join(root, name);
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return directory;
}

const config = (method: Record<string, unknown>) => ({ model: { path: 'm' }, data: { path: 'd' }, outputDir: 'o', method, fromANewerTrainer: true });

describe('reading a run directory', () => {
  it('parses config.json with the run schema, defaults filled in, and names what is missing or wrong', async () => {
    expect((await readRunConfig(await runDirectory('ia3', config({ type: 'ia3' })))).method).toEqual({ type: 'ia3' });
    await expect(readRunConfig(join(root, 'missing'))).rejects.toMatchObject({ code: 'ARTIFACT_NOT_FOUND' });
    await expect(readRunConfig(await runDirectory('broken', '{'))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(readRunConfig(await runDirectory('unknown', config({ type: 'adapters' })))).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('method.type') });
  });

  it("writes eval.json and reads it back; a run without one has none", async () => {
    const directory = await runDirectory('evaluated', config({ type: 'lora' }));
    expect(await readEvaluationFile(directory)).toBeUndefined();
    await writeEvaluationFile(directory, 6, { loss: 0.5, accuracy: 0.75, macroF1: 0.7, rocAuc: 0.8, positiveShare: 0.5, examples: 12 });
    expect(await readEvaluationFile(directory)).toEqual({ step: 6, loss: 0.5, accuracy: 0.75, macroF1: 0.7, rocAuc: 0.8, positiveShare: 0.5, examples: 12 });
  });

  it("finds the method's artifact: adapter/ for PEFT methods, model/ for full fine-tuning", async () => {
    const lora = await runDirectory('lora', config({ type: 'lora', useDora: true }));
    const full = await runDirectory('full', config({ type: 'full' }));
    await mkdir(join(lora, 'model'));
    await mkdir(join(full, 'model'));
    expect(await readRunDirectory(lora)).toMatchObject({ hasArtifact: false, hasCheckpoint: false, metrics: [] });
    expect(await readRunDirectory(full)).toMatchObject({ hasArtifact: true });
    await mkdir(join(lora, 'adapter'));
    expect((await readRunDirectory(lora)).hasArtifact).toBe(true);
    expect((await readRunDirectory(lora)).config?.method).toMatchObject({ type: 'lora', useDora: true });
  });
});
