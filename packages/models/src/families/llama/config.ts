import { parseWithSchema } from '@causal-tune/core';
import { z } from 'zod';
import { unreadFields, unsupportedConfig, type InertField, type UnsupportedField } from '../../config/hf-config-fields.js';
import { attentionShapeProblems, commonConfigShape } from '../../config/model-config.js';
import { rotaryDecoderHfSizeShape, rotaryDecoderHfSizes } from '../shared/rotary-decoder-weights.js';
import { ropeFromHf, ropeHfConfigShape, ropeScalingSchema, ropeScalingToHf } from '../shared/rope-config.js';

const positiveInt = z.number().int().positive();
const tokenId = z.number().int().nonnegative();

/** HF `model_type`s of the LLaMA family (same graph; Qwen2 adds q/k/v biases, Mistral a sliding window). */
export const LLAMA_MODEL_TYPES = ['llama', 'mistral', 'qwen2'] as const;

// Which bias layouts each model_type can express in its config.json.
const LLAMA_BIAS_FLAGS: Record<(typeof LLAMA_MODEL_TYPES)[number], (config: { attentionBias: boolean; qkvBias: boolean; mlpBias: boolean }) => true | string> = {
  llama: (config) => config.qkvBias === config.attentionBias || 'must equal attentionBias for model_type llama (attention_bias covers q, k, v and o)',
  mistral: (config) => (!config.attentionBias && !config.qkvBias && !config.mlpBias) || 'Mistral has no biases: attentionBias, qkvBias and mlpBias must be false',
  qwen2: (config) => (config.qkvBias && !config.attentionBias && !config.mlpBias) || 'Qwen2 has q/k/v biases only: qkvBias true, attentionBias and mlpBias false',
};

/** A LLaMA-family config (LlamaConfig, MistralConfig, Qwen2Config of transformers), normalised. */
export const llamaModelConfigSchema = z
  .object({
    architecture: z.literal('llama').describe('The forward-graph family.'),
    modelType: z.enum(LLAMA_MODEL_TYPES).describe('The HF model_type.'),
    ...commonConfigShape,
    rmsNormEps: z.number().positive().describe('RMSNorm epsilon (rms_norm_eps).'),
    ropeTheta: z.number().positive().describe('RoPE base frequency (rope_theta).'),
    ropeScaling: ropeScalingSchema.nullable().describe('RoPE scaling (rope_scaling: linear, dynamic or llama3), null for plain RoPE.'),
    hiddenAct: z.literal('silu').describe('Gate activation of the SwiGLU MLP (hidden_act).'),
    attentionBias: z.boolean().describe('q/k/v/o projections carry biases (attention_bias).'),
    qkvBias: z.boolean().describe('q/k/v projections carry biases: attention_bias, or always for Qwen2.'),
    mlpBias: z.boolean().describe('gate/up/down projections carry biases (mlp_bias).'),
    slidingWindow: positiveInt.nullable().describe('Sliding attention window in tokens (Mistral; Qwen2 with use_sliding_window), null for full attention.'),
    slidingWindowFromLayer: z.number().int().nonnegative().describe('First layer with the sliding window (Qwen2 max_window_layers; 0 for Mistral).'),
  })
  .superRefine((config, context) => {
    for (const problem of attentionShapeProblems({ ...config, headDimGiven: true })) context.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    const allowed = LLAMA_BIAS_FLAGS[config.modelType](config);
    if (allowed !== true) context.addIssue({ code: 'custom', path: ['qkvBias'], message: allowed });
  });

/** A parsed LLaMA-family config. */
export type LlamaModelConfig = z.output<typeof llamaModelConfigSchema>;

// transformers defaults that differ by model_type (LlamaConfig, MistralConfig, Qwen2Config).
const DEFAULTS = {
  llama: { maxPositionEmbeddings: 2048, bosTokenId: 1, eosTokenId: 2, slidingWindow: null },
  mistral: { maxPositionEmbeddings: 4096 * 32, bosTokenId: 1, eosTokenId: 2, slidingWindow: 4096 },
  qwen2: { maxPositionEmbeddings: 32768, bosTokenId: null, eosTokenId: null, slidingWindow: 4096 },
} as const;

/**
 * The config.json of LLaMA-family models: LLaMA 1-3, TinyLlama, SmolLM (model_type llama),
 * Mistral and Qwen2. The sizes are required; everything else takes the transformers default of
 * its model_type. transformers 5 moved rope_theta and rope_scaling into rope_parameters; both
 * forms are read.
 */
