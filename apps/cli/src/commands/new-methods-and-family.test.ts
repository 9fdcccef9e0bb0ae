import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAdapter, loadModel, loadModelConfig } from '@causal-tune/models';
import { createCapturedContext } from '../__fixtures__/capture-context.js';
import { runCli } from '../cli.js';

// DoRA, IA3 and Gemma through every layer: `ctune train` trains them from their flags (the
// trainer), saves the adapter in PEFT's format, and `ctune eval` loads it (inference).

const repositoryFixtures = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));
const stories260K = join(repositoryFixtures, 'models', 'stories260K');
const courtTrain = fileURLToPath(new URL('../__fixtures__/court-train-tiny.csv', import.meta.url));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-cli-new-methods-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function trainAndEvaluate(name: string, modelDir: string, methodFlags: readonly string[]): Promise<{ runDir: string; losses: number[] }> {
  const runDir = join(root, name);
  const training = createCapturedContext();
  const flags = ['train', '--model', modelDir, '--data', courtTrain, ...methodFlags, '--max-steps', '4', '--batch-size', '4', '--lr', '0.01', '--seed', '3', '--out', runDir, '--json'];
  expect(await runCli(flags, training)).toBe(0);
  const lines = training.stdoutText().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const losses = lines.filter((line) => line.type === 'step-end').map((line) => line.loss as number);
  const evaluation = createCapturedContext();
  expect(await runCli(['eval', '--run', runDir, '--data', courtTrain, '--json'], evaluation)).toBe(0);
  expect((JSON.parse(evaluation.stdoutText()) as { examples: number }).examples).toBe(8);
  return { runDir, losses };
}

describe('new methods and families end to end', () => {
  it('trains DoRA with --use-dora: PEFT saves use_dora and one lora_magnitude_vector per adapted module', async () => {
    const { runDir, losses } = await trainAndEvaluate('dora', stories260K, ['--method', 'lora', '--use-dora']);
    expect(losses).toHaveLength(4);
    expect(losses.every(Number.isFinite)).toBe(true);
    const adapter = await loadAdapter(join(runDir, 'adapter'), { model: await loadModelConfig(stories260K) });
    expect(adapter.config).toMatchObject({ peft_type: 'LORA', use_dora: true });
    const magnitude = adapter.tensors.get('base_model.model.model.layers.0.self_attn.q_proj.lora_magnitude_vector');
    expect(magnitude?.shape).toEqual([64]);
    // The magnitudes start at the weight's row norms and train.
    const base = (await loadModel(stories260K)).weights.get('model.layers.0.self_attn.q_proj.weight')!;
    const norm = Math.hypot(...base.data.subarray(0, 64));
    expect(magnitude!.data[0]).not.toBe(0);
    expect(Math.abs(magnitude!.data[0]! - norm)).toBeLessThan(0.2 * norm);
  });

  it('trains IA3 with --method ia3: PEFT saves ia3_l, [out, 1] for k/v and [1, in] for the feed-forward down_proj', async () => {
    const { runDir } = await trainAndEvaluate('ia3', stories260K, ['--method', 'ia3']);
    const adapter = await loadAdapter(join(runDir, 'adapter'), { model: await loadModelConfig(stories260K) });
    expect(adapter.config).toMatchObject({ peft_type: 'IA3', target_modules: ['k_proj', 'v_proj', 'down_proj'], feedforward_modules: ['down_proj'] });
    expect(adapter.tensors.get('base_model.model.model.layers.0.self_attn.k_proj.ia3_l')?.shape).toEqual([32, 1]);
    expect(adapter.tensors.get('base_model.model.model.layers.0.mlp.down_proj.ia3_l')?.shape).toEqual([1, 172]);
    // Trained away from their start at 1.
    expect([...adapter.tensors.get('base_model.model.model.layers.0.self_attn.k_proj.ia3_l')!.data].some((value) => value !== 1)).toBe(true);
  });

  it('makes a tiny Gemma with `model init --arch gemma` and trains LoRA on it', async () => {
    const modelDir = join(root, 'tiny-gemma');
    expect(await runCli(['model', 'init', '--arch', 'gemma', '--preset', 'tiny', '--tokenizer', stories260K, '--out', modelDir, '--json'], createCapturedContext())).toBe(0);
    const config = await loadModelConfig(modelDir);
    expect(config).toMatchObject({ architecture: 'gemma', headDim: 8, hiddenSize: 16, numAttentionHeads: 4, tieWordEmbeddings: true });
    const { runDir, losses } = await trainAndEvaluate('gemma-lora', modelDir, ['--method', 'lora']);
    expect(losses.every(Number.isFinite)).toBe(true);
    const adapter = await loadAdapter(join(runDir, 'adapter'), { model: config });
    // q_proj is 4 heads of head_dim 8 = 32 wide, not hidden_size 16.
    expect(adapter.tensors.get('base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight')?.shape).toEqual([32, 8]);
  });
});
