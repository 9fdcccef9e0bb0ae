import { cp, mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressEvent } from '@causal-tune/core';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { forwardSession } from '../__fixtures__/forward-session.js';
import { loadModel } from '../checkpoint/load-model.js';
import { openModel } from '../checkpoint/open-model.js';
import { freezeStoredModel, PREPARE_WEIGHTS_TASK } from './freeze-stored-model.js';
import { freezeWeights } from './freeze-weights.js';
import type { FrozenWeights } from './frozen-tensor.js';
import type { WeightPrecision } from './weight-precision.js';

const IDS = [1, 403, 407, 261, 378, 432, 383, 286];

async function logitsWith(frozen: FrozenWeights): Promise<number[]> {
  const model = await loadModel(STORIES_260K_DIR);
  const forward = await forwardSession(model, undefined, { frozen });
  const { logits } = await forward.run({ inputIds: [IDS], attentionMask: [IDS.map(() => 1)], positionIds: [IDS.map((_id, index) => index)] });
  await forward.release();
  return Array.from(logits.data as Float32Array);
}

describe('freezeStoredModel (file-backed weights)', () => {
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'weight-cache-'));
  });
  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('keeps a checkpoint in its own precision where it lies: external data into the shard, no cache', async () => {
    const stored = await openModel(STORIES_260K_DIR);
    const frozen = await freezeStoredModel(stored, { cacheDir, inMemoryLimitBytes: 0 });
    expect(frozen.precision).toBe('fp32');
    const embeddings = frozen.tensors.get('model.embed_tokens.weight')!;
    expect(embeddings).toMatchObject({ kind: 'float', dtype: 'float32', bytes: { external: { path: join(STORIES_260K_DIR, 'model.safetensors') } } });
    // Norms are read into memory.
    expect(frozen.tensors.get('model.norm.weight')).toMatchObject({ kind: 'float', bytes: { data: expect.any(Float32Array) } });
    expect(await readdir(cacheDir)).toEqual([]);
    const inMemory = freezeWeights(stored.config, (await loadModel(STORIES_260K_DIR)).weights, { precision: 'fp32' });
    expect(await logitsWith(frozen)).toEqual(await logitsWith(inMemory));
  });

  it.each(['fp16', 'bf16', 'q8', 'q4'] as const)('at %s writes a weight cache once, reads it back, and computes what the in-memory weights compute', async (precision: WeightPrecision) => {
    const stored = await openModel(STORIES_260K_DIR);
    const events: ProgressEvent[] = [];
    const frozen = await freezeStoredModel(stored, { precision, cacheDir, inMemoryLimitBytes: 0, forTraining: true, onProgress: (event) => events.push(event) });
    expect(events.filter((event) => event.type === 'task-start')).toEqual([{ type: 'task-start', task: PREPARE_WEIGHTS_TASK, total: 36 }]);
    const [folder] = await readdir(cacheDir);
    expect(folder).toMatch(new RegExp(`^stories260K-${precision}-[0-9a-f]{16}$`));
    const files = (await readdir(join(cacheDir, folder!))).sort();
    // Only 8-bit weights have backward parts (their transposed integers).
    expect(files).toEqual(precision === 'q8' ? ['backward.bin', 'manifest.json', 'weights.bin'] : ['manifest.json', 'weights.bin']);
    const linear = frozen.tensors.get('model.layers.0.mlp.down_proj.weight')!;
    expect(linear.kind).toBe(precision === 'q8' || precision === 'q4' ? precision : 'float');
    const inMemory = freezeWeights(stored.config, (await loadModel(STORIES_260K_DIR)).weights, { precision, forTraining: true });
    expect(await logitsWith(frozen)).toEqual(await logitsWith(inMemory));
    // The second time reads the cache: no conversion.
    const again: ProgressEvent[] = [];
    await freezeStoredModel(stored, { precision, cacheDir, inMemoryLimitBytes: 0, forTraining: true, onProgress: (event) => again.push(event) });
    expect(again).toEqual([]);
  });

  it('rebuilds the cache when the checkpoint changes, and for training when it lacks the backward parts', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'stories-copy-'));
    try {
      await cp(STORIES_260K_DIR, copy, { recursive: true });
      const conversions = async (forTraining: boolean) => {
        const events: ProgressEvent[] = [];
        await freezeStoredModel(await openModel(copy), { precision: 'q8', cacheDir, inMemoryLimitBytes: 0, forTraining, onProgress: (event) => events.push(event) });
        return events.filter((event) => event.type === 'task-start').length;
      };
      expect(await conversions(false)).toBe(1);
      expect(await conversions(false)).toBe(0);
      expect(await conversions(true)).toBe(1); // the transposed copies were missing
      expect(await conversions(false)).toBe(0); // a training cache serves inference
      const later = new Date(Date.now() + 60_000);
      await utimes(join(copy, 'model.safetensors'), later, later);
      expect(await conversions(false)).toBe(1);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('freezes small checkpoints in memory', async () => {
    const frozen = await freezeStoredModel(await openModel(STORIES_260K_DIR), { precision: 'q4', cacheDir });
    expect(frozen.tensors.get('model.layers.0.self_attn.q_proj.weight')).toMatchObject({ kind: 'q4', packed: { data: expect.any(Uint8Array) } });
    expect(await readdir(cacheDir)).toEqual([]);
  });
});