export const llamaHfConfigSchema = z
  .object({
    model_type: z.enum(LLAMA_MODEL_TYPES).describe('Which transformers config class wrote the file.'),
    ...rotaryDecoderHfSizeShape,
    head_dim: positiveInt.nullish().describe('Head width; default hidden_size / num_attention_heads.'),
    hidden_act: z.enum(['silu', 'swish']).default('silu').describe('SwiGLU gate activation (swish is silu).'),
    max_position_embeddings: positiveInt.optional().describe('Context length; default by model_type.'),
    initializer_range: z.number().positive().default(0.02).describe('Std of the normal initialisation.'),
    rms_norm_eps: z.number().positive().default(1e-6).describe('RMSNorm epsilon.'),
    ...ropeHfConfigShape,
    tie_word_embeddings: z.boolean().default(false).describe('lm_head shares embed_tokens.'),
    attention_bias: z.boolean().default(false).describe('q/k/v/o carry biases (LLaMA); Qwen2 always has q/k/v biases.'),
    mlp_bias: z.boolean().default(false).describe('gate/up/down carry biases.'),
    use_sliding_window: z.boolean().default(false).describe('Qwen2: whether sliding_window applies.'),
    sliding_window: positiveInt.nullish().describe('Mistral/Qwen2 sliding attention window.'),
    max_window_layers: z.number().int().nonnegative().optional().describe('Qwen2: layers from this index on use the sliding window (default 28).'),
    layer_types: z.array(z.enum(['full_attention', 'sliding_attention'])).nullish().describe('transformers 4.53+: the attention of each layer.'),
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

// LlamaConfig fields that leave the forward pass as it is. pretraining_tp > 1 only splits the
// same products into slices; attention_dropout regularises training, and causal-tune's training
// graphs have no model dropout (LoRA's own dropout is the method's).
const LLAMA_INERT_FIELDS: Readonly<Record<string, InertField>> = {
  pretraining_tp: true,
  attention_dropout: true,
  use_mrope: (value) => value === false,
};

/** The sliding window and the first layer it applies to, as transformers decides it per model_type. */
function slidingWindowOf(raw: LlamaHfConfig, problems: UnsupportedField[]): { size: number | null; fromLayer: number } {
  if (raw.model_type === 'llama') return { size: null, fromLayer: 0 };
  const size = raw.sliding_window === undefined ? DEFAULTS[raw.model_type].slidingWindow : raw.sliding_window;
  if (raw.model_type === 'mistral') return { size, fromLayer: 0 };
  // Qwen2: layer i slides when use_sliding_window and i >= max_window_layers (or layer_types says so).
  if (raw.layer_types != null) {
    const first = raw.layer_types.indexOf('sliding_attention');
    if (first === -1 || size === null) return { size: null, fromLayer: 0 };
    if (raw.layer_types.slice(first).some((type) => type !== 'sliding_attention')) problems.push({ field: 'layer_types', reason: 'full attention after a sliding layer is not built; sliding layers must come last' });
    return { size, fromLayer: first };
  }
  if (!raw.use_sliding_window || size === null) return { size: null, fromLayer: 0 };
  const fromLayer = raw.max_window_layers ?? 28;
  return fromLayer >= raw.num_hidden_layers ? { size: null, fromLayer: 0 } : { size, fromLayer };
}

/** Validates and normalises a LLaMA-family config.json; fields it cannot honour are refused by name. */
export function parseLlamaConfig(input: unknown, source: string): LlamaModelConfig {
  const raw = parseWithSchema(llamaHfConfigSchema, input, source);
  const problems = unreadFields(input as Record<string, unknown>, Object.keys(llamaHfConfigSchema.shape), LLAMA_INERT_FIELDS);
  const defaults = DEFAULTS[raw.model_type];
  const maxPositionEmbeddings = raw.max_position_embeddings ?? defaults.maxPositionEmbeddings;
  const rope = ropeFromHf(raw, maxPositionEmbeddings);
  problems.push(...rope.problems);
  const window = slidingWindowOf(raw, problems);
  if (problems.length > 0) throw unsupportedConfig(source, raw.model_type, problems);
  // Mistral and Qwen2 have no bias switches: Mistral has no biases, Qwen2 always q/k/v ones.
  const attentionBias = raw.model_type === 'llama' && raw.attention_bias;
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
    maxPositionEmbeddings,
    tieWordEmbeddings: raw.tie_word_embeddings,
    bosTokenId: raw.bos_token_id === undefined ? defaults.bosTokenId : raw.bos_token_id,
    eosTokenId: raw.eos_token_id === undefined ? defaults.eosTokenId : raw.eos_token_id,
    padTokenId: raw.pad_token_id ?? null,
    initializerRange: raw.initializer_range,
    rmsNormEps: raw.rms_norm_eps,
    ropeTheta: rope.theta,
    ropeScaling: rope.scaling,
    hiddenAct: 'silu',
    attentionBias,
    qkvBias: attentionBias || raw.model_type === 'qwen2',
    mlpBias: raw.model_type === 'llama' && raw.mlp_bias,
    slidingWindow: window.size,
    slidingWindowFromLayer: window.fromLayer,
  };
}

const ARCHITECTURE_CLASSES = { llama: 'LlamaForCausalLM', mistral: 'MistralForCausalLM', qwen2: 'Qwen2ForCausalLM' } as const;

/** The config.json transformers' `AutoModelForCausalLM.from_pretrained` reads back into the same model. */
export function llamaConfigToHf(config: LlamaModelConfig): Record<string, unknown> {
  const hf: Record<string, unknown> = {
    architectures: [ARCHITECTURE_CLASSES[config.modelType]],
    model_type: config.modelType,
    ...rotaryDecoderHfSizes(config),
    hidden_act: config.hiddenAct,
    max_position_embeddings: config.maxPositionEmbeddings,
    initializer_range: config.initializerRange,
    rms_norm_eps: config.rmsNormEps,
    rope_theta: config.ropeTheta,
    rope_scaling: ropeScalingToHf(config.ropeScaling),
    tie_word_embeddings: config.tieWordEmbeddings,
    bos_token_id: config.bosTokenId,
    eos_token_id: config.eosTokenId,
    pad_token_id: config.padTokenId,
    torch_dtype: 'float32',
  };
  if (config.modelType === 'llama') Object.assign(hf, { attention_bias: config.attentionBias, mlp_bias: config.mlpBias });
  if (config.modelType === 'mistral') hf.sliding_window = config.slidingWindow;
  if (config.modelType === 'qwen2') {
    Object.assign(hf, { use_sliding_window: config.slidingWindow !== null, sliding_window: config.slidingWindow ?? 4096, max_window_layers: config.slidingWindow === null ? config.numHiddenLayers : config.slidingWindowFromLayer });
  }
  return hf;
}
