import { ToolkitError } from '@causal-tune/core';
import type { LinearModule } from '../../config/weight-spec.js';
import { familyOf, type ModelConfig } from '../../families/registry.js';
import { ALL_LINEAR } from './peft-config.js';

// PEFT's module matching, after peft/tuners/tuners_utils.py `check_target_module_exists`
// (target_modules: a string is one regex that must match the whole module path, a list matches a
// path equal to an entry or ending in "." + entry; layers_to_transform filters by the index after
// layers_pattern), `_maybe_include_all_linear_layers` ("all-linear": every linear layer but the
// output head) and peft/utils/other.py `get_pattern_key` (rank_pattern/alpha_pattern keys match a
// path suffix as a regex). LoRA and IA3 target modules the same way.

/** The fields of an adapter config that select modules. */
export interface ModuleSelection {
  readonly target_modules?: string | readonly string[] | null;
  readonly exclude_modules?: string | readonly string[] | null;
  readonly layers_to_transform?: number | readonly number[] | null;
  readonly layers_pattern?: string | readonly string[] | null;
}

/** True when a regex matches the whole string (Python's re.fullmatch). */
export function fullMatch(pattern: string, path: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(path);
}

/** Name matching of exclude_modules (and IA3's feedforward_modules): a regex on the whole path, or exact/suffix names. */
export function matchesNames(names: string | readonly string[], path: string): boolean {
  if (typeof names === 'string') return fullMatch(names, path);
  return names.some((name) => path === name || path.endsWith(`.${name}`));
}

function inSelectedLayer(config: ModuleSelection, module: LinearModule): boolean {
  const indices = config.layers_to_transform ?? null;
  if (indices === null || (Array.isArray(indices) && indices.length === 0)) return true;
  const pattern = config.layers_pattern ?? null;
  const patterns = pattern === null ? [] : typeof pattern === 'string' ? [pattern] : pattern;
  const match =
    patterns.length === 0
      ? /^.*?\.[^.]*\.(\d+)\./.exec(module.path)
      : patterns.map((candidate) => new RegExp(`^.*?\\.${candidate}\\.(\\d+)\\.`).exec(module.path)).find((found) => found !== null);
  if (match == null) return false;
  const index = Number(match[1]);
  return typeof indices === 'number' ? index === indices : (indices as readonly number[]).includes(index);
}

/**
 * The linear modules of `model` an adapter config selects, in model order. Without
 * target_modules, `defaults` (PEFT's mapping for the model_type) apply; a model_type without
 * defaults needs target_modules, as in PEFT. A selection that matches nothing is
 * `PEFT_TARGET_NOT_FOUND`.
 */
export function resolveModuleTargets(config: ModuleSelection, model: ModelConfig, defaults: Readonly<Record<string, readonly string[]>>, peftType: string): LinearModule[] {
  const targets = config.target_modules ?? defaults[model.modelType];
  if (targets === undefined) {
    throw new ToolkitError('PEFT_CONFIG_INVALID', `PEFT has no default ${peftType} target_modules for model_type ${model.modelType}; give target_modules.`, { details: { modelType: model.modelType, peftType } });
  }
  const modules = familyOf(model).linearModules(model);
  const exclude = config.exclude_modules ?? null;
  const selected = modules.filter((module) => {
    if (exclude !== null && matchesNames(exclude, module.path)) return false;
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

/** The value of the first pattern whose key matches a suffix of `path` (get_pattern_key). */
export function patternValue<T>(patterns: Readonly<Record<string, T>>, path: string): T | undefined {
  const key = Object.keys(patterns).find((pattern) => new RegExp(`^(.*\\.)?(${pattern})$`).test(path));
  return key === undefined ? undefined : patterns[key];
}
