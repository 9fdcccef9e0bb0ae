import { z } from 'zod';
import type { BaseModelConfig } from '../../config/model-config.js';
import type { LinearModule } from '../../config/weight-spec.js';

// The tensor names of transformers' LlamaForCausalLM (modeling_llama.py), which Mistral, Qwen2
// and Gemma share: model.embed_tokens, model.layers.N.{input_layernorm, self_attn.{q,k,v,o}_proj,
// post_attention_layernorm, mlp.{gate,up,down}_proj}, model.norm, lm_head. nn.Linear weights
// are [out, in].

/** What the LLaMA tensor layout depends on. */
export type RotaryDecoderShape = Pick<
  BaseModelConfig,
  'vocabSize' | 'hiddenSize' | 'intermediateSize' | 'headDim' | 'numAttentionHeads' | 'numKeyValueHeads' | 'numHiddenLayers' | 'tieWordEmbeddings'
> & {
  /** q, k and v carry biases. */
  readonly qkvBias: boolean;
  /** o_proj carries a bias. */
  readonly attentionBias: boolean;
  /** gate, up and down carry biases. */
  readonly mlpBias: boolean;
};

/** The token embedding of the LLaMA layout. */
export const ROTARY_DECODER_EMBEDDING = 'model.embed_tokens.weight';

/** Buffers some older checkpoints carry (rotary inverse frequencies), not weights. */
export function isRotaryDecoderIgnoredTensor(name: string): boolean {
  return /\.rotary_emb\.inv_freq$/.test(name);
}

/** The linear projections of every decoder layer plus lm_head (the token embedding when tied). */
export function rotaryDecoderLinearModules(config: RotaryDecoderShape): LinearModule[] {
  const { hiddenSize: hidden, intermediateSize: intermediate, headDim } = config;
  const queryWidth = config.numAttentionHeads * headDim;
  const keyValueWidth = config.numKeyValueHeads * headDim;
  const modules: LinearModule[] = [];
  for (let layer = 0; layer < config.numHiddenLayers; layer += 1) {
    const projections: [string, number, number, boolean][] = [
      ['self_attn.q_proj', hidden, queryWidth, config.qkvBias],
      ['self_attn.k_proj', hidden, keyValueWidth, config.qkvBias],
      ['self_attn.v_proj', hidden, keyValueWidth, config.qkvBias],
      ['self_attn.o_proj', queryWidth, hidden, config.attentionBias],
      ['mlp.gate_proj', hidden, intermediate, config.mlpBias],
      ['mlp.up_proj', hidden, intermediate, config.mlpBias],
      ['mlp.down_proj', intermediate, hidden, config.mlpBias],
    ];
    for (const [name, inFeatures, outFeatures, hasBias] of projections) {
      const path = `model.layers.${layer}.${name}`;
      modules.push({ path, weightName: `${path}.weight`, biasName: hasBias ? `${path}.bias` : null, inFeatures, outFeatures, layout: 'linear', layerIndex: layer, isOutputLayer: false });
    }
  }
  modules.push({
    path: 'lm_head',
    weightName: config.tieWordEmbeddings ? ROTARY_DECODER_EMBEDDING : 'lm_head.weight',
    biasName: null,
    inFeatures: hidden,
    outFeatures: config.vocabSize,
    layout: 'linear',
    layerIndex: null,
    isOutputLayer: true,
  });
  return modules;
}

/** Every tensor of a LLaMA-layout checkpoint and its shape (biases only where configured). */
export function rotaryDecoderExpectedWeights(config: RotaryDecoderShape): Map<string, number[]> {
  const { hiddenSize: hidden, vocabSize } = config;
  const weights = new Map<string, number[]>([[ROTARY_DECODER_EMBEDDING, [vocabSize, hidden]]]);
  const linear = rotaryDecoderLinearModules(config);
  for (let layer = 0; layer < config.numHiddenLayers; layer += 1) {
    const prefix = `model.layers.${layer}`;
    weights.set(`${prefix}.input_layernorm.weight`, [hidden]);
    for (const module of linear.filter((candidate) => candidate.layerIndex === layer)) {
      weights.set(module.weightName, [module.outFeatures, module.inFeatures]);
      if (module.biasName !== null) weights.set(module.biasName, [module.outFeatures]);
    }
    weights.set(`${prefix}.post_attention_layernorm.weight`, [hidden]);
  }
  weights.set('model.norm.weight', [hidden]);
  if (!config.tieWordEmbeddings) weights.set('lm_head.weight', [vocabSize, hidden]);
  return weights;
}

const positiveInt = z.number().int().positive();

/** The sizes of a LLaMA-layout config.json, required (transformers' defaults are a 7B model's). */
export const rotaryDecoderHfSizeShape = {
  vocab_size: positiveInt.describe('Rows of embed_tokens.'),
  hidden_size: positiveInt.describe('Hidden width.'),
  intermediate_size: positiveInt.describe('Width of the gated MLP.'),
  num_hidden_layers: positiveInt.describe('Number of decoder layers.'),
  num_attention_heads: positiveInt.describe('Query heads.'),
  num_key_value_heads: positiveInt.nullish().describe('Key/value heads; default num_attention_heads.'),
};

/** Those sizes, and head_dim, as config.json writes them. */
export function rotaryDecoderHfSizes(config: RotaryDecoderShape): Record<string, number> {
  return {
    vocab_size: config.vocabSize,
    hidden_size: config.hiddenSize,
    intermediate_size: config.intermediateSize,
    num_hidden_layers: config.numHiddenLayers,
    num_attention_heads: config.numAttentionHeads,
    num_key_value_heads: config.numKeyValueHeads,
    head_dim: config.headDim,
  };
}
