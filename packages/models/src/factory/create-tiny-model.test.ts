import { serializeSafetensors } from '../checkpoint/safetensors-writer.js';
import { countParameters, expectedWeights } from '../families/registry.js';
import { createModelConfig, createTinyModel } from './create-tiny-model.js';

function std(values: Float32Array): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
}

describe('createModelConfig', () => {
  it('states preset sizes that match their documented arithmetic', () => {
    expect(countParameters(createModelConfig({ architecture: 'gpt2', preset: 'tiny' }))).toBe(18_880);
    expect(countParameters(createModelConfig({ architecture: 'llama', preset: 'tiny' }))).toBe(21_840);
    expect(countParameters(createModelConfig({ architecture: 'gpt2', preset: 'gpt2-124m' }))).toBe(124_439_808);
    expect(countParameters(createModelConfig({ architecture: 'llama', preset: 'smollm-135m' }))).toBe(134_515_008);
  });

  it('builds the tiny LLaMA shape: hidden 16, 2 layers, 4 heads over 2 key/value heads, MLP 40', () => {
    expect(createModelConfig({ architecture: 'llama' })).toMatchObject({
      hiddenSize: 16,
      numHiddenLayers: 2,
      numAttentionHeads: 4,
      numKeyValueHeads: 2,
      headDim: 4,
      intermediateSize: 40,
      vocabSize: 512,
      tieWordEmbeddings: false,
    });
  });

  it('takes the vocabulary and special ids from a tokenizer, and config overrides', () => {
    const config = createModelConfig({
      architecture: 'llama',
      tokenizer: { vocabSize: 600, bosTokenId: 5, eosTokenId: 6, padTokenId: 6 },
      configOverrides: { model_type: 'qwen2' },
    });
    expect(config).toMatchObject({ modelType: 'qwen2', vocabSize: 600, bosTokenId: 5, eosTokenId: 6, padTokenId: null, qkvBias: true });
  });

  it('names the presets an architecture has', () => {
    expect(() => createModelConfig({ architecture: 'llama', preset: 'gpt2-124m' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('Use one of: tiny, smollm-135m') }),
    );
  });
});

describe('createTinyModel', () => {
  it('is deterministic: same seed, byte-identical safetensors; another seed, other bytes', () => {
    for (const architecture of ['gpt2', 'llama'] as const) {
      const bytes = (seed: number): Buffer => Buffer.from(serializeSafetensors(createTinyModel({ architecture, seed }).weights));
      expect(bytes(3).equals(bytes(3))).toBe(true);
      expect(bytes(3).equals(bytes(4))).toBe(false);
    }
  });

  it('initialises like transformers: normal(0, 0.02), norms 1, biases 0, GPT-2 c_proj scaled', () => {
    const gpt2 = createTinyModel({ architecture: 'gpt2', seed: 1 }).weights;
    expect([...gpt2.keys()]).toEqual([...expectedWeights(createModelConfig({ architecture: 'gpt2' })).keys()]);
    expect(std(gpt2.get('wte.weight')!.data)).toBeCloseTo(0.02, 2);
    expect(gpt2.get('h.0.ln_1.weight')!.data.every((value) => value === 1)).toBe(true);
    expect(gpt2.get('h.0.attn.c_attn.bias')!.data.every((value) => value === 0)).toBe(true);
    const scaled = new Float32Array([...gpt2.get('h.0.mlp.c_proj.weight')!.data, ...gpt2.get('h.1.mlp.c_proj.weight')!.data]);
    expect(std(scaled)).toBeCloseTo(0.02 / Math.sqrt(4), 2);

    const llama = createTinyModel({ architecture: 'llama', seed: 1, tokenizer: { vocabSize: 512, bosTokenId: 1, eosTokenId: 2, padTokenId: 0 } }).weights;
    expect(llama.get('model.norm.weight')!.data.every((value) => value === 1)).toBe(true);
    expect(std(llama.get('lm_head.weight')!.data)).toBeCloseTo(0.02, 2);
    expect(llama.get('model.embed_tokens.weight')!.data.subarray(0, 16).every((value) => value === 0)).toBe(true); // padding row
  });
});
