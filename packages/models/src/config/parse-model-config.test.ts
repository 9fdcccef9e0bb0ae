import { join } from 'node:path';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { modelConfigSchema } from '../families/registry.js';
import { loadModelConfig, parseModelConfig, toHfConfig } from './parse-model-config.js';

// meta-llama/Llama-3.1-8B's config.json, as published.
const LLAMA_31_8B = {
  architectures: ['LlamaForCausalLM'],
  attention_bias: false,
  attention_dropout: 0.0,
  bos_token_id: 128000,
  eos_token_id: [128001, 128008, 128009],
  hidden_act: 'silu',
  hidden_size: 4096,
  initializer_range: 0.02,
  intermediate_size: 14336,
  max_position_embeddings: 131072,
  mlp_bias: false,
  model_type: 'llama',
  num_attention_heads: 32,
  num_hidden_layers: 32,
  num_key_value_heads: 8,
  pretraining_tp: 1,
  rms_norm_eps: 1e-5,
  rope_scaling: { factor: 8.0, low_freq_factor: 1.0, high_freq_factor: 4.0, original_max_position_embeddings: 8192, rope_type: 'llama3' },
  rope_theta: 500000.0,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
  transformers_version: '4.43.0.dev0',
  use_cache: true,
  vocab_size: 128256,
};

const llamaSizes = { vocab_size: 1000, hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, num_attention_heads: 8 };

