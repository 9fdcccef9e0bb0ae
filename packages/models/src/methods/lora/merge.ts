import { ToolkitError } from '@causal-tune/core';
import type { ModelCheckpoint } from '../../checkpoint/model-weights.js';
import type { FloatTensor } from '../../checkpoint/tensor.js';
import { formatShape } from '../../checkpoint/tensor.js';
import type { Adapter } from '../adapter-files.js';
import { ADAPTER_KEY_PREFIX, modulesToSaveWeights, splitModulesToSave } from '../shared/modules-to-save.js';
import type { LoraAdapterConfig } from './config.js';
import { loraRank, loraScaling, resolveLoraTargets } from './targets.js';
import { activeLoraVariants, loraTensorNames, validateLoraTensors } from './tensors.js';

/**
 * A LoRA adapter merged into its base model, as PEFT's `merge_and_unload`
 * (peft/tuners/lora/layer.py Linear.merge / get_delta_weight): W ← W + scaling·B·A for nn.Linear
 * weights [out, in], W ← W + scaling·(B·A)ᵀ for GPT-2's Conv1D [in, out] (fan_in_fan_out); a
 * variant merges its own way (DoRA rescales each row to its magnitude). With `bias` 'all' or
 * 'lora_only', the adapter's trained biases replace the base ones, and modules_to_save tensors
 * replace theirs, as PEFT loads them. The result runs without hooks at the base model's speed.
 * Only the changed tensors are copied; the others are shared with `model`.
 *
 * @example
 * const merged = mergeLora(await loadModel(dir), await loadAdapter('runs/a/adapter'));
 */
export function mergeLora(model: ModelCheckpoint, adapter: Adapter): ModelCheckpoint {
  if (adapter.config.peft_type !== 'LORA') {
    throw new ToolkitError('PEFT_CONFIG_INVALID', `mergeLora merges LoRA adapters, but this adapter is ${adapter.config.peft_type}.`, { details: { peftType: adapter.config.peft_type } });
  }
  const config = adapter.config as LoraAdapterConfig;
  const { own, saved } = splitModulesToSave(config.modules_to_save, adapter.tensors);
  validateLoraTensors(config, own, { model: model.config, source: 'the adapter' });
  const variant = activeLoraVariants(config)[0];
  const weights = new Map(model.weights);
  for (const module of resolveLoraTargets(config, model.config)) {
    if (module.isOutputLayer && model.config.tieWordEmbeddings) {
      throw new ToolkitError('PEFT_CONFIG_INVALID', `mergeLora: '${module.path}' is tied to the token embeddings, so merging would change them too. Untie the head first.`, { details: { module: module.path } });
    }
    const names = loraTensorNames(module.path);
    const a = own.get(names.a)!.data; // [r, in]
    const b = own.get(names.b)!.data; // [out, r]
    const base = weights.get(module.weightName);
    if (base === undefined) throw new ToolkitError('MODEL_TENSOR_MISSING', `mergeLora: the base model has no '${module.weightName}'.`, { details: { tensor: module.weightName } });
    const rank = loraRank(config, module.path);
    const scaling = loraScaling(config, module.path);
    const { inFeatures: inputs, outFeatures: outputs } = module;
    const conv1d = module.layout === 'conv1d';
    // Both in the nn.Linear layout [out, in].
    const linearBase = new Float32Array(outputs * inputs);
    const delta = new Float32Array(outputs * inputs);
    for (let row = 0; row < outputs; row += 1) {
      for (let column = 0; column < inputs; column += 1) {
        let sum = 0;
        for (let k = 0; k < rank; k += 1) sum += b[row * rank + k]! * a[k * inputs + column]!;
        delta[row * inputs + column] = scaling * sum;
        linearBase[row * inputs + column] = base.data[conv1d ? column * outputs + row : row * inputs + column]!;
      }
    }
    const linearMerged = variant === undefined ? linearBase.map((value, index) => value + delta[index]!) : variant.mergedWeight(linearBase, delta, module, own);
    const merged = new Float32Array(outputs * inputs);
    for (let row = 0; row < outputs; row += 1) for (let column = 0; column < inputs; column += 1) merged[conv1d ? column * outputs + row : row * inputs + column] = linearMerged[row * inputs + column]!;
    weights.set(module.weightName, { dtype: base.dtype, shape: base.shape, data: merged });
  }
  for (const [name, tensor] of own) {
    if (!(name.startsWith(ADAPTER_KEY_PREFIX) && name.endsWith('.bias'))) continue;
    const module = name.slice(ADAPTER_KEY_PREFIX.length, -'.bias'.length);
    const target = [...weights.keys()].find((weightName) => weightName === `${module}.bias` || `transformer.${weightName}` === `${module}.bias`);
    if (target === undefined) throw new ToolkitError('ARTIFACT_INCOMPATIBLE', `mergeLora: the adapter's bias '${name}' has no counterpart in the base model.`, { details: { tensor: name } });
    replaceTensor(weights, target, tensor);
  }
  for (const [name, tensor] of modulesToSaveWeights('LORA', saved, model.config, 'the adapter')) replaceTensor(weights, name, tensor);
  return { config: model.config, weights };
}

function replaceTensor(weights: Map<string, FloatTensor>, name: string, tensor: FloatTensor): void {
  const base = weights.get(name)!;
  if (base.data.length !== tensor.data.length) {
    throw new ToolkitError('ARTIFACT_INCOMPATIBLE', `mergeLora: '${name}' is ${formatShape(base.shape)} in the base model but ${formatShape(tensor.shape)} in the adapter.`, { details: { tensor: name } });
  }
  weights.set(name, { dtype: base.dtype, shape: base.shape, data: Float32Array.from(tensor.data) });
}
