import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAdapter, loadModelConfig } from '@causal-tune/models';
import { MetricsLog } from '@causal-tune/runs';
import { train, type TrainConfigInput } from '@causal-tune/trainer';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const MODEL = join(root, 'fixtures/models/stories260K');
const DATA = join(root, 'fixtures/dacon-court/train-sample.csv');

async function config(name: string, overrides: Partial<TrainConfigInput> = {}): Promise<TrainConfigInput> {
  const outputDir = join(await mkdtemp(join(tmpdir(), 'ctune-train-')), name);
  return {
    model: { path: MODEL },
    data: { path: DATA, maxRows: 48, validationFraction: 0.25 },
    outputDir,
    optimizer: { learningRate: 3e-3 },
    training: { maxSteps: 6, batchSize: 4, microBatchSize: 2, evalInterval: 3, checkpointInterval: 3, seed: 7 },
    ...overrides,
  };
}

const stepLosses = async (runDir: string) => (await new MetricsLog(join(runDir, 'metrics.jsonl')).read()).filter((line) => line.type === 'step').map((line) => line.loss as number);

describe('train', () => {
  it('trains LoRA: the loss falls, and the run directory is complete with a PEFT adapter', async () => {
    const input = await config('lora');
    const result = await train(input);
    expect(result.stoppedBy).toBe('completed');
    expect(result.steps).toBe(6);
    const losses = await stepLosses(result.runDir);
    expect(losses).toHaveLength(6);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    expect((await readdir(result.runDir)).sort()).toEqual(['adapter', 'best', 'checkpoint', 'config.json', 'eval.json', 'manifest.json', 'metrics.jsonl']);
    const adapter = await loadAdapter(join(result.runDir, 'adapter'), { model: await loadModelConfig(MODEL) });
    expect(adapter.config.peft_type).toBe('LORA');
    expect([...adapter.tensors.keys()]).toContain('base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight');
    const evaluation = JSON.parse(await readFile(join(result.runDir, 'eval.json'), 'utf8'));
    expect(evaluation).toMatchObject({ step: 6, examples: 12 });
    expect(evaluation.accuracy).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(await readFile(join(result.runDir, 'config.json'), 'utf8')).method).toMatchObject({ type: 'lora', r: 8 });
  });

  it('resumes after an interruption and reproduces the uninterrupted losses', async () => {
    const uninterrupted = await stepLosses((await train(await config('whole'))).runDir);
    const split = await config('split');
    const controller = new AbortController();
    const stopped = await train(split, { signal: controller.signal, onProgress: (event) => event.type === 'step-end' && event.step === 3 && controller.abort() });
    expect(stopped.steps).toBe(3);
    const resumed = await train(split, { resume: true });
    expect(resumed.steps).toBe(6);
    expect(await stepLosses(resumed.runDir)).toEqual(uninterrupted);
  });

  it('stops on abort with a checkpoint, and resumes from it', async () => {
    const input = await config('abort');
    const controller = new AbortController();
    const result = await train(input, {
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'step-end' && event.step === 2) controller.abort();
      },
    });
    expect(result.stoppedBy).toBe('aborted');
    expect(result.steps).toBe(2);
    expect(JSON.parse(await readFile(join(result.runDir, 'checkpoint', 'state.json'), 'utf8')).step).toBe(2);
    const resumed = await train(input, { resume: true });
    expect(resumed.steps).toBe(6);
  });

  it('trains with the label-word loss and stops early when the validation loss stops improving', async () => {
    const input = await config('label-word', {
      loss: { type: 'label-word' },
      optimizer: { learningRate: 1e-9 },
      training: { maxSteps: 12, batchSize: 4, microBatchSize: 4, evalInterval: 1, checkpointInterval: 50, earlyStoppingPatience: 2, seed: 7 },
    });
    const result = await train(input);
    // A learning rate of 1e-9 cannot improve the validation loss twice in a row: patience 2 ends it.
    expect(result.stoppedBy).toBe('early-stopped');
    expect(result.steps).toBeLessThan(12);
    const evaluations = (await new MetricsLog(join(result.runDir, 'metrics.jsonl')).read()).filter((line) => line.type === 'eval');
    expect(evaluations.length).toBeGreaterThanOrEqual(3);
    expect((await readdir(result.runDir)).sort()).toEqual(expect.arrayContaining(['adapter', 'best', 'eval.json']));
  });

  it('refuses an unknown method, an unmatched LoRA target and too many virtual tokens with coded errors', async () => {
    await expect(train({ ...(await config('bad')), method: { type: 'adapters' } as never })).rejects.toMatchObject({ code: 'TRAIN_METHOD_UNKNOWN' });
    await expect(train({ ...(await config('bad')), method: { type: 'lora', targetModules: ['c_attn'] } })).rejects.toMatchObject({ code: 'PEFT_TARGET_NOT_FOUND' });
    await expect(train({ ...(await config('bad')), method: { type: 'prompt-tuning', numVirtualTokens: 300 } })).rejects.toMatchObject({ code: 'PEFT_CONFIG_INVALID' });
  });
});
