import { ToolkitError } from '@causal-tune/core';
import type { FloatTensor } from '../checkpoint/tensor.js';
import { formatShape, shapesEqual } from '../checkpoint/tensor.js';
import type { ModelConfig } from '../families/registry.js';
import { linearModules } from '../families/registry.js';
import type { AdapterConfig, LoraAdapterConfig, PromptLearningAdapterConfig } from './adapter-config.js';
import { loraRank, resolveLoraTargets } from './lora-targets.js';

// Tensor names of adapter_model.safetensors, from peft/utils/save_and_load.py
// get_peft_model_state_dict and the `_get_adapter_state_dict` hooks in peft/tuners/tuners_utils.py:
// - LoRA (BaseTuner): the parameters of the injected layers, adapter name removed
//   (`_remove_adapter_name_from_state_dict_key`): `base_model.model.<module path>.lora_A.weight`
//   [r, in_features] and `.lora_B.weight` [out_features, r] (nn.Linear layout; GPT-2 Conv1D too).
// - Prompt learning (BasePromptEncoder): only `prompt_embeddings`, the prompt encoder's *output*
//   (`PeftModel.get_prompt_embedding_to_save`): [num_virtual_tokens * num_transformer_submodules,
//   token_dim] for prompt tuning and p-tuning (the MLP/LSTM encoder itself is not saved; a loaded
//   adapter runs in inference_mode, which reads the embedding directly), and [num_virtual_tokens,
//   num_layers * 2 * token_dim] for prefix tuning, with or without prefix_projection.

/** The one tensor of a prompt-learning adapter. */
export const PROMPT_EMBEDDINGS = 'prompt_embeddings';

/** Prefix of LoRA tensor names: PeftModel.base_model (LoraModel) .model (the transformers model). */
export const LORA_KEY_PREFIX = 'base_model.model.';

const LORA_KEY = /^base_model\.model\.(.+)\.lora_([AB])\.weight$/;

/** The saved names of one module's LoRA matrices. */
export function loraTensorNames(modulePath: string): { readonly a: string; readonly b: string } {
  return { a: `${LORA_KEY_PREFIX}${modulePath}.lora_A.weight`, b: `${LORA_KEY_PREFIX}${modulePath}.lora_B.weight` };
}

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
 * num_key_value_heads in its config (the LLaMA family, not GPT-2) token_dim = head_dim *
 * num_key_value_heads and num_attention_heads = num_key_value_heads (grouped-query attention);
 * encoder_hidden_size defaults to token_dim; decoder-only models have 1 transformer submodule.
 */
export function promptLearningDimsOf(model: ModelConfig, peftType: PromptLearningAdapterConfig['peft_type']): Omit<PromptLearningDims, 'numVirtualTokens'> {
  const grouped = peftType === 'PREFIX_TUNING' && model.architecture === 'llama';
  const tokenDim = grouped ? model.headDim * model.numKeyValueHeads : model.hiddenSize;
  return {
    tokenDim,
    numTransformerSubmodules: 1,
    numLayers: model.numHiddenLayers,
    numAttentionHeads: grouped ? model.numKeyValueHeads : model.numAttentionHeads,
    encoderHiddenSize: tokenDim,
  };
}

function incompatible(message: string, details: Record<string, unknown>): ToolkitError {
  return new ToolkitError('ARTIFACT_INCOMPATIBLE', `${message} Load the adapter with the base model it was trained on.`, { details });
}

/**
 * The sizes of a prompt-learning adapter: the config's own values, checked against `model` when
 * given (`ARTIFACT_INCOMPATIBLE` naming both), and filled from it where the config has null.
 * Without a model, a null size is `PEFT_CONFIG_INVALID`.
 */
