import { parseWithSchema } from '@causal-tune/core';
import { z } from 'zod';
import { unreadFields, unsupportedConfig, type InertField } from '../../config/hf-config-fields.js';
import { attentionShapeProblems, commonConfigShape } from '../../config/model-config.js';

const positiveInt = z.number().int().positive();
const tokenId = z.number().int().nonnegative();

/** GPT-2 activations by their transformers ACT2FN names; `gelu_new` is the tanh approximation GPT-2 uses. */
export const GPT2_ACTIVATIONS = ['gelu_new', 'gelu_pytorch_tanh', 'gelu', 'silu'] as const;

/** A GPT-2 config (GPT2Config of transformers), normalised. */
export const gpt2ModelConfigSchema = z
  .object({
    architecture: z.literal('gpt2').describe('The forward-graph family.'),
    modelType: z.literal('gpt2').describe('The HF model_type.'),
    ...commonConfigShape,
    layerNormEpsilon: z.number().positive().describe('LayerNorm epsilon (layer_norm_epsilon).'),
    activationFunction: z.enum(GPT2_ACTIVATIONS).describe('MLP activation (activation_function).'),
  })
  .superRefine((config, context) => {
    for (const problem of attentionShapeProblems({ ...config, headDimGiven: false })) context.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    if (config.headDim * config.numAttentionHeads !== config.hiddenSize) {
      context.addIssue({ code: 'custom', path: ['headDim'], message: `must be hiddenSize / numAttentionHeads for GPT-2, but got ${config.headDim}` });
    }
    if (config.numKeyValueHeads !== config.numAttentionHeads) context.addIssue({ code: 'custom', path: ['numKeyValueHeads'], message: 'must equal numAttentionHeads for GPT-2' });
  });

/** A parsed GPT-2 config. */
export type Gpt2ModelConfig = z.output<typeof gpt2ModelConfigSchema>;

/**
 * GPT-2's config.json (transformers `GPT2Config`; defaults from its `__init__`). The sizes are
 * required rather than defaulted to the 124M shape, so that a truncated file cannot silently
 * describe another model.
 */
export const gpt2HfConfigSchema = z
  .object({
    model_type: z.literal('gpt2').describe('Always "gpt2".'),
    vocab_size: positiveInt.describe('Rows of wte.'),
    n_positions: positiveInt.describe('Rows of wpe: the longest sequence.'),
    n_embd: positiveInt.describe('Hidden width.'),
    n_layer: positiveInt.describe('Number of blocks.'),
    n_head: positiveInt.describe('Attention heads.'),
    n_inner: positiveInt.nullable().default(null).describe('MLP width; null means 4 * n_embd.'),
    activation_function: z.enum([...GPT2_ACTIVATIONS, 'relu']).default('gelu_new').describe('MLP activation (relu is refused: not built).'),
    layer_norm_epsilon: z.number().positive().default(1e-5).describe('LayerNorm epsilon.'),
    initializer_range: z.number().positive().default(0.02).describe('Std of the normal initialisation.'),
    tie_word_embeddings: z.boolean().default(true).describe('lm_head shares wte.'),
    bos_token_id: tokenId.nullable().default(50256).describe('<|endoftext|> in the GPT-2 vocabulary.'),
    eos_token_id: z.union([tokenId, z.array(tokenId).min(1)]).nullable().default(50256).describe('<|endoftext|> in the GPT-2 vocabulary.'),
    pad_token_id: tokenId.nullable().default(null).describe('GPT-2 has no padding token.'),
    scale_attn_weights: z.boolean().default(true).describe('Scores are divided by sqrt(head_dim); false is refused.'),
    scale_attn_by_inverse_layer_idx: z.boolean().default(false).describe('Scores scaled by 1 / (layer index + 1) (Stanford CRFM runs); true is refused.'),
  })
  .superRefine((raw, context) => {
    const problems = attentionShapeProblems({ hiddenSize: raw.n_embd, numAttentionHeads: raw.n_head, numKeyValueHeads: raw.n_head, headDimGiven: false });
    for (const problem of problems) context.addIssue({ code: 'custom', path: ['n_head'], message: problem.message });
  });

