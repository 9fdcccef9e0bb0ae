import { z } from 'zod';

// What every architecture's normalised config has (each family adds its own fields in its folder,
// families/<name>/config.ts). Field names mirror the HF names in camelCase (STYLE.md); GPT-2's
// n_embd/n_layer/n_head become hiddenSize/numHiddenLayers/numAttentionHeads so that downstream
// code reads one vocabulary.

const positiveInt = z.number().int().positive();
const tokenId = z.number().int().nonnegative();

/** The fields of every family's camelCase config schema. */
export const commonConfigShape = {
  vocabSize: positiveInt.describe('Rows of the token embedding (vocab_size).'),
  hiddenSize: positiveInt.describe('Width of the residual stream (hidden_size; GPT-2 n_embd).'),
  numHiddenLayers: positiveInt.describe('Number of transformer blocks (num_hidden_layers; GPT-2 n_layer).'),
  numAttentionHeads: positiveInt.describe('Query heads per attention layer (num_attention_heads; GPT-2 n_head).'),
  numKeyValueHeads: positiveInt.describe('Key/value heads; fewer than query heads is grouped-query attention (GPT-2: = heads).'),
  headDim: positiveInt.describe('Width of one head (head_dim; default hidden_size / num_attention_heads).'),
  intermediateSize: positiveInt.describe('Width of the MLP (intermediate_size; GPT-2 n_inner, default 4 * n_embd).'),
  maxPositionEmbeddings: positiveInt.describe('Longest sequence the model was built for (max_position_embeddings; GPT-2 n_positions).'),
  tieWordEmbeddings: z.boolean().describe('The output head reuses the token embedding (no lm_head.weight in the checkpoint).'),
  bosTokenId: tokenId.nullable().describe('Beginning-of-sequence id (bos_token_id).'),
  eosTokenId: z.union([tokenId, z.array(tokenId).min(1)]).nullable().describe('End-of-sequence id, or ids (eos_token_id).'),
  padTokenId: tokenId.nullable().describe('Padding id (pad_token_id); null when the model has none.'),
  initializerRange: z.number().positive().describe('Standard deviation of the normal initialisation (initializer_range).'),
};

/** The config fields every family has, whatever its architecture. */
export type BaseModelConfig = z.output<z.ZodObject<typeof commonConfigShape>> & {
  /** The family (its folder under families/). */
  readonly architecture: string;
  /** The HF model_type. */
  readonly modelType: string;
};

/** Checks that heads tile the hidden state; shared by the camelCase and the HF schemas. */
export function attentionShapeProblems(config: {
  readonly hiddenSize: number;
  readonly numAttentionHeads: number;
  readonly numKeyValueHeads: number;
  readonly headDimGiven: boolean;
}): { readonly field: 'numAttentionHeads' | 'numKeyValueHeads'; readonly message: string }[] {
  const problems: { field: 'numAttentionHeads' | 'numKeyValueHeads'; message: string }[] = [];
  if (!config.headDimGiven && config.hiddenSize % config.numAttentionHeads !== 0) {
    problems.push({
      field: 'numAttentionHeads',
      message: `must divide the hidden size ${config.hiddenSize} (or give head_dim), but got ${config.numAttentionHeads}`,
    });
  }
  if (config.numAttentionHeads % config.numKeyValueHeads !== 0) {
    problems.push({
      field: 'numKeyValueHeads',
      message: `must divide the ${config.numAttentionHeads} attention heads (grouped-query attention), but got ${config.numKeyValueHeads}`,
    });
  }
  return problems;
}

/** The end-of-sequence ids of a config as a list (HF allows one id or several). */
export function eosTokenIds(config: Pick<BaseModelConfig, 'eosTokenId'>): number[] {
  if (config.eosTokenId === null) return [];
  return typeof config.eosTokenId === 'number' ? [config.eosTokenId] : [...config.eosTokenId];
}
