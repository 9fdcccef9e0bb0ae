import { readSafetensors } from '../checkpoint/safetensors-reader.js';
import { join } from 'node:path';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { loadModelConfig, parseModelConfig } from '../config/parse-model-config.js';
import { countParameters, expectedWeights, familyNamed, linearModules } from './registry.js';

const gpt2Small = parseModelConfig({ model_type: 'gpt2', vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 });

describe('weight maps', () => {
  it('lists exactly the tensors and shapes of the stories260K checkpoint', async () => {
    const config = await loadModelConfig(STORIES_260K_DIR);
    const { tensors } = await readSafetensors(join(STORIES_260K_DIR, 'model.safetensors'));
    const actual = new Map([...tensors].map(([name, tensor]) => [name, [...tensor.shape]]));
    expect(new Map([...expectedWeights(config)].sort())).toEqual(new Map([...actual].sort()));
    expect(countParameters(config)).toBe(260_032);
  });

  it('counts GPT-2 124M as 124,439,808 parameters with the tied head', () => {
    // wte 50257*768 + wpe 1024*768 + 12 * (2 LN * 2*768 + c_attn 768*2304+2304 + c_proj 768*768+768
    //   + c_fc 768*3072+3072 + c_proj 3072*768+768) + ln_f 2*768
    expect(countParameters(gpt2Small)).toBe(124_439_808);
    expect(expectedWeights(gpt2Small).get('h.11.attn.c_attn.weight')).toEqual([768, 2304]);
    expect(expectedWeights(gpt2Small).has('lm_head.weight')).toBe(false);
    expect(expectedWeights({ ...gpt2Small, tieWordEmbeddings: false }).get('lm_head.weight')).toEqual([50257, 768]);
  });

  it('adds LLaMA biases where configured (Qwen2: q/k/v only) and lm_head when untied', () => {
    const qwen = parseModelConfig({ model_type: 'qwen2', vocab_size: 100, hidden_size: 32, intermediate_size: 64, num_hidden_layers: 1, num_attention_heads: 4, num_key_value_heads: 2 });
    const weights = expectedWeights(qwen);
    expect(weights.get('model.layers.0.self_attn.k_proj.bias')).toEqual([16]);
    expect(weights.has('model.layers.0.self_attn.o_proj.bias')).toBe(false);
    expect(weights.get('lm_head.weight')).toEqual([100, 32]);
  });

  it('lists PEFT module paths with in/out features', () => {
    const gpt2Modules = linearModules(gpt2Small);
    expect(gpt2Modules[0]).toEqual({
      path: 'transformer.h.0.attn.c_attn',
      weightName: 'h.0.attn.c_attn.weight',
      biasName: 'h.0.attn.c_attn.bias',
      inFeatures: 768,
      outFeatures: 2304,
      layout: 'conv1d',
      layerIndex: 0,
      isOutputLayer: false,
    });
    expect(gpt2Modules.at(-1)).toMatchObject({ path: 'lm_head', weightName: 'wte.weight', isOutputLayer: true });
  });

  it('strips the transformer. prefix of GPT-2 checkpoints and knows which buffers to drop', () => {
    const gpt2 = familyNamed('gpt2')!;
    expect(gpt2.canonicalWeightName('transformer.h.0.ln_1.weight')).toBe('h.0.ln_1.weight');
    expect(gpt2.isIgnoredTensor('h.3.attn.bias')).toBe(true);
    expect(gpt2.isIgnoredTensor('h.3.attn.c_attn.bias')).toBe(false);
    expect(familyNamed('llama')!.isIgnoredTensor('model.layers.0.self_attn.rotary_emb.inv_freq')).toBe(true);
  });
});
