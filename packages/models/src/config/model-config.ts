import { z } from 'zod';

// One camelCase config for every architecture causal-tune builds, normalised from the Hugging Face
// config.json (see gpt2/config.ts and llama/config.ts). Field names mirror the HF names in
// camelCase (STYLE.md); GPT-2's n_embd/n_layer/n_head become hiddenSize/numHiddenLayers/
// numAttentionHeads so that downstream code reads one vocabulary.

/** The forward-graph families causal-tune builds. */
export const MODEL_ARCHITECTURES = ['gpt2', 'llama'] as const;

/** One of {@link MODEL_ARCHITECTURES}. */
export type ModelArchitecture = (typeof MODEL_ARCHITECTURES)[number];

/** GPT-2 activations by their transformers ACT2FN names; `gelu_new` is the tanh approximation GPT-2 uses. */
export const GPT2_ACTIVATIONS = ['gelu_new', 'gelu_pytorch_tanh', 'gelu', 'relu', 'silu'] as const;

/** HF `model_type`s of the LLaMA family (same graph; Qwen2 adds q/k/v biases). */
export const LLAMA_MODEL_TYPES = ['llama', 'mistral', 'qwen2'] as const;

const positiveInt = z.number().int().positive();
const tokenId = z.number().int().nonnegative();

const commonShape = {
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

/** A GPT-2 config (GPT2Config of transformers). */
export const gpt2ModelConfigSchema = z.object({
  architecture: z.literal('gpt2').describe('The forward-graph family.'),
  modelType: z.literal('gpt2').describe('The HF model_type.'),
  ...commonShape,
  layerNormEpsilon: z.number().positive().describe('LayerNorm epsilon (layer_norm_epsilon).'),
  activationFunction: z.enum(GPT2_ACTIVATIONS).describe('MLP activation (activation_function).'),
});

/** A LLaMA-family config (LlamaConfig, MistralConfig, Qwen2Config of transformers). */
export const llamaModelConfigSchema = z.object({
  architecture: z.literal('llama').describe('The forward-graph family.'),
  modelType: z.enum(LLAMA_MODEL_TYPES).describe('The HF model_type.'),
  ...commonShape,
  rmsNormEps: z.number().positive().describe('RMSNorm epsilon (rms_norm_eps).'),
  ropeTheta: z.number().positive().describe('RoPE base frequency (rope_theta).'),
  ropeScaling: z.record(z.string(), z.unknown()).nullable().describe('RoPE scaling (rope_scaling, e.g. llama3 or linear), null for plain RoPE.'),
  hiddenAct: z.literal('silu').describe('Gate activation of the SwiGLU MLP (hidden_act).'),
  attentionBias: z.boolean().describe('q/k/v/o projections carry biases (attention_bias).'),
  qkvBias: z.boolean().describe('q/k/v projections carry biases: attention_bias, or always for Qwen2.'),
  mlpBias: z.boolean().describe('gate/up/down projections carry biases (mlp_bias).'),
  slidingWindow: positiveInt.nullable().describe('Sliding attention window in tokens (Mistral, Qwen2 with use_sliding_window), null for full attention.'),
});

// Which bias layouts each model_type can express in its config.json.
const LLAMA_BIAS_FLAGS: Record<(typeof LLAMA_MODEL_TYPES)[number], (config: { attentionBias: boolean; qkvBias: boolean; mlpBias: boolean }) => true | string> = {
  llama: (config) => config.qkvBias === config.attentionBias || 'must equal attentionBias for model_type llama (attention_bias covers q, k, v and o)',
  mistral: (config) => (!config.attentionBias && !config.qkvBias && !config.mlpBias) || 'Mistral has no biases: attentionBias, qkvBias and mlpBias must be false',
  qwen2: (config) => (config.qkvBias && !config.attentionBias && !config.mlpBias) || 'Qwen2 has q/k/v biases only: qkvBias true, attentionBias and mlpBias false',
};

/** Any {@link ModelConfig}, discriminated by `architecture`, with the head arithmetic checked. */
export const modelConfigSchema = z
  .discriminatedUnion('architecture', [gpt2ModelConfigSchema, llamaModelConfigSchema])
  .superRefine((config, context) => {
    for (const problem of attentionShapeProblems({ ...config, headDimGiven: config.architecture === 'llama' })) {
      context.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    }
    if (config.architecture === 'gpt2' && config.headDim * config.numAttentionHeads !== config.hiddenSize) {
      context.addIssue({ code: 'custom', path: ['headDim'], message: `must be hiddenSize / numAttentionHeads for GPT-2, but got ${config.headDim}` });
    }
    if (config.architecture === 'llama') {
      const allowed = LLAMA_BIAS_FLAGS[config.modelType](config);
      if (allowed !== true) context.addIssue({ code: 'custom', path: ['qkvBias'], message: allowed });
    }
  });

/** A parsed GPT-2 config. */
export type Gpt2ModelConfig = z.output<typeof gpt2ModelConfigSchema>;

/** A parsed LLaMA-family config. */
export type LlamaModelConfig = z.output<typeof llamaModelConfigSchema>;

/** The normalised config of any supported model. */
export type ModelConfig = Gpt2ModelConfig | LlamaModelConfig;

/** The end-of-sequence ids of a config as a list (HF allows one id or several). */
export function eosTokenIds(config: ModelConfig): number[] {
  if (config.eosTokenId === null) return [];
  return typeof config.eosTokenId === 'number' ? [config.eosTokenId] : [...config.eosTokenId];
}
