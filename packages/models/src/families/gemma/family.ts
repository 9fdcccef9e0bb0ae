import type { ModelFamily } from '../model-family.js';
import { ROTARY_DECODER_EMBEDDING, isRotaryDecoderIgnoredTensor, rotaryDecoderExpectedWeights, rotaryDecoderLinearModules } from '../shared/rotary-decoder-weights.js';
import { gemmaConfigToHf, gemmaDecoderShape, gemmaModelConfigSchema, parseGemmaConfig, type GemmaModelConfig } from './config.js';
import { buildGemmaForward } from './forward.js';
import { GEMMA_PRESETS } from './presets.js';

const NORM_WEIGHT = /(^|\.)(input_layernorm|post_attention_layernorm|norm)\.weight$/;

/**
 * Gemma (transformers' GemmaForCausalLM): the LLaMA tensor layout with √hidden-scaled
 * embeddings, (1 + w) RMSNorm, GeGLU and a free head_dim, head tied to the embedding.
 */
export const gemmaFamily: ModelFamily<GemmaModelConfig> = {
  architecture: 'gemma',
  modelTypes: ['gemma'],
  examples: 'Gemma',
  configSchema: gemmaModelConfigSchema,
  parseHfConfig: parseGemmaConfig,
  toHfConfig: gemmaConfigToHf,
  expectedWeights: (config) => rotaryDecoderExpectedWeights(gemmaDecoderShape(config)),
  linearModules: (config) => rotaryDecoderLinearModules(gemmaDecoderShape(config)),
  tokenEmbeddingName: () => ROTARY_DECODER_EMBEDDING,
  canonicalWeightName: (name) => name,
  isIgnoredTensor: isRotaryDecoderIgnoredTensor,
  buildForward: buildGemmaForward,
  // GemmaPreTrainedModel._init_weights: normal(0, initializer_range), biases 0, and the RMSNorm
  // weights zero, since the norm scales by (1 + w).
  initializer(config, name) {
    if (name.endsWith('.bias') || NORM_WEIGHT.test(name)) return { kind: 'zeros' };
    return { kind: 'normal', std: config.initializerRange };
  },
  // GemmaModel's embed_tokens has padding_idx = pad_token_id, whose row transformers zeroes.
  zeroesPaddingRow: (_config, name) => name === ROTARY_DECODER_EMBEDDING,
  presets: GEMMA_PRESETS,
};
