import { assert, parseWithSchema } from '@causal-tune/core';
import type { Gpt2ModelConfig, LlamaModelConfig, ModelArchitecture, ModelConfig } from './config/model-config.js';
import type { LinearModule } from './config/weight-spec.js';
import { gpt2ConfigFromHf, gpt2ConfigToHf, gpt2HfConfigSchema } from './gpt2/config.js';
import { gpt2CanonicalWeightName, gpt2ExpectedWeights, gpt2LinearModules, isGpt2IgnoredTensor } from './gpt2/weight-map.js';
import { llamaConfigFromHf, llamaConfigToHf, llamaHfConfigSchema } from './llama/config.js';
import { isLlamaIgnoredTensor, llamaExpectedWeights, llamaLinearModules } from './llama/weight-map.js';

/** What causal-tune knows about one architecture family; the forward-graph builder joins it later. */
export interface ModelFamily {
  readonly architecture: ModelArchitecture;
  /** HF `model_type`s this family builds. */
  readonly modelTypes: readonly string[];
  /** PEFT's default LoRA targets (TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING in peft/utils/constants.py). */
  readonly defaultLoraTargetModules: readonly string[];
  /** Validates a config.json (all problems at once, `CONFIG_INVALID`) and normalises it. */
  parseHfConfig(raw: unknown, what: string): ModelConfig;
  toHfConfig(config: ModelConfig): Record<string, unknown>;
  expectedWeights(config: ModelConfig): Map<string, number[]>;
  linearModules(config: ModelConfig): LinearModule[];
  /** Maps a checkpoint tensor name to the canonical name of {@link ModelFamily.expectedWeights}. */
  canonicalWeightName(name: string): string;
  /** Buffers that some checkpoints store but that are not weights (dropped silently). */
  isIgnoredTensor(canonicalName: string): boolean;
}

function narrow<C extends ModelConfig>(architecture: C['architecture']): (config: ModelConfig) => C {
  return (config) => {
    assert(config.architecture === architecture, () => `A ${config.architecture} config reached the ${architecture} family.`);
    return config as C;
  };
}

const asGpt2 = narrow<Gpt2ModelConfig>('gpt2');
const asLlama = narrow<LlamaModelConfig>('llama');

/** The architecture families, by name: one explicit list (STYLE.md; transformers.js models/registry.js). */
export const MODEL_FAMILIES: ReadonlyMap<ModelArchitecture, ModelFamily> = new Map<ModelArchitecture, ModelFamily>([
  [
    'gpt2',
    {
      architecture: 'gpt2',
      modelTypes: ['gpt2'],
      defaultLoraTargetModules: ['c_attn'],
      parseHfConfig: (raw, what) => gpt2ConfigFromHf(parseWithSchema(gpt2HfConfigSchema, raw, what)),
      toHfConfig: (config) => gpt2ConfigToHf(asGpt2(config)),
      expectedWeights: (config) => gpt2ExpectedWeights(asGpt2(config)),
      linearModules: (config) => gpt2LinearModules(asGpt2(config)),
      canonicalWeightName: gpt2CanonicalWeightName,
      isIgnoredTensor: isGpt2IgnoredTensor,
    },
  ],
  [
    'llama',
    {
      architecture: 'llama',
      modelTypes: ['llama', 'mistral', 'qwen2'],
      defaultLoraTargetModules: ['q_proj', 'v_proj'],
      parseHfConfig: (raw, what) => llamaConfigFromHf(parseWithSchema(llamaHfConfigSchema, raw, what)),
      toHfConfig: (config) => llamaConfigToHf(asLlama(config)),
      expectedWeights: (config) => llamaExpectedWeights(asLlama(config)),
      linearModules: (config) => llamaLinearModules(asLlama(config)),
      canonicalWeightName: (name) => name,
      isIgnoredTensor: isLlamaIgnoredTensor,
    },
  ],
]);

/** The family of a config; every {@link ModelArchitecture} has one. */
export function familyOf(config: ModelConfig): ModelFamily {
  const family = MODEL_FAMILIES.get(config.architecture);
  assert(family !== undefined, () => `No model family is registered for architecture '${config.architecture}'.`);
  return family;
}

/** Every tensor a checkpoint of `config` must hold, canonical name -> shape. */
export function expectedWeights(config: ModelConfig): Map<string, number[]> {
  return familyOf(config).expectedWeights(config);
}

/** The linear projections of a model (LoRA targets), with PEFT module paths and sizes. */
export function linearModules(config: ModelConfig): LinearModule[] {
  return familyOf(config).linearModules(config);
}

/** Number of parameters of a model of `config`, counted from its weight map (tied head counted once). */
export function countParameters(config: ModelConfig): number {
  let total = 0;
  for (const shape of expectedWeights(config).values()) total += shape.reduce((product, dimension) => product * dimension, 1);
  return total;
}
