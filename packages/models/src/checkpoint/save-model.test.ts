import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { createTinyModel } from '../factory/create-tiny-model.js';
import { saveModel } from './save-model.js';

describe('saveModel', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'save-model-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a Hugging Face directory: config.json in HF names, model.safetensors, tokenizer files', async () => {
    const model = createTinyModel({ architecture: 'llama', seed: 2 });
    const files = await saveModel(join(dir, 'a'), model, { tokenizerDir: STORIES_260K_DIR });
    expect(files).toEqual(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']);
    expect((await readdir(join(dir, 'a'))).sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']);
    const configText = await readFile(join(dir, 'a', 'config.json'), 'utf8');
    const config = JSON.parse(configText);
    expect(config).toMatchObject({ architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 16, num_key_value_heads: 2, tie_word_embeddings: false });
    expect(Object.keys(config)).toEqual([...Object.keys(config)].sort());
    expect(await readFile(join(dir, 'a', 'tokenizer.json'))).toEqual(await readFile(join(STORIES_260K_DIR, 'tokenizer.json')));
    // transformers refuses safetensors files without metadata format "pt".
    const weights = await readFile(join(dir, 'a', 'model.safetensors'));
    expect(weights.subarray(8, 40).toString()).toBe('{"__metadata__":{"format":"pt"},');
  });

  it('writes byte-identical files for the same seed', async () => {
    await saveModel(join(dir, 'a'), createTinyModel({ architecture: 'gpt2', seed: 9 }));
    await saveModel(join(dir, 'b'), createTinyModel({ architecture: 'gpt2', seed: 9 }));
    for (const name of ['config.json', 'model.safetensors']) {
      expect((await readFile(join(dir, 'a', name))).equals(await readFile(join(dir, 'b', name)))).toBe(true);
    }
  });

  it('refuses weights that do not fit the config, and a tokenizer directory without tokenizer.json', async () => {
    const model = createTinyModel({ architecture: 'gpt2' });
    const broken = new Map(model.weights);
    broken.delete('ln_f.bias');
    await expect(saveModel(dir, { config: model.config, weights: broken })).rejects.toMatchObject({ code: 'MODEL_TENSOR_MISSING' });
    await expect(saveModel(dir, model, { tokenizerDir: dir })).rejects.toMatchObject({ code: 'MODEL_FILE_NOT_FOUND', message: expect.stringContaining('no tokenizer.json') });
  });
});