export function resolvePromptLearningDims(config: PromptLearningAdapterConfig, model?: ModelConfig): PromptLearningDims {
  const derived = model === undefined ? undefined : promptLearningDimsOf(model, config.peft_type);
  const pick = (field: 'token_dim' | 'num_transformer_submodules' | 'num_layers' | 'num_attention_heads', key: 'tokenDim' | 'numTransformerSubmodules' | 'numLayers' | 'numAttentionHeads'): number => {
    const own = config[field];
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
      throw new ToolkitError('PEFT_CONFIG_INVALID', `adapter_config.json has no ${field}. Pass the base model's config so that it can be derived, as PEFT does.`, {
        details: { field },
      });
    }
    return value;
  };
  const tokenDim = pick('token_dim', 'tokenDim');
  const encoderHiddenSize = config.peft_type === 'PROMPT_TUNING' ? tokenDim : (config.encoder_hidden_size ?? tokenDim);
  return {
    numVirtualTokens: config.num_virtual_tokens,
    tokenDim,
    numTransformerSubmodules: pick('num_transformer_submodules', 'numTransformerSubmodules'),
    numLayers: pick('num_layers', 'numLayers'),
    numAttentionHeads: pick('num_attention_heads', 'numAttentionHeads'),
    encoderHiddenSize,
  };
}

/** Shape of `prompt_embeddings` for a prompt-learning adapter. */
export function promptEmbeddingsShape(config: PromptLearningAdapterConfig, dims: PromptLearningDims): [number, number] {
  return config.peft_type === 'PREFIX_TUNING'
    ? [dims.numVirtualTokens, dims.numLayers * 2 * dims.tokenDim]
    : [dims.numVirtualTokens * dims.numTransformerSubmodules, dims.tokenDim];
}

/**
 * The tensors PEFT saves for `config` on `model`, name -> shape: LoRA A/B of every targeted
 * module (bias and modules_to_save tensors are not predicted), or `prompt_embeddings`.
 */
export function expectedAdapterTensors(config: AdapterConfig, model: ModelConfig): Map<string, number[]> {
  if (config.peft_type !== 'LORA') return new Map([[PROMPT_EMBEDDINGS, promptEmbeddingsShape(config, resolvePromptLearningDims(config, model))]]);
  const tensors = new Map<string, number[]>();
  for (const module of resolveLoraTargets(config, model)) {
    const rank = loraRank(config, module.path);
    const { a, b } = loraTensorNames(module.path);
    tensors.set(a, [rank, module.inFeatures]);
    tensors.set(b, [module.outFeatures, rank]);
  }
  return tensors;
}

function isAllowedExtra(config: LoraAdapterConfig, name: string): boolean {
  if (config.bias !== 'none' && name.startsWith(LORA_KEY_PREFIX) && name.endsWith('.bias')) return true;
  return (config.modules_to_save ?? []).some((module) => name.includes(`.${module}.`));
}

function checkShape(name: string, actual: readonly number[], expected: readonly number[], source: string, why: string): void {
  if (!shapesEqual(actual, expected)) {
    throw new ToolkitError(
      'MODEL_TENSOR_SHAPE_MISMATCH',
      `Adapter tensor '${name}' in ${source} has shape ${formatShape(actual)}, but ${why} implies ${formatShape(expected)}. Re-save the adapter with a matching adapter_config.json.`,
      { details: { source, tensor: name, expected: [...expected], actual: [...actual] } },
    );
  }
}

