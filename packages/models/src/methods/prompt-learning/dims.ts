import { ToolkitError } from '@causal-tune/core';
import type { FloatTensor } from '../../checkpoint/tensor.js';
import { formatShape, shapesEqual } from '../../checkpoint/tensor.js';
import type { ModelConfig } from '../../families/registry.js';
import { incompatible } from '../shared/errors.js';
import type { PromptLearningConfig } from './config.js';

// Prompt-learning adapters save one tensor, `prompt_embeddings`, the prompt encoder's *output*
// (PeftModel.get_prompt_embedding_to_save): [num_virtual_tokens * num_transformer_submodules,
// token_dim] for prompt tuning and p-tuning, [num_virtual_tokens, num_layers * 2 * token_dim]
// for prefix tuning, with or without prefix_projection.

/** The one tensor of a prompt-learning adapter. */
export const PROMPT_EMBEDDINGS = 'prompt_embeddings';

/** Sizes of a prompt-learning adapter, with PEFT's fills from the base model where the config has none. */
export interface PromptLearningDims {
  readonly numVirtualTokens: number;
  readonly tokenDim: number;
  readonly numTransformerSubmodules: number;
  readonly numLayers: number;
  readonly numAttentionHeads: number;
  readonly encoderHiddenSize: number;
}

/**
 * What PEFT's `_prepare_prompt_learning_config` (peft/utils/other.py) derives from a base model:
 * num_layers, token_dim = hidden size, num_attention_heads; for prefix tuning on a model with
 * num_key_value_heads (grouped-query attention) token_dim = head_dim · num_key_value_heads and
 * num_attention_heads = num_key_value_heads (for GPT-2, whose key/value heads are its heads, the
 * same numbers); encoder_hidden_size defaults to token_dim; decoder-only models have 1
 * transformer submodule.
 */
export function promptLearningDimsOf(model: ModelConfig, peftType: PromptLearningConfig['peft_type']): Omit<PromptLearningDims, 'numVirtualTokens'> {
  const prefix = peftType === 'PREFIX_TUNING';
  const tokenDim = prefix ? model.headDim * model.numKeyValueHeads : model.hiddenSize;
  return { tokenDim, numTransformerSubmodules: 1, numLayers: model.numHiddenLayers, numAttentionHeads: prefix ? model.numKeyValueHeads : model.numAttentionHeads, encoderHiddenSize: tokenDim };
}

/** The adapter_config.json fields every prompt-learning method writes, as PEFT's PromptLearningConfig has them. */
export function promptLearningConfigFields<T extends PromptLearningConfig['peft_type']>(peftType: T, numVirtualTokens: number, model: ModelConfig, baseModelName: string) {
  const dims = promptLearningDimsOf(model, peftType);
  return {
    peft_type: peftType,
    task_type: 'CAUSAL_LM' as const,
    base_model_name_or_path: baseModelName,
    num_virtual_tokens: numVirtualTokens,
    token_dim: dims.tokenDim,
    num_transformer_submodules: dims.numTransformerSubmodules,
    num_attention_heads: dims.numAttentionHeads,
    num_layers: dims.numLayers,
  };
}

/**
 * The sizes of a prompt-learning adapter: the config's own values, checked against `model` when
 * given (`ARTIFACT_INCOMPATIBLE` naming both), and filled from it where the config has none.
 * Without a model, a missing size is `PEFT_CONFIG_INVALID`.
 */
