import { parseWithSchema } from '@causal-tune/core';
import { z } from 'zod';
import { unreadFields, unsupportedConfig, type InertField } from '../../config/hf-config-fields.js';
import { attentionShapeProblems, commonConfigShape } from '../../config/model-config.js';
import { rotaryDecoderHfSizeShape, rotaryDecoderHfSizes } from '../shared/rotary-decoder-weights.js';
import { ropeFromHf, ropeHfConfigShape, ropeScalingSchema, ropeScalingToHf } from '../shared/rope-config.js';

const positiveInt = z.number().int().positive();
const tokenId = z.number().int().nonnegative();

/**
 * The MLP activations Gemma checkpoints name: `gelu_pytorch_tanh` (GELU's tanh approximation,
 * every released Gemma) and `gelu` (exact).
 */
const GEMMA_ACTIVATIONS = ['gelu_pytorch_tanh', 'gelu'] as const;

/** A Gemma config (transformers' GemmaConfig), normalised. */
export const gemmaModelConfigSchema = z
  .object({
    architecture: z.literal('gemma').describe('The forward-graph family.'),
    modelType: z.literal('gemma').describe('The HF model_type.'),
    ...commonConfigShape,
    rmsNormEps: z.number().positive().describe('RMSNorm epsilon (rms_norm_eps).'),
    ropeTheta: z.number().positive().describe('RoPE base frequency (rope_theta).'),
    ropeScaling: ropeScalingSchema.nullable().describe('RoPE scaling (rope_scaling: linear, dynamic or llama3), null for plain RoPE.'),
    hiddenActivation: z.enum(GEMMA_ACTIVATIONS).describe('Gate activation of the GeGLU MLP (hidden_activation).'),
    attentionBias: z.boolean().describe('q/k/v/o projections carry biases (attention_bias).'),
  })
  .superRefine((config, context) => {
    for (const problem of attentionShapeProblems({ ...config, headDimGiven: true })) context.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  });

/** A parsed Gemma config. */
export type GemmaModelConfig = z.output<typeof gemmaModelConfigSchema>;

/** The config.json of Gemma (1) checkpoints; sizes required, the rest GemmaConfig's defaults. */
export const gemmaHfConfigSchema = z.object({
  model_type: z.literal('gemma').describe('Which transformers config class wrote the file.'),
  ...rotaryDecoderHfSizeShape,
  head_dim: positiveInt.default(256).describe('Head width, independent of hidden_size / num_attention_heads (GemmaConfig default 256).'),
  hidden_act: z.enum(GEMMA_ACTIVATIONS).default('gelu_pytorch_tanh').describe('MLP activation; older checkpoints say gelu and mean the tanh approximation (see hidden_activation).'),
  hidden_activation: z.enum(GEMMA_ACTIVATIONS).nullish().describe('MLP activation; when absent, transformers uses gelu_pytorch_tanh whatever hidden_act says (transformers PR 29402).'),
  max_position_embeddings: positiveInt.default(8192).describe('Context length.'),
  initializer_range: z.number().positive().default(0.02).describe('Std of the normal initialisation.'),
  rms_norm_eps: z.number().positive().default(1e-6).describe('RMSNorm epsilon.'),
  ...ropeHfConfigShape,
  tie_word_embeddings: z.boolean().default(true).describe('lm_head shares embed_tokens (every released Gemma).'),
  attention_bias: z.boolean().default(false).describe('q/k/v/o carry biases.'),
  bos_token_id: tokenId.nullish().describe('Beginning-of-sequence id (default 2).'),
  eos_token_id: z.union([tokenId, z.array(tokenId).min(1)]).nullish().describe('End-of-sequence id or ids (default 1).'),
  pad_token_id: tokenId.nullish().describe('Padding id (default 0).'),
});

/** A parsed {@link gemmaHfConfigSchema}. */
export type GemmaHfConfig = z.output<typeof gemmaHfConfigSchema>;

// GemmaConfig fields that leave the forward pass as it is: attention_dropout regularises
// training, and causal-tune's training graphs have no model dropout. Bidirectional attention
// (EmbeddingGemma) is not causal attention.
const GEMMA_INERT_FIELDS: Readonly<Record<string, InertField>> = {
  attention_dropout: true,
  use_bidirectional_attention: (value) => value === false || value == null,
};

/** Validates and normalises a Gemma config.json; fields it cannot honour are refused by name. */
export function parseGemmaConfig(input: unknown, source: string): GemmaModelConfig {
  const raw = parseWithSchema(gemmaHfConfigSchema, input, source);
  const problems = unreadFields(input as Record<string, unknown>, Object.keys(gemmaHfConfigSchema.shape), GEMMA_INERT_FIELDS);
  const numKeyValueHeads = raw.num_key_value_heads ?? raw.num_attention_heads;
  if (raw.num_attention_heads % numKeyValueHeads !== 0) problems.push({ field: 'num_key_value_heads', reason: `must divide the ${raw.num_attention_heads} attention heads, but got ${numKeyValueHeads}` });
  const rope = ropeFromHf(raw, raw.max_position_embeddings);
  problems.push(...rope.problems);
  if (problems.length > 0) throw unsupportedConfig(source, raw.model_type, problems);
  return {
    architecture: 'gemma',
    modelType: 'gemma',
    vocabSize: raw.vocab_size,
    hiddenSize: raw.hidden_size,
    numHiddenLayers: raw.num_hidden_layers,
    numAttentionHeads: raw.num_attention_heads,
    numKeyValueHeads,
    headDim: raw.head_dim,
    intermediateSize: raw.intermediate_size,
    maxPositionEmbeddings: raw.max_position_embeddings,
    tieWordEmbeddings: raw.tie_word_embeddings,
    bosTokenId: raw.bos_token_id === undefined ? 2 : raw.bos_token_id,
    eosTokenId: raw.eos_token_id === undefined ? 1 : raw.eos_token_id,
    padTokenId: raw.pad_token_id === undefined ? 0 : raw.pad_token_id,
    initializerRange: raw.initializer_range,
    rmsNormEps: raw.rms_norm_eps,
    ropeTheta: rope.theta,
    ropeScaling: rope.scaling,
    hiddenActivation: raw.hidden_activation ?? 'gelu_pytorch_tanh',
    attentionBias: raw.attention_bias,
  };
}

/** The config.json transformers' `AutoModelForCausalLM.from_pretrained` reads back into the same model. */
export function gemmaConfigToHf(config: GemmaModelConfig): Record<string, unknown> {
  return {
    architectures: ['GemmaForCausalLM'],
    model_type: 'gemma',
    ...rotaryDecoderHfSizes(gemmaDecoderShape(config)),
    hidden_act: config.hiddenActivation,
    hidden_activation: config.hiddenActivation,
    max_position_embeddings: config.maxPositionEmbeddings,
    initializer_range: config.initializerRange,
    rms_norm_eps: config.rmsNormEps,
    rope_theta: config.ropeTheta,
    rope_scaling: ropeScalingToHf(config.ropeScaling),
    tie_word_embeddings: config.tieWordEmbeddings,
    attention_bias: config.attentionBias,
    bos_token_id: config.bosTokenId,
    eos_token_id: config.eosTokenId,
    pad_token_id: config.padTokenId,
    torch_dtype: 'float32',
  };
}

/** Gemma in the LLaMA tensor layout: attention_bias covers q, k, v and o; the MLP has none. */
export function gemmaDecoderShape(config: GemmaModelConfig): GemmaModelConfig & { readonly qkvBias: boolean; readonly mlpBias: false } {
  return { ...config, qkvBias: config.attentionBias, mlpBias: false };
}
