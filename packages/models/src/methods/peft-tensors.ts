import type { FloatTensor } from '../checkpoint/tensor.js';
import type { ModelConfig } from '../families/registry.js';
import { adapterMethodOf, type AdapterConfig } from './registry.js';
import type { InitContext } from './tuning-method.js';

// The tensors of a PEFT adapter config, through its method: what a training graph takes as
// inputs, how they start, and what PEFT saves of trained values.

/** The trainable tensors of `config` on `model`, name -> shape, in the method's order. */
export function peftTrainableShapes(config: AdapterConfig, model: ModelConfig): Map<string, number[]> {
  return adapterMethodOf(config.peft_type)!.trainableShapes(config as never, model);
}

/** Their starting values, initialised as PEFT does (same seed, same values). */
export function initialPeftTensors(config: AdapterConfig, model: ModelConfig, context: Partial<InitContext> = {}): Promise<Map<string, FloatTensor>> {
  return adapterMethodOf(config.peft_type)!.initialTensors(config as never, model, { seed: 0, ...context });
}

/**
 * The tensors PEFT saves for trained values of the trainable tensors (p-tuning and prefix
 * projection: their encoder's output). Pass the result to `saveAdapter`.
 *
 * @example
 * await saveAdapter(dir, { config, tensors: await adapterTensorsFromTrainable(config, model.config, trained) }, { model: model.config });
 */
export function adapterTensorsFromTrainable(config: AdapterConfig, model: ModelConfig, trainable: ReadonlyMap<string, FloatTensor>): Promise<Map<string, FloatTensor>> {
  return adapterMethodOf(config.peft_type)!.toSaved(config as never, model, trainable);
}
