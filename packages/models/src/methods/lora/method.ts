import { familyOf } from '../../families/registry.js';
import { defineTuningMethod } from '../define-method.js';
import { unsupportedPeft } from '../shared/errors.js';
import { PLAIN_LAYOUT } from '../sequence-layout.js';
import type { PeftAdapterMethod } from '../tuning-method.js';
import { LORA_DEFAULT_TARGETS, UNBUILT_LORA_FIELDS, loraAdapterConfigSchema, loraOptionsSchema, type LoraAdapterConfig, type LoraOptions } from './config.js';
import { buildLoraGraph } from './graph.js';
import { initialLoraTensors } from './init.js';
import { resolveLoraTargets } from './targets.js';
import { activeLoraVariants, loraShapes, validateLoraTensors } from './tensors.js';
import { LORA_VARIANTS } from './variants.js';

/** What LoRA's graph cannot compute as PEFT does, field by field. */
function loraProblems(config: LoraAdapterConfig, purpose: 'training' | 'inference'): { field: string; reason: string }[] {
  const raw = config as Record<string, unknown>;
  const claimed = new Set<string>(LORA_VARIANTS.map((variant) => variant.configFlag));
  const problems = Object.entries(UNBUILT_LORA_FIELDS)
    .filter(([field, rule]) => !claimed.has(field) && !rule.inert(raw[field]))
    .map(([field, rule]) => ({ field, reason: rule.reason }));
  if (activeLoraVariants(config).length > 1) problems.push({ field: activeLoraVariants(config).map((variant) => variant.configFlag).join(' and '), reason: 'are both true: one variant at a time' });
  if (config.bias !== 'none') problems.push({ field: 'bias', reason: `is '${config.bias}': the forward graph trains and reads no biases (merge such adapters into the base weights with mergeLora)` });
  if (purpose === 'training' && typeof config.init_lora_weights === 'string' && config.init_lora_weights !== 'gaussian') {
    problems.push({ field: 'init_lora_weights', reason: `is '${config.init_lora_weights}': causal-tune initialises true, false and 'gaussian'` });
  }
  return problems;
}

const loraAdapter: PeftAdapterMethod<LoraAdapterConfig, LoraOptions> = {
  peftType: 'LORA',
  configSchema: loraAdapterConfigSchema,
  fromOptions(options, model, { baseModelName }) {
    const variants = Object.fromEntries(LORA_VARIANTS.map((variant) => [variant.configFlag, options[variant.optionName] === true]));
    return {
      peft_type: 'LORA',
      task_type: 'CAUSAL_LM',
      base_model_name_or_path: baseModelName,
      r: options.r,
      lora_alpha: options.loraAlpha,
      lora_dropout: options.loraDropout,
      // PEFT saves the targets it resolved: its default for the model type when none are given.
      target_modules: options.targetModules ?? [...(LORA_DEFAULT_TARGETS[model.modelType] ?? [])],
      fan_in_fan_out: familyOf(model).linearModules(model).some((module) => module.layout === 'conv1d'),
      use_rslora: options.useRslora,
      ...variants,
    };
  },
  check(config, model, purpose) {
    const problems = loraProblems(config, purpose);
    if (problems.length > 0) throw unsupportedPeft('LORA', problems);
    if (resolveLoraTargets(config, model).some((module) => module.isOutputLayer)) {
      throw unsupportedPeft('LORA', [{ field: 'target_modules', reason: "matches 'lm_head', which causal-tune cannot adapt; target the decoder's projections (or 'all-linear', which leaves the head out)" }]);
    }
  },
  layout: () => PLAIN_LAYOUT,
  trainableShapes: loraShapes,
  initialTensors: initialLoraTensors,
  savedShapes: loraShapes,
  validateSaved: validateLoraTensors,
  toSaved: async (config, model, trainable) => new Map([...loraShapes(config, model).keys()].map((name) => [name, trainable.get(name)!])),
  buildGraph: buildLoraGraph,
};

/** LoRA (PEFT's LoraConfig), with its variants (DoRA) as flags. */
export const loraMethod = defineTuningMethod({
  name: 'lora',
  summary: 'LoRA: a low-rank update B·A on the chosen projections (PEFT LoraConfig; variants such as DoRA as flags).',
  options: loraOptionsSchema,
  artifact: 'adapter',
  adapter: loraAdapter,
  virtualTokens: () => 0,
});
