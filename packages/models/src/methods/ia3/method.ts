import { ToolkitError } from '@causal-tune/core';
import type { FloatTensor } from '../../checkpoint/tensor.js';
import { formatShape, shapesEqual } from '../../checkpoint/tensor.js';
import type { LinearModule } from '../../config/weight-spec.js';
import { familyOf, type ModelConfig } from '../../families/registry.js';
import { defineTuningMethod } from '../define-method.js';
import { PLAIN_LAYOUT } from '../sequence-layout.js';
import { incompatible, unsupportedPeft } from '../shared/errors.js';
import { filledTensor, normalTensor } from '../shared/init.js';
import { matchesNames, resolveModuleTargets } from '../shared/module-targets.js';
import { ADAPTER_KEY_PREFIX } from '../shared/modules-to-save.js';
import type { PeftAdapterMethod } from '../tuning-method.js';
import { IA3_DEFAULT_FEEDFORWARD, IA3_DEFAULT_TARGETS, ia3AdapterConfigSchema, ia3OptionsSchema, type Ia3AdapterConfig, type Ia3Options } from './config.js';

// IA3, (IA)³ (https://arxiv.org/abs/2205.05638), as PEFT computes it (peft/tuners/ia3/layer.py
// Linear.forward): a trained vector scales each targeted module's output, y = (x·Wᵀ + b) ⊙ l
// with l [out, 1]; a feed-forward module's input instead, y = (x ⊙ l)·Wᵀ + b with l [1, in].
// PEFT saves `base_model.model.<module>.ia3_l`. GPT-2's Conv1D keeps the same shapes (PEFT reads
// in and out from its [in, out] weight).

/** The saved name of a module's vector. */
export function ia3VectorName(modulePath: string): string {
  return `${ADAPTER_KEY_PREFIX}${modulePath}.ia3_l`;
}

const IA3_KEY = /^base_model\.model\.(.+)\.ia3_l$/;

/** The targeted modules, each marked feed-forward or not (IA3Model._check_target_module_feedforward: a plain suffix, or one full-match regex). */
function ia3Modules(config: Ia3AdapterConfig, model: ModelConfig): { readonly module: LinearModule; readonly feedforward: boolean }[] {
  const feedforward = config.feedforward_modules ?? IA3_DEFAULT_FEEDFORWARD[model.modelType];
  if (feedforward === undefined) throw new ToolkitError('PEFT_CONFIG_INVALID', `PEFT has no default IA3 feedforward_modules for model_type ${model.modelType}; give feedforward_modules.`, { details: { modelType: model.modelType } });
  // IA3Config has no layers_to_transform: only the names select.
  const selection = { target_modules: config.target_modules ?? null, exclude_modules: config.exclude_modules ?? null };
  return resolveModuleTargets(selection, model, IA3_DEFAULT_TARGETS, 'IA3').map((module) => ({
    module,
    feedforward: typeof feedforward === 'string' ? matchesNames(feedforward, module.path) : feedforward.some((name) => module.path.endsWith(name)),
  }));
}

/** Every IA3 vector of `config` on `model`, name -> shape ([1, in] feed-forward, [out, 1] otherwise). */
function ia3Shapes(config: Ia3AdapterConfig, model: ModelConfig): Map<string, number[]> {
  return new Map(ia3Modules(config, model).map(({ module, feedforward }) => [ia3VectorName(module.path), feedforward ? [1, module.inFeatures] : [module.outFeatures, 1]]));
}

