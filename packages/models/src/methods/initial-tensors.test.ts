import { loadModel } from '../checkpoint/load-model.js';
import type { ModelCheckpoint } from '../checkpoint/model-weights.js';
import { createModelConfig, createTinyModel } from '../factory/create-tiny-model.js';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { loadTokenizer, type LoadedTokenizer } from '../tokenizer/load-tokenizer.js';
import { parseAdapterConfig } from './adapter-files.js';
import { baseWeightReader } from './base-weights.js';
import { initialPeftTensors, peftTrainableShapes } from './peft-tensors.js';
import type { PromptTuningAdapterConfig } from './prompt-tuning/config.js';
import { initPromptEmbeddings } from './prompt-tuning/init.js';

let stories: ModelCheckpoint;
let tokenizer: LoadedTokenizer;
beforeAll(async () => {
  stories = await loadModel(STORIES_260K_DIR);
  tokenizer = await loadTokenizer(STORIES_260K_DIR);
});

const promptTuning = (fields: Record<string, unknown>) => parseAdapterConfig({ peft_type: 'PROMPT_TUNING', ...fields }) as PromptTuningAdapterConfig;
const row = (tensor: { data: Float32Array }, index: number, width: number) => Array.from(tensor.data.subarray(index * width, (index + 1) * width));
const stats = (data: Float32Array) => {
  const mean = data.reduce((sum, value) => sum + value, 0) / data.length;
  return { mean, std: Math.sqrt(data.reduce((sum, value) => sum + (value - mean) ** 2, 0) / data.length) };
};

describe('initPromptEmbeddings', () => {
  it('TEXT: the word embeddings of the tokenised text (BOS included), repeated or truncated to V as PEFT does', async () => {
    const ids = tokenizer.encode('Once upon a time'); // [1, 403, 407, 261, 378]
    const embeddings = stories.weights.get('model.embed_tokens.weight')!;
    for (const virtual of [3, 7]) {
      const config = promptTuning({ num_virtual_tokens: virtual, prompt_tuning_init: 'TEXT', prompt_tuning_init_text: 'Once upon a time', tokenizer_name_or_path: 'stories260K' });
      const tensor = await initPromptEmbeddings(config, stories.config, { seed: 0, base: baseWeightReader(stories), tokenizer });
      expect(tensor.shape).toEqual([virtual, 64]);
      for (let index = 0; index < virtual; index += 1) expect(row(tensor, index, 64)).toEqual(row(embeddings, ids[index % ids.length]!, 64));
    }
  });

  it('SAMPLE_VOCAB: embeddings of seeded random token ids; RANDOM: seeded N(0, 1)', async () => {
    const embeddings = stories.weights.get('model.embed_tokens.weight')!;
    const sample = promptTuning({ num_virtual_tokens: 20, prompt_tuning_init: 'SAMPLE_VOCAB' });
    const base = baseWeightReader(stories);
    const first = await initPromptEmbeddings(sample, stories.config, { base, seed: 1 });
    expect((await initPromptEmbeddings(sample, stories.config, { base, seed: 1 })).data).toEqual(first.data);
    expect((await initPromptEmbeddings(sample, stories.config, { base, seed: 2 })).data).not.toEqual(first.data);
    const rows = Array.from({ length: 512 }, (_unused, id) => row(embeddings, id, 64).join());
    for (let index = 0; index < 20; index += 1) expect(rows).toContain(row(first, index, 64).join());
    const random = await initPromptEmbeddings(promptTuning({ num_virtual_tokens: 64 }), stories.config, { seed: 3 });
    expect(Math.abs(stats(random.data).mean)).toBeLessThan(0.05);
    expect(Math.abs(stats(random.data).std - 1)).toBeLessThan(0.05);
  });

  it('says what TEXT and SAMPLE_VOCAB need', async () => {
    const text = promptTuning({ num_virtual_tokens: 2, prompt_tuning_init: 'TEXT', prompt_tuning_init_text: 'a', tokenizer_name_or_path: 'x' });
    await expect(initPromptEmbeddings(text, stories.config, { seed: 0 })).rejects.toMatchObject({ code: 'PEFT_CONFIG_INVALID', message: expect.stringContaining('word embeddings') });
    await expect(initPromptEmbeddings(text, stories.config, { seed: 0, base: baseWeightReader(stories) })).rejects.toMatchObject({ message: expect.stringContaining('tokenizer') });
  });
});

