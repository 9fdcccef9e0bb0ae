import { join } from 'node:path';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { modelConfigSchema } from './model-config.js';
import { loadModelConfig, parseModelConfig, toHfConfig } from './parse-model-config.js';

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
    const v5 = parseModelConfig({ model_type: 'llama', ...llamaSizes, rope_parameters: { rope_theta: 500000, rope_type: 'llama3', factor: 8 } });
    expect(v5).toMatchObject({ ropeTheta: 500000, ropeScaling: { rope_type: 'llama3', factor: 8 } });
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
      parseModelConfig({ model_type: 'qwen2', ...llamaSizes, use_sliding_window: true, sliding_window: 256 }),
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
});