/** Saved IA3 vectors: each named as PEFT names it, a column or a row; with `model`, exactly the targets' vectors in their shapes. */
function validateIa3Tensors(config: Ia3AdapterConfig, tensors: ReadonlyMap<string, FloatTensor>, options: { readonly model?: ModelConfig; readonly source: string }): void {
  const { model, source } = options;
  for (const [name, tensor] of tensors) {
    if (!IA3_KEY.test(name)) throw incompatible(`Tensor '${name}' in ${source} is not one PEFT saves for an IA3 config (expected '${ADAPTER_KEY_PREFIX}<module>.ia3_l').`, { source, tensor: name });
    if (tensor.shape.length !== 2 || (tensor.shape[0] !== 1 && tensor.shape[1] !== 1)) {
      throw new ToolkitError('MODEL_TENSOR_SHAPE_MISMATCH', `IA3 vector '${name}' in ${source} has shape ${formatShape(tensor.shape)}, but PEFT saves [out_features, 1] or, for feed-forward modules, [1, in_features].`, {
        details: { source, tensor: name, shape: [...tensor.shape] },
      });
    }
  }
  if (model === undefined) return;
  const expected = ia3Shapes(config, model);
  for (const [name, shape] of expected) {
    const tensor = tensors.get(name);
    if (tensor === undefined) throw new ToolkitError('MODEL_TENSOR_MISSING', `${source} has no '${name}', which this IA3 config targets.`, { details: { source, missing: name } });
    if (!shapesEqual(tensor.shape, shape)) throw incompatible(`IA3 vector '${name}' in ${source} has shape ${formatShape(tensor.shape)}, but this ${model.modelType} model needs ${formatShape(shape)}.`, { source, tensor: name });
  }
  for (const name of tensors.keys()) if (!expected.has(name)) throw incompatible(`IA3 vector '${name}' in ${source} is for a module this IA3 config does not target on this ${model.modelType} model.`, { source, tensor: name });
}

const ia3Adapter: PeftAdapterMethod<Ia3AdapterConfig, Ia3Options> = {
  peftType: 'IA3',
  configSchema: ia3AdapterConfigSchema,
  fromOptions(options, model, { baseModelName }) {
    return {
      peft_type: 'IA3',
      task_type: 'CAUSAL_LM',
      base_model_name_or_path: baseModelName,
      // PEFT saves the modules it resolved: its defaults for the model type when none are given.
      target_modules: options.targetModules ?? [...(IA3_DEFAULT_TARGETS[model.modelType] ?? [])],
      feedforward_modules: options.feedforwardModules ?? [...(IA3_DEFAULT_FEEDFORWARD[model.modelType] ?? [])],
      fan_in_fan_out: familyOf(model).linearModules(model).some((module) => module.layout === 'conv1d'),
    };
  },
  check(config, model) {
    if (ia3Modules(config, model).some(({ module }) => module.isOutputLayer)) {
      throw unsupportedPeft('IA3', [{ field: 'target_modules', reason: "matches 'lm_head', which causal-tune cannot adapt; target the decoder's projections (or 'all-linear', which leaves the head out)" }]);
    }
  },
  layout: () => PLAIN_LAYOUT,
  trainableShapes: ia3Shapes,
  // IA3Layer.reset_ia3_parameters: ones (the base model); init_ia3_weights false leaves torch.randn.
  initialTensors: async (config, model, context) => new Map([...ia3Shapes(config, model)].map(([name, shape]) => [name, config.init_ia3_weights ? filledTensor(shape, 1) : normalTensor(name, shape, 1, context.seed)])),
  savedShapes: ia3Shapes,
  validateSaved: validateIa3Tensors,
  toSaved: async (config, model, trainable) => new Map([...ia3Shapes(config, model).keys()].map((name) => [name, trainable.get(name)!])),
  buildGraph(_g, config, context) {
    const modules = new Map(ia3Modules(config, context.model).map((entry) => [entry.module.path, entry]));
    return {
      hooks: {
        linear(g, site) {
          const entry = modules.get(site.module.path);
          if (entry === undefined) return site.output();
          return g.withScope('ia3', () => {
            const vector = g.reshape(context.tensor(ia3VectorName(site.module.path)), [-1]); // [in] or [out]
            if (!entry.feedforward) return g.mul(site.output(), vector);
            const product = site.project(g.mul(site.input, vector));
            const bias = site.bias();
            return bias === undefined ? product : g.add(product, bias);
          });
        },
      },
    };
  },
};

/** IA3 (PEFT's IA3Config): trained vectors that rescale the targeted projections' outputs, or the feed-forward ones' inputs. */
export const ia3Method = defineTuningMethod({
  name: 'ia3',
  summary: "IA3: trained vectors that rescale the chosen projections' outputs, or the feed-forward layers' inputs (PEFT IA3Config).",
  options: ia3OptionsSchema,
  artifact: 'adapter',
  adapter: ia3Adapter,
  virtualTokens: () => 0,
});