export function resolvePromptLearningDims(config: PromptLearningConfig, model?: ModelConfig): PromptLearningDims {
  const derived = model === undefined ? undefined : promptLearningDimsOf(model, config.peft_type);
  const pick = (field: 'token_dim' | 'num_transformer_submodules' | 'num_layers' | 'num_attention_heads', key: 'tokenDim' | 'numTransformerSubmodules' | 'numLayers' | 'numAttentionHeads'): number => {
    const own = config[field] ?? null;
    const fromModel = derived?.[key];
    if (own !== null && fromModel !== undefined && own !== fromModel) {
      throw incompatible(
        `The ${config.peft_type} adapter has ${field} ${own} in adapter_config.json (base model ${JSON.stringify(config.base_model_name_or_path)}), ` +
          `but this ${model!.modelType} model (hidden size ${model!.hiddenSize}, ${model!.numHiddenLayers} layers) needs ${fromModel}.`,
        { field, adapter: own, model: fromModel },
      );
    }
    const value = own ?? fromModel;
    if (value === undefined) {
      throw new ToolkitError('PEFT_CONFIG_INVALID', `adapter_config.json has no ${field}. Pass the base model's config so that it can be derived, as PEFT does.`, { details: { field } });
    }
    return value;
  };
  const tokenDim = pick('token_dim', 'tokenDim');
  return {
    numVirtualTokens: config.num_virtual_tokens,
    tokenDim,
    numTransformerSubmodules: pick('num_transformer_submodules', 'numTransformerSubmodules'),
    numLayers: pick('num_layers', 'numLayers'),
    numAttentionHeads: pick('num_attention_heads', 'numAttentionHeads'),
    encoderHiddenSize: config.peft_type === 'PROMPT_TUNING' ? tokenDim : (config.encoder_hidden_size ?? tokenDim),
  };
}

/** Shape of `prompt_embeddings` for a prompt-learning adapter. */
export function promptEmbeddingsShape(config: PromptLearningConfig, dims: PromptLearningDims): [number, number] {
  return config.peft_type === 'PREFIX_TUNING' ? [dims.numVirtualTokens, dims.numLayers * 2 * dims.tokenDim] : [dims.numVirtualTokens * dims.numTransformerSubmodules, dims.tokenDim];
}

/** `prompt_embeddings` -> its shape: what a prompt-learning adapter saves. */
export function promptEmbeddingsShapes(config: PromptLearningConfig, model?: ModelConfig): Map<string, number[]> {
  return new Map([[PROMPT_EMBEDDINGS, promptEmbeddingsShape(config, resolvePromptLearningDims(config, model))]]);
}

/** A decoder-only model has one transformer submodule; refuses anything else. */
export function assertDecoderOnly(dims: PromptLearningDims): void {
  if (dims.numTransformerSubmodules !== 1) {
    throw new ToolkitError('PEFT_CONFIG_INVALID', `num_transformer_submodules is ${dims.numTransformerSubmodules}, but a decoder-only model has 1.`, { details: { numTransformerSubmodules: dims.numTransformerSubmodules } });
  }
}

/** Checks the one saved tensor of a prompt-learning adapter. */
export function validatePromptEmbeddings(config: PromptLearningConfig, tensors: ReadonlyMap<string, FloatTensor>, options: { readonly model?: ModelConfig; readonly source: string }): void {
  const { source } = options;
  const embeddings = tensors.get(PROMPT_EMBEDDINGS);
  if (embeddings === undefined) {
    throw new ToolkitError('MODEL_TENSOR_MISSING', `${source} has no '${PROMPT_EMBEDDINGS}', the one tensor PEFT saves for ${config.peft_type}.`, { details: { source, missing: PROMPT_EMBEDDINGS } });
  }
  const extra = [...tensors.keys()].filter((name) => name !== PROMPT_EMBEDDINGS);
  if (extra.length > 0) throw incompatible(`${source} has tensors PEFT does not save for ${config.peft_type}: ${extra.join(', ')}.`, { source, tensors: extra });
  const expected = promptEmbeddingsShape(config, resolvePromptLearningDims(config, options.model));
  if (!shapesEqual(embeddings.shape, expected)) {
    throw new ToolkitError(
      'MODEL_TENSOR_SHAPE_MISMATCH',
      `Adapter tensor '${PROMPT_EMBEDDINGS}' in ${source} has shape ${formatShape(embeddings.shape)}, but adapter_config.json implies ${formatShape(expected)}. Re-save the adapter with a matching adapter_config.json.`,
      { details: { source, tensor: PROMPT_EMBEDDINGS, expected: [...expected], actual: [...embeddings.shape] } },
    );
  }
}