function validateLora(config: LoraAdapterConfig, tensors: ReadonlyMap<string, FloatTensor>, source: string, model?: ModelConfig): void {
  const modules = new Map<string, { a?: FloatTensor; b?: FloatTensor }>();
  for (const [name, tensor] of tensors) {
    const match = LORA_KEY.exec(name);
    if (match === null) {
      if (isAllowedExtra(config, name)) continue;
      throw incompatible(`Tensor '${name}' in ${source} is not one PEFT saves for LORA (expected '${LORA_KEY_PREFIX}<module>.lora_A.weight' / '.lora_B.weight').`, { source, tensor: name });
    }
    const entry = modules.get(match[1]!) ?? {};
    entry[match[2] === 'A' ? 'a' : 'b'] = tensor;
    modules.set(match[1]!, entry);
  }
  for (const [path, { a, b }] of modules) {
    const names = loraTensorNames(path);
    if (a === undefined || b === undefined) {
      const missing = a === undefined ? names.a : names.b;
      throw new ToolkitError('MODEL_TENSOR_MISSING', `${source} has ${a === undefined ? names.b : names.a} but not '${missing}'. An adapter needs both LoRA matrices of a module.`, {
        details: { source, missing },
      });
    }
    const rank = loraRank(config, path);
    if (a.shape.length !== 2 || b.shape.length !== 2 || a.shape[0] !== rank || b.shape[1] !== rank) {
      throw new ToolkitError(
        'MODEL_TENSOR_SHAPE_MISMATCH',
        `The LoRA matrices of '${path}' in ${source} have shapes A ${formatShape(a.shape)} and B ${formatShape(b.shape)}, ` +
          `but r = ${rank} needs A [${rank}, in_features] and B [out_features, ${rank}]. Re-save the adapter with a matching adapter_config.json.`,
        { details: { source, module: path, rank, a: [...a.shape], b: [...b.shape] } },
      );
    }
  }
  if (model === undefined) return;
  const available = new Map(linearModules(model).map((module) => [module.path, module]));
  for (const [path, { a, b }] of modules) {
    const module = available.get(path);
    if (module === undefined) throw incompatible(`LoRA module '${path}' in ${source} does not exist in this ${model.modelType} model.`, { source, module: path });
    const rank = loraRank(config, path);
    for (const [name, actual, expected] of [
      [loraTensorNames(path).a, a!.shape, [rank, module.inFeatures]],
      [loraTensorNames(path).b, b!.shape, [module.outFeatures, rank]],
    ] as const) {
      if (!shapesEqual(actual, expected)) {
        throw incompatible(
          `Adapter tensor '${name}' in ${source} has shape ${formatShape(actual)}, but '${path}' of this ${model.modelType} model ` +
            `(${module.inFeatures} -> ${module.outFeatures}) needs ${formatShape(expected)}.`,
          { source, tensor: name, adapter: [...actual], model: [...expected] },
        );
      }
    }
  }
  for (const module of resolveLoraTargets(config, model)) {
    if (!modules.has(module.path)) {
      throw incompatible(`adapter_config.json targets '${module.path}' of this ${model.modelType} model, but ${source} has no LoRA matrices for it.`, {
        source,
        module: module.path,
      });
    }
  }
}

/**
 * Checks adapter tensors against their config (names and shapes as PEFT saves them) and, with
 * `model`, against the base model's sizes (`ARTIFACT_INCOMPATIBLE` naming both).
 */
export function validateAdapterTensors(
  config: AdapterConfig,
  tensors: ReadonlyMap<string, FloatTensor>,
  options: { readonly model?: ModelConfig; readonly source?: string } = {},
): void {
  const { model, source = 'the adapter' } = options;
  if (config.peft_type === 'LORA') return validateLora(config, tensors, source, model);
  const embeddings = tensors.get(PROMPT_EMBEDDINGS);
  if (embeddings === undefined) {
    throw new ToolkitError('MODEL_TENSOR_MISSING', `${source} has no '${PROMPT_EMBEDDINGS}', the one tensor PEFT saves for ${config.peft_type}.`, {
      details: { source, missing: PROMPT_EMBEDDINGS },
    });
  }
  const extra = [...tensors.keys()].filter((name) => name !== PROMPT_EMBEDDINGS);
  if (extra.length > 0) throw incompatible(`${source} has tensors PEFT does not save for ${config.peft_type}: ${extra.join(', ')}.`, { source, tensors: extra });
  checkShape(PROMPT_EMBEDDINGS, embeddings.shape, promptEmbeddingsShape(config, resolvePromptLearningDims(config, model)), source, `adapter_config.json`);
}
