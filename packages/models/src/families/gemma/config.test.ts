import { parseModelConfig, toHfConfig } from '../../config/parse-model-config.js';
import { createModelConfig } from '../../factory/create-tiny-model.js';
import { countParameters, expectedWeights, familyOf, linearModules } from '../registry.js';

// google/gemma-2b's config.json (the fields as released, hidden_activation added later).
const GEMMA_2B = {
  architectures: ['GemmaForCausalLM'],
  attention_bias: false,
  attention_dropout: 0.0,
  bos_token_id: 2,
  eos_token_id: 1,
  head_dim: 256,
  hidden_act: 'gelu',
  hidden_activation: 'gelu_pytorch_tanh',
  hidden_size: 2048,
  initializer_range: 0.02,
  intermediate_size: 16384,
  max_position_embeddings: 8192,
  model_type: 'gemma',
  num_attention_heads: 8,
  num_hidden_layers: 18,
  num_key_value_heads: 1,
  pad_token_id: 0,
  rms_norm_eps: 1e-6,
  rope_scaling: null,
  rope_theta: 10000.0,
  torch_dtype: 'bfloat16',
  transformers_version: '4.38.0.dev0',
  use_cache: true,
  vocab_size: 256000,
};

describe('Gemma config', () => {
  it("reads gemma-2b's config.json: head_dim 256 apart from 2048 / 8, one key/value head, tied head, GELU tanh", () => {
    const config = parseModelConfig(GEMMA_2B);
    expect(config).toMatchObject({ architecture: 'gemma', headDim: 256, hiddenSize: 2048, numKeyValueHeads: 1, tieWordEmbeddings: true, hiddenActivation: 'gelu_pytorch_tanh', padTokenId: 0, bosTokenId: 2, eosTokenId: 1 });
    // gemma-2b has 2,506,172,416 parameters: 256000*2048 embed + 18 * (q 2048*2048 + k, v 2 * 2048*256
    // + o 2048*2048 + 3 * 2048*16384 + 2*2048) + 2048.
    expect(countParameters(config)).toBe(2_506_172_416);
    expect(linearModules(config).find((module) => module.path === 'model.layers.0.self_attn.q_proj')).toMatchObject({ inFeatures: 2048, outFeatures: 2048 });
    expect(expectedWeights(config).has('lm_head.weight')).toBe(false);
  });

  it('takes the tanh GELU when hidden_activation is absent, whatever hidden_act says (transformers PR 29402)', () => {
    const legacy: Record<string, unknown> = { ...GEMMA_2B };
    delete legacy.hidden_activation;
    expect(parseModelConfig(legacy)).toMatchObject({ hiddenActivation: 'gelu_pytorch_tanh' });
    expect(parseModelConfig({ ...GEMMA_2B, hidden_activation: 'gelu' })).toMatchObject({ hiddenActivation: 'gelu' });
  });

  it('refuses what its graph cannot honour, naming each field: Gemma 2 soft-capping, bidirectional attention, another activation', () => {
    const refused = (fields: Record<string, unknown>) => () => parseModelConfig({ ...GEMMA_2B, ...fields }, { source: 'gemma/config.json' });
    expect(refused({ attn_logit_softcapping: 50, query_pre_attn_scalar: 256, use_bidirectional_attention: true })).toThrow(
      expect.objectContaining({ code: 'MODEL_CONFIG_UNSUPPORTED', details: expect.objectContaining({ fields: ['attn_logit_softcapping', 'query_pre_attn_scalar', 'use_bidirectional_attention'] }) }),
    );
    expect(refused({ hidden_activation: 'relu' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('hidden_activation') }));
    expect(refused({ rope_scaling: { rope_type: 'yarn', factor: 4 } })).toThrow(expect.objectContaining({ code: 'MODEL_CONFIG_UNSUPPORTED', details: expect.objectContaining({ fields: ['rope_scaling.rope_type'] }) }));
  });

  it('writes a config.json that reads back into the same config', () => {
    const config = parseModelConfig(GEMMA_2B);
    expect(parseModelConfig(toHfConfig(config))).toEqual(config);
  });

  it('makes the tiny preset with its documented 15,184 parameters, norms starting at zero', () => {
    const config = createModelConfig({ architecture: 'gemma', preset: 'tiny' });
    expect(config).toMatchObject({ headDim: 8, hiddenSize: 16, numAttentionHeads: 4 });
    expect(countParameters(config)).toBe(15_184);
    expect(familyOf(config).initializer(config, 'model.layers.0.input_layernorm.weight')).toEqual({ kind: 'zeros' });
    expect(familyOf(config).initializer(config, 'model.layers.0.mlp.up_proj.weight')).toEqual({ kind: 'normal', std: 0.02 });
  });
});