describe('parseModelConfig', () => {
  it('normalises the stories260K LlamaConfig', async () => {
    expect(await loadModelConfig(STORIES_260K_DIR)).toEqual({
      architecture: 'llama',
      modelType: 'llama',
      vocabSize: 512,
      hiddenSize: 64,
      numHiddenLayers: 5,
      numAttentionHeads: 8,
      numKeyValueHeads: 4,
      headDim: 8,
      intermediateSize: 172,
      maxPositionEmbeddings: 512,
      tieWordEmbeddings: true,
      bosTokenId: 1,
      eosTokenId: 2,
      padTokenId: null,
      initializerRange: 0.02,
      rmsNormEps: 1e-5,
      ropeTheta: 10000,
      ropeScaling: null,
      hiddenAct: 'silu',
      attentionBias: false,
      qkvBias: false,
      mlpBias: false,
      slidingWindow: null,
      slidingWindowFromLayer: 0,
    });
  });

  it('normalises a GPT2Config with transformers defaults', () => {
    const config = parseModelConfig({ model_type: 'gpt2', vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12, n_ctx: 1024 });
    expect(config).toMatchObject({
      architecture: 'gpt2',
      hiddenSize: 768,
      numAttentionHeads: 12,
      numKeyValueHeads: 12,
      headDim: 64,
      intermediateSize: 3072,
      maxPositionEmbeddings: 1024,
      tieWordEmbeddings: true,
      bosTokenId: 50256,
      eosTokenId: 50256,
      layerNormEpsilon: 1e-5,
      activationFunction: 'gelu_new',
    });
  });

  it('defaults num_key_value_heads and head_dim, and gives Qwen2 its q/k/v biases', () => {
    const qwen = parseModelConfig({ model_type: 'qwen2', ...llamaSizes, num_key_value_heads: 2, tie_word_embeddings: true });
    expect(qwen).toMatchObject({ modelType: 'qwen2', numKeyValueHeads: 2, headDim: 8, qkvBias: true, attentionBias: false, slidingWindow: null, maxPositionEmbeddings: 32768 });
    const llama = parseModelConfig({ model_type: 'llama', ...llamaSizes, attention_bias: true, mlp_bias: true, head_dim: 16 });
    expect(llama).toMatchObject({ numKeyValueHeads: 8, headDim: 16, qkvBias: true, attentionBias: true, mlpBias: true, rmsNormEps: 1e-6 });
  });

  it('reads Mistral sliding windows and the transformers 5 rope_parameters', () => {
    expect(parseModelConfig({ model_type: 'mistral', ...llamaSizes })).toMatchObject({ slidingWindow: 4096, attentionBias: false });
    expect(parseModelConfig({ model_type: 'mistral', ...llamaSizes, sliding_window: null })).toMatchObject({ slidingWindow: null });
    const v5 = parseModelConfig({ model_type: 'llama', ...llamaSizes, rope_parameters: { rope_theta: 500000, rope_type: 'linear', factor: 8 } });
    expect(v5).toMatchObject({ ropeTheta: 500000, ropeScaling: { type: 'linear', factor: 8 } });
  });

  it('names an unsupported model_type and the supported ones', () => {
    expect(() => parseModelConfig({ model_type: 'bert' }, { source: 'x/config.json' })).toThrow(
      expect.objectContaining({
        code: 'MODEL_ARCHITECTURE_UNSUPPORTED',
        message: expect.stringContaining('x/config.json has model_type "bert", but causal-tune builds only gpt2, llama, mistral, qwen2'),
      }),
    );
    expect(() => parseModelConfig({})).toThrow(expect.objectContaining({ code: 'MODEL_ARCHITECTURE_UNSUPPORTED', message: expect.stringContaining('(none)') }));
  });

  it('reports every invalid field at once, in HF names', () => {
    let error: unknown;
    try {
      parseModelConfig({ model_type: 'llama', vocab_size: 0, hidden_size: 60, intermediate_size: 'wide', num_hidden_layers: 2, num_attention_heads: 8, num_key_value_heads: 3 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    const paths = (error as { details: { issues: { path: string }[] } }).details.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['vocab_size', 'intermediate_size']));
    // Cross-field checks run once the fields themselves parse.
    expect(() => parseModelConfig({ model_type: 'llama', ...llamaSizes, hidden_size: 60, num_key_value_heads: 3 })).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/num_attention_heads: must divide the hidden size 60[\s\S]*num_key_value_heads: must divide the 8 attention heads/) }),
    );
  });

  it('round-trips through toHfConfig for every model type', async () => {
    const configs = [
      await loadModelConfig(STORIES_260K_DIR),
      parseModelConfig({ model_type: 'gpt2', vocab_size: 500, n_positions: 64, n_embd: 32, n_layer: 2, n_head: 4, n_inner: 100, tie_word_embeddings: false }),
      parseModelConfig({ model_type: 'qwen2', ...llamaSizes, use_sliding_window: true, sliding_window: 256, max_window_layers: 1 }),
      parseModelConfig(LLAMA_31_8B),
      parseModelConfig({ model_type: 'llama', ...llamaSizes, rope_scaling: { type: 'dynamic', factor: 2 } }),
      parseModelConfig({ model_type: 'mistral', ...llamaSizes, eos_token_id: [2, 3] }),
      parseModelConfig({ model_type: 'llama', ...llamaSizes, rope_scaling: { rope_type: 'linear', factor: 2 }, attention_bias: true }),
    ];
    for (const config of configs) {
      expect(modelConfigSchema.parse(config)).toEqual(config);
      expect(parseModelConfig(JSON.parse(JSON.stringify(toHfConfig(config))))).toEqual(config);
    }
  });

  it('keeps ModelConfig bias flags expressible in config.json', () => {
    const qwen = parseModelConfig({ model_type: 'qwen2', ...llamaSizes });
    expect(() => modelConfigSchema.parse({ ...qwen, qkvBias: false })).toThrow(/Qwen2 has q\/k\/v biases only/);
  });

  it('names a missing config.json', async () => {
    await expect(loadModelConfig(join(STORIES_260K_DIR, 'nope'))).rejects.toMatchObject({ code: 'MODEL_FILE_NOT_FOUND', message: expect.stringContaining('config.json') });
  });

  it('reads a Llama 3.1 config.json with its llama3 RoPE scaling', () => {
    expect(parseModelConfig(LLAMA_31_8B)).toMatchObject({
      ropeTheta: 500000,
      ropeScaling: { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192 },
      numKeyValueHeads: 8,
      headDim: 128,
      eosTokenId: [128001, 128008, 128009],
    });
  });

  it('refuses a Llama 3-style config with a field it cannot honour, naming the field', () => {
    const refused = (fields: Record<string, unknown>) => () => parseModelConfig({ ...LLAMA_31_8B, ...fields }, { source: 'llama3/config.json' });
    expect(refused({ attn_logit_softcapping: 50 })).toThrow(expect.objectContaining({ code: 'MODEL_CONFIG_UNSUPPORTED', message: expect.stringContaining('attn_logit_softcapping'), details: expect.objectContaining({ fields: ['attn_logit_softcapping'] }) }));
    expect(refused({ rope_scaling: { rope_type: 'yarn', factor: 4, original_max_position_embeddings: 8192 } })).toThrow(
      expect.objectContaining({ code: 'MODEL_CONFIG_UNSUPPORTED', message: expect.stringContaining("rope_scaling.rope_type (RoPE scaling 'yarn' is not built"), details: expect.objectContaining({ fields: ['rope_scaling.rope_type'] }) }),
    );
    expect(refused({ rope_scaling: { ...LLAMA_31_8B.rope_scaling, beta_fast: 32 } })).toThrow(expect.objectContaining({ details: expect.objectContaining({ fields: ['rope_scaling.beta_fast'] }) }));
    expect(refused({ rope_scaling: { rope_type: 'llama3', factor: 8 } })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ fields: ['rope_scaling.low_freq_factor', 'rope_scaling.high_freq_factor', 'rope_scaling.original_max_position_embeddings'] }) }),
    );
    expect(refused({ quantization_config: { quant_method: 'gptq', bits: 4 }, pruned_heads: { 0: [1] } })).toThrow(expect.objectContaining({ details: expect.objectContaining({ fields: ['quantization_config', 'pruned_heads'] }) }));
    // Fields every PretrainedConfig may carry, with values that change nothing, are accepted.
    expect(() => parseModelConfig({ ...LLAMA_31_8B, pruned_heads: {}, id2label: { 0: 'LABEL_0' }, _name_or_path: '/models/llama' })).not.toThrow();
  });

  it('refuses GPT-2 configs the graph does not build, and unknown fields', () => {
    const gpt2 = { model_type: 'gpt2', vocab_size: 10, n_positions: 8, n_embd: 8, n_layer: 1, n_head: 2 };
    expect(() => parseModelConfig({ ...gpt2, activation_function: 'relu', scale_attn_by_inverse_layer_idx: true, n_embd_heads: 3 })).toThrow(
      expect.objectContaining({ code: 'MODEL_CONFIG_UNSUPPORTED', details: expect.objectContaining({ fields: ['n_embd_heads', 'activation_function', 'scale_attn_by_inverse_layer_idx'] }) }),
    );
    expect(() => parseModelConfig({ ...gpt2, resid_pdrop: 0.1, summary_type: 'cls_index', n_ctx: 8 })).not.toThrow();
  });

  it("gives Qwen2's sliding window to the layers from max_window_layers on", () => {
    expect(parseModelConfig({ model_type: 'qwen2', ...llamaSizes, use_sliding_window: true, sliding_window: 64, max_window_layers: 1 })).toMatchObject({ slidingWindow: 64, slidingWindowFromLayer: 1 });
    expect(parseModelConfig({ model_type: 'qwen2', ...llamaSizes, use_sliding_window: true, sliding_window: 64 })).toMatchObject({ slidingWindow: null });
    expect(parseModelConfig({ model_type: 'qwen2', ...llamaSizes, sliding_window: 64, layer_types: ['full_attention', 'sliding_attention'] })).toMatchObject({ slidingWindow: 64, slidingWindowFromLayer: 1 });
    expect(() => parseModelConfig({ model_type: 'qwen2', ...llamaSizes, sliding_window: 64, layer_types: ['sliding_attention', 'full_attention'] })).toThrow(expect.objectContaining({ details: expect.objectContaining({ fields: ['layer_types'] }) }));
  });
});
