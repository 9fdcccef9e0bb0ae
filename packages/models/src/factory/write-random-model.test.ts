import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { decodeFloat16, encodeFloat16 } from '../checkpoint/float-conversion.js';
import { loadModel } from '../checkpoint/load-model.js';
import { openModel } from '../checkpoint/open-model.js';
import { saveModel } from '../checkpoint/save-model.js';
import { createTinyModel } from './create-tiny-model.js';
import { writeRandomModel } from './write-random-model.js';

describe('writeRandomModel', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'random-model-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the bytes saveModel writes for createTinyModel with the same seed', async () => {
    await writeRandomModel(join(dir, 'streamed'), { architecture: 'llama', seed: 4 });
    await saveModel(join(dir, 'saved'), createTinyModel({ architecture: 'llama', seed: 4 }));
    const streamed = await loadModel(join(dir, 'streamed'));
    const saved = await loadModel(join(dir, 'saved'));
    expect(streamed.config).toEqual(saved.config);
    for (const [name, tensor] of saved.weights) expect(streamed.weights.get(name)!.data).toEqual(tensor.data);
  });

  it('stores float16 in shards with an index, as transformers does, and the values round-trip', async () => {
    const events: string[] = [];
    const written = await writeRandomModel(dir, { architecture: 'gpt2', seed: 2, dtype: 'F16', maxShardSizeBytes: 16_000, onProgress: (event) => events.push(event.type) });
    const files = await readdir(dir);
    expect(files.filter((name) => /^model-\d{5}-of-\d{5}\.safetensors$/.test(name)).length).toBeGreaterThan(2);
    expect(files).toContain('model.safetensors.index.json');
    expect(written.sizeBytes).toBe(written.parameters * 2);
    const stored = await openModel(dir);
    expect(stored.dtype).toBe('F16');
    const reference = createTinyModel({ architecture: 'gpt2', seed: 2 }).weights.get('h.1.mlp.c_fc.weight')!.data;
    expect((await stored.read('h.1.mlp.c_fc.weight')).data).toEqual(decodeFloat16(encodeFloat16(reference)));
    expect(events[0]).toBe('task-start');
    expect(events.at(-1)).toBe('task-end');
  });

  it('keeps a shape\'s vocabulary when its tokenizer is smaller (as stories260K\'s 512 tokens in a 32,000-token TinyLlama)', async () => {
    const written = await writeRandomModel(dir, { architecture: 'llama', preset: 'tiny', dtype: 'BF16', tokenizerDir: STORIES_260K_DIR, tokenizer: { vocabSize: 300, bosTokenId: 1, eosTokenId: 2, padTokenId: null } });
    expect(written.files).toContain('tokenizer.json');
    const stored = await openModel(dir);
    expect(stored.config.vocabSize).toBe(512);
    expect(stored.dtype).toBe('BF16');
  });
});
