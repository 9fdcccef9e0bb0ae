import { z } from 'zod';
import { LLAMA_MODEL_TYPES, attentionShapeProblems } from '../config/model-config.js';
import type { LlamaModelConfig } from '../config/model-config.js';

const positiveInt = z.number().int().positive();
const tokenId = z.number().int().nonnegative();

// transformers defaults that differ by model_type (LlamaConfig, MistralConfig, Qwen2Config).
const DEFAULTS = {
  llama: { maxPositionEmbeddings: 2048, bosTokenId: 1, eosTokenId: 2, slidingWindow: null },
  mistral: { maxPositionEmbeddings: 4096 * 32, bosTokenId: 1, eosTokenId: 2, slidingWindow: 4096 },
  qwen2: { maxPositionEmbeddings: 32768, bosTokenId: null, eosTokenId: null, slidingWindow: 4096 },
} as const;

/**
 * The config.json of LLaMA-family models: LLaMA 1-3, TinyLlama, SmolLM (model_type llama),
 * Mistral and Qwen2. The sizes are required; everything else takes the transformers default of
 * its model_type. transformers 5 moved rope_theta into rope_parameters; both are read.
 */
export const llamaHfConfigSchema = z
  .object({
    model_type: z.enum(LLAMA_MODEL_TYPES).describe('Which transformers config class wrote the file.'),
    vocab_size: positiveInt.describe('Rows of embed_tokens.'),
    hidden_size: positiveInt.describe('Hidden width.'),
    intermediate_size: positiveInt.describe('SwiGLU MLP width.'),
    num_hidden_layers: positiveInt.describe('Number of decoder layers.'),
    num_attention_heads: positiveInt.describe('Query heads.'),
    num_key_value_heads: positiveInt.nullish().describe('Key/value heads; default num_attention_heads.'),
    head_dim: positiveInt.nullish().describe('Head width; default hidden_size / num_attention_heads.'),
    hidden_act: z.enum(['silu', 'swish']).default('silu').describe('SwiGLU gate activation (swish is silu).'),
    max_position_embeddings: positiveInt.optional().describe('Context length; default by model_type.'),
    initializer_range: z.number().positive().default(0.02).describe('Std of the normal initialisation.'),
    rms_norm_eps: z.number().positive().default(1e-6).describe('RMSNorm epsilon.'),
    rope_theta: z.number().positive().optional().describe('RoPE base; default 10000.'),
    rope_scaling: z.record(z.string(), z.unknown()).nullish().describe('RoPE scaling (llama3, linear, dynamic, yarn).'),
    rope_parameters: z
      .object({ rope_theta: z.number().positive().optional(), rope_type: z.string().optional() })
      .loose()
      .nullish()
      .describe('transformers 5 form of rope_theta and rope_scaling.'),
    tie_word_embeddings: z.boolean().default(false).describe('lm_head shares embed_tokens.'),
    attention_bias: z.boolean().default(false).describe('q/k/v/o carry biases (LLaMA); Qwen2 always has q/k/v biases.'),
    mlp_bias: z.boolean().default(false).describe('gate/up/down carry biases.'),
    use_sliding_window: z.boolean().default(false).describe('Qwen2: whether sliding_window applies.'),
    sliding_window: positiveInt.nullish().describe('Mistral/Qwen2 sliding attention window.'),
    bos_token_id: tokenId.nullish().describe('Beginning-of-sequence id.'),
    eos_token_id: z.union([tokenId, z.array(tokenId).min(1)]).nullish().describe('End-of-sequence id or ids.'),
    pad_token_id: tokenId.nullish().describe('Padding id, often absent.'),
  })
  .superRefine((raw, context) => {
    const problems = attentionShapeProblems({
      hiddenSize: raw.hidden_size,
      numAttentionHeads: raw.num_attention_heads,
      numKeyValueHeads: raw.num_key_value_heads ?? raw.num_attention_heads,
      headDimGiven: raw.head_dim != null,
    });
    for (const problem of problems) {
      context.addIssue({ code: 'custom', path: [problem.field === 'numAttentionHeads' ? 'num_attention_heads' : 'num_key_value_heads'], message: problem.message });
    }
  });

/** A parsed {@link llamaHfConfigSchema}. */
export type LlamaHfConfig = z.output<typeof llamaHfConfigSchema>;