/** A parsed {@link gpt2HfConfigSchema}. */
export type Gpt2HfConfig = z.output<typeof gpt2HfConfigSchema>;

// GPT2Config fields that do not change the forward pass. Dropout rates regularise training;
// causal-tune's training graphs have no model dropout (LoRA's own dropout is the method's).
// reorder_and_upcast_attn computes the scores in float32, which causal-tune always does.
const GPT2_INERT_FIELDS: Readonly<Record<string, InertField>> = {
  n_ctx: true,
  resid_pdrop: true,
  embd_pdrop: true,
  attn_pdrop: true,
  summary_type: true,
  summary_use_proj: true,
  summary_activation: true,
  summary_proj_to_labels: true,
  summary_first_dropout: true,
  reorder_and_upcast_attn: true,
};

/** Normalises a parsed GPT-2 config.json into the camelCase {@link Gpt2ModelConfig}. */
function gpt2ConfigFromHf(raw: Gpt2HfConfig & { activation_function: Gpt2ModelConfig['activationFunction'] }): Gpt2ModelConfig {
  return {
    architecture: 'gpt2',
    modelType: 'gpt2',
    vocabSize: raw.vocab_size,
    hiddenSize: raw.n_embd,
    numHiddenLayers: raw.n_layer,
    numAttentionHeads: raw.n_head,
    numKeyValueHeads: raw.n_head,
    headDim: raw.n_embd / raw.n_head,
    intermediateSize: raw.n_inner ?? 4 * raw.n_embd,
    maxPositionEmbeddings: raw.n_positions,
    tieWordEmbeddings: raw.tie_word_embeddings,
    bosTokenId: raw.bos_token_id,
    eosTokenId: raw.eos_token_id,
    padTokenId: raw.pad_token_id,
    initializerRange: raw.initializer_range,
    layerNormEpsilon: raw.layer_norm_epsilon,
    activationFunction: raw.activation_function,
  };
}

/** Validates and normalises a GPT-2 config.json; fields it cannot honour are refused by name. */
export function parseGpt2Config(raw: unknown, source: string): Gpt2ModelConfig {
  const parsed = parseWithSchema(gpt2HfConfigSchema, raw, source);
  const problems = unreadFields(raw as Record<string, unknown>, Object.keys(gpt2HfConfigSchema.shape), GPT2_INERT_FIELDS);
  if (parsed.activation_function === 'relu') problems.push({ field: 'activation_function', reason: "'relu' is not built; use gelu_new" });
  if (!parsed.scale_attn_weights) problems.push({ field: 'scale_attn_weights', reason: 'unscaled attention scores are not built' });
  if (parsed.scale_attn_by_inverse_layer_idx) problems.push({ field: 'scale_attn_by_inverse_layer_idx', reason: 'scores scaled by 1 / (layer + 1) are not built' });
  if (problems.length > 0) throw unsupportedConfig(source, 'gpt2', problems);
  return gpt2ConfigFromHf({ ...parsed, activation_function: parsed.activation_function as Gpt2ModelConfig['activationFunction'] });
}

/** The config.json transformers' `GPT2LMHeadModel.from_pretrained` reads for `config`. */
export function gpt2ConfigToHf(config: Gpt2ModelConfig): Record<string, unknown> {
  return {
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    vocab_size: config.vocabSize,
    n_positions: config.maxPositionEmbeddings,
    n_embd: config.hiddenSize,
    n_layer: config.numHiddenLayers,
    n_head: config.numAttentionHeads,
    n_inner: config.intermediateSize === 4 * config.hiddenSize ? null : config.intermediateSize,
    activation_function: config.activationFunction,
    layer_norm_epsilon: config.layerNormEpsilon,
    initializer_range: config.initializerRange,
    tie_word_embeddings: config.tieWordEmbeddings,
    bos_token_id: config.bosTokenId,
    eos_token_id: config.eosTokenId,
    pad_token_id: config.padTokenId,
    torch_dtype: 'float32',
  };
}
