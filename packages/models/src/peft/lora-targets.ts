import { ToolkitError } from '@causal-tune/core';
import type { ModelConfig } from '../families/registry.js';
import type { LinearModule } from '../config/weight-spec.js';
import { familyOf } from '../families/registry.js';
import type { LoraAdapterConfig } from './adapter-config.js';

// PEFT's module matching, after peft/tuners/tuners_utils.py `check_target_module_exists`
// (target_modules: a string is one regex that must match the whole module path, a list matches a
// path equal to an entry or ending in "." + entry; layers_to_transform filters by the index after
// layers_pattern), `_maybe_include_all_linear_layers` ("all-linear": every linear layer but the
// output head) and peft/utils/other.py `get_pattern_key` (rank_pattern/alpha_pattern keys match a
// path suffix as a regex).

/**
 * PEFT's default LoRA targets by model_type (TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING in
 * peft/utils/constants.py); PEFT refuses other model types without target_modules, and so does causal-tune.
 */
export const LORA_DEFAULT_TARGETS: Readonly<Record<string, readonly string[]>> = {
  gpt2: ['c_attn'],
  llama: ['q_proj', 'v_proj'],
  mistral: ['q_proj', 'v_proj'],
  qwen2: ['q_proj', 'v_proj'],
  gemma: ['q_proj', 'v_proj'],
};

/** PEFT's shorthand for every linear layer except the output head (INCLUDE_LINEAR_LAYERS_SHORTHAND). */
export const ALL_LINEAR = 'all-linear';

function fullMatch(pattern: string, path: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(path);
}

/** Exclusion matching (exclude_modules): a regex on the whole path, or exact/suffix names. */
function matchesNames(names: string | readonly string[], path: string): boolean {
  if (typeof names === 'string') return fullMatch(names, path);
  return names.some((name) => path === name || path.endsWith(`.${name}`));
}

function inSelectedLayer(config: LoraAdapterConfig, module: LinearModule): boolean {
  const indices = config.layers_to_transform;
  if (indices === null || (Array.isArray(indices) && indices.length === 0)) return true;
  const patterns = config.layers_pattern === null ? [] : typeof config.layers_pattern === 'string' ? [config.layers_pattern] : config.layers_pattern;
  const match =
    patterns.length === 0
      ? /^.*?\.[^.]*\.(\d+)\./.exec(module.path)
      : patterns.map((pattern) => new RegExp(`^.*?\\.${pattern}\\.(\\d+)\\.`).exec(module.path)).find((found) => found !== null);
  if (match == null) return false;
  const index = Number(match[1]);
  return typeof indices === 'number' ? index === indices : indices.includes(index);
}

/**
 * The linear modules of `model` a LoRA config adapts, in model order. `target_modules: null`
 * takes PEFT's default for the architecture (c_attn for GPT-2, q_proj and v_proj for LLaMA).
 * A config that matches nothing is `PEFT_TARGET_NOT_FOUND`.
 */
export function resolveLoraTargets(config: LoraAdapterConfig, model: ModelConfig): LinearModule[] {
  const family = familyOf(model);
  const targets = config.target_modules ?? LORA_DEFAULT_TARGETS[model.modelType] ?? [];
  const modules = family.linearModules(model);
  const modulesToSave = config.modules_to_save ?? [];
  const selected = modules.filter((module) => {
    if (config.exclude_modules !== null && matchesNames(config.exclude_modules, module.path)) return false;
    if (modulesToSave.some((name) => new RegExp(`(^|.*\\.)${name}($|\\..*)`).test(module.path))) return false;
    // "all-linear" becomes the set of full paths, which (like a regex or an exact path) PEFT
    // matches without the layers_to_transform filter; only suffix matches are filtered by layer.
    if (targets === ALL_LINEAR) return !module.isOutputLayer;
    if (typeof targets === 'string') return fullMatch(targets, module.path);
    if (targets.includes(module.path)) return true;
    return targets.some((name) => module.path.endsWith(`.${name}`)) && inSelectedLayer(config, module);
  });
  if (selected.length === 0) {
    throw new ToolkitError(
      'PEFT_TARGET_NOT_FOUND',
      `target_modules ${JSON.stringify(targets)} matches no linear module of this ${model.modelType} model. ` +
        `Its linear modules end in: ${[...new Set(modules.map((module) => module.path.split('.').at(-1)))].join(', ')}.`,
      { details: { targetModules: targets, available: modules.map((module) => module.path) } },
    );
  }
  return selected;
}

function patternValue<T>(patterns: Readonly<Record<string, T>>, path: string): T | undefined {
  const key = Object.keys(patterns).find((pattern) => new RegExp(`^(.*\\.)?(${pattern})$`).test(path));
  return key === undefined ? undefined : patterns[key];
}

/** The rank of one module: its rank_pattern entry, else `r`. */
export function loraRank(config: LoraAdapterConfig, modulePath: string): number {
  return patternValue(config.rank_pattern, modulePath) ?? config.r;
}

/** The scale of one module's update: alpha / r, or alpha / sqrt(r) with rsLoRA (peft/tuners/lora/layer.py update_layer). */
export function loraScaling(config: LoraAdapterConfig, modulePath: string): number {
  const rank = loraRank(config, modulePath);
  const alpha = patternValue(config.alpha_pattern, modulePath) ?? config.lora_alpha;
  return config.use_rslora ? alpha / Math.sqrt(rank) : alpha / rank;
}
