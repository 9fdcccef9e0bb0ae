import type { FloatTensor } from '../checkpoint/tensor.js';
import type { ModelConfig } from '../families/registry.js';
import type { FrozenWeights } from '../weights/frozen-tensor.js';
import type { Adapter } from './adapter-files.js';
import { modulesToSaveWeights, replaceFrozenWeights, splitModulesToSave } from './shared/modules-to-save.js';

/**
 * The base weights an adapter runs on: the model's own, with the adapter's modules_to_save in
 * place (PEFT loads them over the base modules; they become float32 initializers). Build the
 * weight source of a graph with an adapter over these, not over the bare weights.
 *
 * @example
 * const weights = adapterWeights(frozen, adapter, model.config);
 * const source = createWeightSource(g, weights);
 */
export function adapterWeights<W extends FrozenWeights | ReadonlyMap<string, FloatTensor>>(weights: W, adapter: Adapter, model: ModelConfig): W {
  const { saved } = splitModulesToSave(adapter.config.modules_to_save, adapter.tensors);
  return replaceFrozenWeights(weights, modulesToSaveWeights(adapter.config.peft_type, saved, model, 'the adapter'));
}
