import type { ModelFamily } from '../model-family.js';
import { ROTARY_DECODER_EMBEDDING, isRotaryDecoderIgnoredTensor, rotaryDecoderExpectedWeights, rotaryDecoderLinearModules } from '../shared/rotary-decoder-weights.js';
import { LLAMA_MODEL_TYPES, llamaConfigToHf, llamaModelConfigSchema, parseLlamaConfig, type LlamaModelConfig } from './config.js';
import { buildLlamaForward } from './forward.js';
import { LLAMA_PRESETS } from './presets.js';

const NORM_WEIGHT = /(^|\.)(input_layernorm|post_attention_layernorm|norm)\.weight$/;

/**
 * LLaMA and the models that share its graph (transformers' LlamaForCausalLM, MistralForCausalLM,
 * Qwen2ForCausalLM): RMSNorm, RoPE (linear, dynamic and llama3 scaling), grouped-query
 * attention, SwiGLU; Qwen2's q/k/v biases and Mistral's sliding window from the config.
 */
export const llamaFamily: ModelFamily<LlamaModelConfig> = {
  architecture: 'llama',
  modelTypes: LLAMA_MODEL_TYPES,
  examples: 'LLaMA, TinyLlama, SmolLM, Mistral, Qwen2',
  configSchema: llamaModelConfigSchema,
  parseHfConfig: parseLlamaConfig,
  toHfConfig: llamaConfigToHf,
  expectedWeights: rotaryDecoderExpectedWeights,
  linearModules: rotaryDecoderLinearModules,
  tokenEmbeddingName: () => ROTARY_DECODER_EMBEDDING,
  canonicalWeightName: (name) => name,
  isIgnoredTensor: isRotaryDecoderIgnoredTensor,
  buildForward: buildLlamaForward,
  // LlamaPreTrainedModel._init_weights: normal(0, initializer_range), biases 0, RMSNorm 1.
  initializer(config, name) {
    if (name.endsWith('.bias')) return { kind: 'zeros' };
    if (NORM_WEIGHT.test(name)) return { kind: 'ones' };
    return { kind: 'normal', std: config.initializerRange };
  },
  // LlamaModel's embed_tokens has padding_idx = pad_token_id, whose row transformers zeroes.
  zeroesPaddingRow: (_config, name) => name === ROTARY_DECODER_EMBEDDING,
  presets: LLAMA_PRESETS,
};