describe('initialPeftTensors', () => {
  const gpt2 = createTinyModel({ architecture: 'gpt2' });

  it('LoRA: A ~ U(±1/√in) (kaiming_uniform a=√5) and B = 0; gaussian A ~ N(0, 1/r)', async () => {
    const tensors = await initialPeftTensors(parseAdapterConfig({ peft_type: 'LORA', r: 4 }), gpt2.config, { seed: 1 });
    const a = tensors.get('base_model.model.transformer.h.0.attn.c_attn.lora_A.weight')!;
    expect(a.shape).toEqual([4, 16]);
    expect(Math.max(...a.data.map(Math.abs))).toBeLessThanOrEqual(0.25);
    expect(Math.max(...a.data.map(Math.abs))).toBeGreaterThan(0.2);
    expect(tensors.get('base_model.model.transformer.h.0.attn.c_attn.lora_B.weight')!.data.every((value) => value === 0)).toBe(true);
    const gaussian = await initialPeftTensors(parseAdapterConfig({ peft_type: 'LORA', r: 64, init_lora_weights: 'gaussian', target_modules: ['c_fc'] }), createModelConfig({ architecture: 'gpt2', preset: 'gpt2-124m' }));
    expect(stats(gaussian.get('base_model.model.transformer.h.0.mlp.c_fc.lora_A.weight')!.data).std).toBeCloseTo(1 / 64, 3);
    await expect(initialPeftTensors(parseAdapterConfig({ peft_type: 'LORA', init_lora_weights: 'pissa' }), gpt2.config)).rejects.toMatchObject({ code: 'PEFT_CONFIG_INVALID' });
  });

  it("p-tuning and prefix projection: PyTorch's default init of every encoder parameter, named as PEFT's", async () => {
    const lstm = parseAdapterConfig({ peft_type: 'P_TUNING', num_virtual_tokens: 4, encoder_hidden_size: 8, encoder_reparameterization_type: 'LSTM', encoder_num_layers: 2 });
    const tensors = await initialPeftTensors(lstm, gpt2.config, { seed: 2 });
    expect([...tensors.keys()]).toEqual([...peftTrainableShapes(lstm, gpt2.config).keys()]);
    expect(tensors.get('prompt_encoder.lstm_head.weight_ih_l1_reverse')!.shape).toEqual([32, 16]);
    expect(Math.max(...tensors.get('prompt_encoder.lstm_head.weight_hh_l0')!.data.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(8));
    expect(Math.max(...tensors.get('prompt_encoder.mlp_head.2.bias')!.data.map(Math.abs))).toBeLessThanOrEqual(1 / 4); // fan-in 2·8
    const zero = parseAdapterConfig({ peft_type: 'PREFIX_TUNING', num_virtual_tokens: 2, prefix_projection: true, init_weights: 'zero' });
    const prefix = await initialPeftTensors(zero, gpt2.config);
    expect(prefix.get('prompt_encoder.transform.2.weight')!.data.every((value) => value === 0)).toBe(true);
    expect(prefix.get('prompt_encoder.transform.0.weight')!.data.some((value) => value !== 0)).toBe(true);
    expect((await initialPeftTensors(parseAdapterConfig({ peft_type: 'PREFIX_TUNING', num_virtual_tokens: 2 }), gpt2.config)).get('prompt_embeddings')!.shape).toEqual([2, 2 * 2 * 16]);
  });
});
