import { z } from 'zod';
import { GPT2_ACTIVATIONS, attentionShapeProblems } from '../config/model-config.js';
import type { Gpt2ModelConfig } from '../config/model-config.js';

const positiveInt = z.number().int().positive();
const tokenId = z.number().int().nonnegative();

/**
 * GPT-2's config.json (transformers `GPT2Config`; defaults from its `__init__`). The sizes are
 * required rather than defaulted to the 124M shape, so that a truncated file cannot silently
 * describe another model. Unknown keys (dropout rates, task heads) are ignored.
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
    activation_function: z.enum(GPT2_ACTIVATIONS).default('gelu_new').describe('MLP activation.'),
    layer_norm_epsilon: z.number().positive().default(1e-5).describe('LayerNorm epsilon.'),
    initializer_range: z.number().positive().default(0.02).describe('Std of the normal initialisation.'),
    tie_word_embeddings: z.boolean().default(true).describe('lm_head shares wte.'),
    bos_token_id: tokenId.nullable().default(50256).describe('<|endoftext|> in the GPT-2 vocabulary.'),
    eos_token_id: z.union([tokenId, z.array(tokenId).min(1)]).nullable().default(50256).describe('<|endoftext|> in the GPT-2 vocabulary.'),
    pad_token_id: tokenId.nullable().default(null).describe('GPT-2 has no padding token.'),
    scale_attn_weights: z.literal(true).default(true).describe('Scores are divided by sqrt(head_dim); false is not supported.'),
    scale_attn_by_inverse_layer_idx: z.literal(false).default(false).describe('Scores scaled by 1 / (layer index + 1) (Stanford CRFM runs); not supported.'),
  })
  .superRefine((raw, context) => {
    const problems = attentionShapeProblems({ hiddenSize: raw.n_embd, numAttentionHeads: raw.n_head, numKeyValueHeads: raw.n_head, headDimGiven: false });
    for (const problem of problems) context.addIssue({ code: 'custom', path: ['n_head'], message: problem.message });
  });

/** A parsed {@link gpt2HfConfigSchema}. */
export type Gpt2HfConfig = z.output<typeof gpt2HfConfigSchema>;

/** Normalises a parsed GPT-2 config.json into the camelCase {@link Gpt2ModelConfig}. */
export function gpt2ConfigFromHf(raw: Gpt2HfConfig): Gpt2ModelConfig {
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
