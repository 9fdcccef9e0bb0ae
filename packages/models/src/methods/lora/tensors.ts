import { ToolkitError } from '@causal-tune/core';
import type { FloatTensor } from '../../checkpoint/tensor.js';
import { formatShape, shapesEqual } from '../../checkpoint/tensor.js';
import type { LinearModule } from '../../config/weight-spec.js';
import { linearModules, type ModelConfig } from '../../families/registry.js';
import { incompatible } from '../shared/errors.js';
import { ADAPTER_KEY_PREFIX } from '../shared/modules-to-save.js';
import type { LoraAdapterConfig } from './config.js';
import { loraRank, resolveLoraTargets } from './targets.js';
import { LORA_VARIANTS } from './variants.js';
import type { LoraVariant } from './variant.js';

// Tensor names of a LoRA adapter_model.safetensors (peft/utils/save_and_load.py
// get_peft_model_state_dict with the adapter name removed): `base_model.model.<module path>.lora_A.weight`
// [r, in_features] and `.lora_B.weight` [out_features, r] (nn.Linear layout; GPT-2's Conv1D too),
// and each variant's tensors (DoRA: `.lora_magnitude_vector` [out_features]).

const LORA_KEY = /^base_model\.model\.(.+)\.lora_([AB])\.weight$/;

/** The saved names of one module's LoRA matrices. */
export function loraTensorNames(modulePath: string): { readonly a: string; readonly b: string } {
  return { a: `${ADAPTER_KEY_PREFIX}${modulePath}.lora_A.weight`, b: `${ADAPTER_KEY_PREFIX}${modulePath}.lora_B.weight` };
}

/** The variants a config turns on. */
export function activeLoraVariants(config: LoraAdapterConfig): readonly LoraVariant[] {
  return LORA_VARIANTS.filter((variant) => (config as Record<string, unknown>)[variant.configFlag] === true);
}

/** One module's tensors, name -> shape: A, B and the active variants'. */
export function loraModuleShapes(config: LoraAdapterConfig, module: LinearModule): Map<string, number[]> {
  const rank = loraRank(config, module.path);
  const { a, b } = loraTensorNames(module.path);
  const shapes = new Map<string, number[]>([
    [a, [rank, module.inFeatures]],
    [b, [module.outFeatures, rank]],
  ]);
  for (const variant of activeLoraVariants(config)) for (const [name, shape] of variant.tensorShapes(module)) shapes.set(name, shape);
  return shapes;
}

/** Every tensor a LoRA adapter of `config` has on `model` (trained and saved alike). */
export function loraShapes(config: LoraAdapterConfig, model: ModelConfig): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  for (const module of resolveLoraTargets(config, model)) for (const [name, shape] of loraModuleShapes(config, module)) shapes.set(name, shape);
  return shapes;
}

/** The module path of a variant tensor of `config`, or undefined. */
function variantModule(config: LoraAdapterConfig, name: string, candidates: ReadonlyMap<string, LinearModule>): string | undefined {
  for (const variant of activeLoraVariants(config)) {
    for (const module of candidates.values()) if (variant.tensorShapes(module).has(name)) return module.path;
  }
  return undefined;
}

/**
 * Checks LoRA tensors (modules_to_save ones already set aside): A and B paired with the rank,
 * the variants' tensors, biases only with `bias` other than none; with `model`, every module
 * exists with the saved sizes and every target has its matrices (`ARTIFACT_INCOMPATIBLE`).
 */
export function validateLoraTensors(config: LoraAdapterConfig, tensors: ReadonlyMap<string, FloatTensor>, options: { readonly model?: ModelConfig; readonly source: string }): void {
  const { model, source } = options;
  const modules = new Map<string, { a?: FloatTensor; b?: FloatTensor }>();
  const others: string[] = [];
  for (const [name, tensor] of tensors) {
    const match = LORA_KEY.exec(name);
    if (match === null) {
      others.push(name);
      continue;
    }
    const entry = modules.get(match[1]!) ?? {};
    entry[match[2] === 'A' ? 'a' : 'b'] = tensor;
    modules.set(match[1]!, entry);
  }
  for (const [path, { a, b }] of modules) {
    const names = loraTensorNames(path);
    if (a === undefined || b === undefined) {
      const missing = a === undefined ? names.a : names.b;
      throw new ToolkitError('MODEL_TENSOR_MISSING', `${source} has ${a === undefined ? names.b : names.a} but not '${missing}'. An adapter needs both LoRA matrices of a module.`, { details: { source, missing } });
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
  const available = new Map((model === undefined ? [] : linearModules(model)).map((module) => [module.path, module]));
  // Without the model, a module's sizes are those of its matrices.
  const moduleOf = (path: string): LinearModule | undefined => {
    if (model !== undefined) return available.get(path);
    const { a, b } = modules.get(path) ?? {};
    return a === undefined || b === undefined ? undefined : { path, weightName: '', biasName: null, inFeatures: a.shape[1]!, outFeatures: b.shape[0]!, layout: 'linear', layerIndex: null, isOutputLayer: false };
  };
  const adapted = new Map([...modules.keys()].flatMap((path) => (moduleOf(path) === undefined ? [] : [[path, moduleOf(path)!] as const])));
  for (const name of others) {
    if (config.bias !== 'none' && name.startsWith(ADAPTER_KEY_PREFIX) && name.endsWith('.bias')) continue;
    const path = variantModule(config, name, adapted);
    if (path === undefined) throw incompatible(`Tensor '${name}' in ${source} is not one PEFT saves for this LORA config (expected '${ADAPTER_KEY_PREFIX}<module>.lora_A.weight' / '.lora_B.weight').`, { source, tensor: name });
    const expected = loraModuleShapes(config, adapted.get(path)!).get(name)!;
    const actual = tensors.get(name)!.shape;
    if (!shapesEqual(actual, expected)) throw incompatible(`Adapter tensor '${name}' in ${source} has shape ${formatShape(actual)}, but '${path}' needs ${formatShape(expected)}.`, { source, tensor: name });
  }
  if (model === undefined) return;
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
          `Adapter tensor '${name}' in ${source} has shape ${formatShape(actual)}, but '${path}' of this ${model.modelType} model ` + `(${module.inFeatures} -> ${module.outFeatures}) needs ${formatShape(expected)}.`,
          { source, tensor: name, adapter: [...actual], model: [...expected] },
        );
      }
    }
  }
  for (const module of resolveLoraTargets(config, model)) {
    if (!modules.has(module.path)) throw incompatible(`adapter_config.json targets '${module.path}' of this ${model.modelType} model, but ${source} has no LoRA matrices for it.`, { source, module: module.path });
    for (const name of loraModuleShapes(config, module).keys()) {
      if (!tensors.has(name)) throw new ToolkitError('MODEL_TENSOR_MISSING', `${source} has no '${name}', which this LORA config needs for '${module.path}'.`, { details: { source, missing: name } });
    }
  }
}
