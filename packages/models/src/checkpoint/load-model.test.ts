import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@causal-tune/core';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { createTinyModel } from '../factory/create-tiny-model.js';
import { loadModel } from './load-model.js';
import { saveModel } from './save-model.js';
import { serializeSafetensors } from './safetensors-writer.js';

describe('loadModel', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'load-model-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads stories260K with every tensor validated against the config', async () => {
    const events: string[] = [];
    const { config, weights } = await loadModel(STORIES_260K_DIR, { onProgress: (event) => events.push(event.type) });
    expect(config).toMatchObject({ architecture: 'llama', hiddenSize: 64, numHiddenLayers: 5, numKeyValueHeads: 4, tieWordEmbeddings: true });
    expect(weights.size).toBe(47);
    expect(weights.get('model.layers.4.self_attn.k_proj.weight')).toMatchObject({ dtype: 'F32', shape: [32, 64] });
    expect(weights.get('model.layers.0.mlp.down_proj.weight')!.shape).toEqual([64, 172]);
    expect([...weights.keys()][0]).toBe('model.embed_tokens.weight');
    expect(events).toEqual(['task-start', 'task-end']);
  });

  it('round-trips saveModel -> loadModel, for GPT-2 with the transformer. prefix, F16 and shards', async () => {
    const model = createTinyModel({ architecture: 'gpt2', seed: 5 });
    await saveModel(dir, model, { maxShardSizeBytes: 20_000 });
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['config.json', ...files.filter((name) => /^model-\d{5}-of-\d{5}\.safetensors$/.test(name)), 'model.safetensors.index.json']);
    expect(files.length).toBeGreaterThan(3);
    const loaded = await loadModel(dir);
    expect(loaded.config).toEqual(model.config);
    expect(loaded.weights.get('h.1.mlp.c_fc.weight')!.data).toEqual(model.weights.get('h.1.mlp.c_fc.weight')!.data);

    // transformers' GPT2LMHeadModel.save_pretrained writes `transformer.`-prefixed names.
    const prefixed = new Map([...model.weights].map(([name, tensor]) => [`transformer.${name}`, tensor]));
    await writeFile(join(dir, 'model.safetensors'), serializeSafetensors(prefixed, { floatDtype: 'F16' }));
    const fromPrefixed = await loadModel(dir);
    expect(fromPrefixed.weights.get('wte.weight')!.dtype).toBe('F16');
    expect(fromPrefixed.weights.get('wte.weight')!.data[0]).toBeCloseTo(model.weights.get('wte.weight')!.data[0]!, 3);
  });

  it('names a missing tensor, with its expected shape', async () => {
    const model = createTinyModel({ architecture: 'llama' });
    const weights = new Map(model.weights);
    weights.delete('model.layers.1.mlp.up_proj.weight');
    await writeFile(join(dir, 'model.safetensors'), serializeSafetensors(weights));
    await copyConfig(model, dir);
    await expect(loadModel(dir)).rejects.toMatchObject({
      code: 'MODEL_TENSOR_MISSING',
      message: expect.stringContaining("'model.layers.1.mlp.up_proj.weight' of shape [40, 16]"),
      details: expect.objectContaining({ missing: ['model.layers.1.mlp.up_proj.weight'] }),
    });
  });

  it('names a tensor with the wrong shape and both shapes', async () => {
    const model = createTinyModel({ architecture: 'llama' });
    const weights = new Map(model.weights);
    weights.set('model.norm.weight', { dtype: 'F32', shape: [8], data: new Float32Array(8) });
    await writeFile(join(dir, 'model.safetensors'), serializeSafetensors(weights));
    await copyConfig(model, dir);
    await expect(loadModel(dir)).rejects.toMatchObject({
      code: 'MODEL_TENSOR_SHAPE_MISMATCH',
      message: expect.stringContaining("Tensor 'model.norm.weight' in"),
    });
    await expect(loadModel(dir)).rejects.toThrow(/has shape \[8\], but config.json implies \[16\]/);
  });

  it('drops known buffers silently and warns about unknown tensors', async () => {
    const model = createTinyModel({ architecture: 'gpt2' });
    const weights = new Map(model.weights);
    weights.set('h.0.attn.bias', { dtype: 'F32', shape: [1], data: new Float32Array(1) });
    weights.set('score.weight', { dtype: 'F32', shape: [1], data: new Float32Array(1) });
    await writeFile(join(dir, 'model.safetensors'), serializeSafetensors(weights));
    await copyConfig(model, dir);
    const warnings: unknown[] = [];
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (_message, fields) => warnings.push(fields) };
    expect((await loadModel(dir, { logger })).weights.has('score.weight')).toBe(false);
    expect(warnings).toEqual([expect.objectContaining({ tensors: ['score.weight'] })]);
  });

  it('names missing config.json and missing weights', async () => {
    await expect(loadModel(dir)).rejects.toMatchObject({ code: 'MODEL_FILE_NOT_FOUND', message: expect.stringContaining('config.json') });
    await copyFile(join(STORIES_260K_DIR, 'config.json'), join(dir, 'config.json'));
    await expect(loadModel(dir)).rejects.toMatchObject({ code: 'MODEL_FILE_NOT_FOUND', message: expect.stringContaining('model.safetensors') });
  });
});

async function copyConfig(model: ReturnType<typeof createTinyModel>, dir: string): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'config-'));
  await saveModel(scratch, model);
  await writeFile(join(dir, 'config.json'), await readFile(join(scratch, 'config.json')));
  await rm(scratch, { recursive: true, force: true });
}