function ropeScalingOf(raw: LlamaHfConfig): Record<string, unknown> | null {
  if (raw.rope_scaling != null) return raw.rope_scaling;
  const parameters = raw.rope_parameters;
  if (parameters == null || parameters.rope_type === undefined || parameters.rope_type === 'default') return null;
  const scaling: Record<string, unknown> = { ...parameters };
  delete scaling.rope_theta;
  return scaling;
}

/** Normalises a parsed LLaMA-family config.json into the camelCase {@link LlamaModelConfig}. */
export function llamaConfigFromHf(raw: LlamaHfConfig): LlamaModelConfig {
  const defaults = DEFAULTS[raw.model_type];
  const isQwen2 = raw.model_type === 'qwen2';
  // Mistral and Qwen2 have no bias switches: Mistral has no biases, Qwen2 always q/k/v ones.
  const attentionBias = raw.model_type === 'llama' && raw.attention_bias;
  const slidingWindow = raw.model_type === 'llama' || (isQwen2 && !raw.use_sliding_window) ? null : raw.sliding_window === undefined ? defaults.slidingWindow : raw.sliding_window;
  return {
    architecture: 'llama',
    modelType: raw.model_type,
    vocabSize: raw.vocab_size,
    hiddenSize: raw.hidden_size,
    numHiddenLayers: raw.num_hidden_layers,
    numAttentionHeads: raw.num_attention_heads,
    numKeyValueHeads: raw.num_key_value_heads ?? raw.num_attention_heads,
    headDim: raw.head_dim ?? raw.hidden_size / raw.num_attention_heads,
    intermediateSize: raw.intermediate_size,
    maxPositionEmbeddings: raw.max_position_embeddings ?? defaults.maxPositionEmbeddings,
    tieWordEmbeddings: raw.tie_word_embeddings,
    bosTokenId: raw.bos_token_id === undefined ? defaults.bosTokenId : raw.bos_token_id,
    eosTokenId: raw.eos_token_id === undefined ? defaults.eosTokenId : raw.eos_token_id,
    padTokenId: raw.pad_token_id ?? null,
    initializerRange: raw.initializer_range,
    rmsNormEps: raw.rms_norm_eps,
    ropeTheta: raw.rope_theta ?? raw.rope_parameters?.rope_theta ?? 10000,
    ropeScaling: ropeScalingOf(raw),
    hiddenAct: 'silu',
    attentionBias,
    qkvBias: attentionBias || isQwen2,
    mlpBias: raw.model_type === 'llama' && raw.mlp_bias,
    slidingWindow: slidingWindow ?? null,
  };
}

const ARCHITECTURE_CLASSES = { llama: 'LlamaForCausalLM', mistral: 'MistralForCausalLM', qwen2: 'Qwen2ForCausalLM' } as const;

/** The config.json transformers' `AutoModelForCausalLM.from_pretrained` reads back into the same model. */
export function llamaConfigToHf(config: LlamaModelConfig): Record<string, unknown> {
  const hf: Record<string, unknown> = {
    architectures: [ARCHITECTURE_CLASSES[config.modelType]],
    model_type: config.modelType,
    vocab_size: config.vocabSize,
    hidden_size: config.hiddenSize,
    intermediate_size: config.intermediateSize,
    num_hidden_layers: config.numHiddenLayers,
    num_attention_heads: config.numAttentionHeads,
    num_key_value_heads: config.numKeyValueHeads,
    head_dim: config.headDim,
    hidden_act: config.hiddenAct,
    max_position_embeddings: config.maxPositionEmbeddings,
    initializer_range: config.initializerRange,
    rms_norm_eps: config.rmsNormEps,
    rope_theta: config.ropeTheta,
    rope_scaling: config.ropeScaling,
    tie_word_embeddings: config.tieWordEmbeddings,
    bos_token_id: config.bosTokenId,
    eos_token_id: config.eosTokenId,
    pad_token_id: config.padTokenId,
    torch_dtype: 'float32',
  };
  if (config.modelType === 'llama') Object.assign(hf, { attention_bias: config.attentionBias, mlp_bias: config.mlpBias });
  if (config.modelType === 'mistral') hf.sliding_window = config.slidingWindow;
  if (config.modelType === 'qwen2') Object.assign(hf, { use_sliding_window: config.slidingWindow !== null, sliding_window: config.slidingWindow ?? 4096 });
  return hf;
}
