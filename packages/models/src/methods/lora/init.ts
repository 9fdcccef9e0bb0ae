import { ToolkitError } from '@causal-tune/core';
import type { FloatTensor } from '../../checkpoint/tensor.js';
import type { ModelConfig } from '../../families/registry.js';
import { filledTensor, normalTensor, uniformTensor } from '../shared/init.js';
import type { InitContext } from '../tuning-method.js';
import type { LoraAdapterConfig } from './config.js';
import { loraScaling, resolveLoraTargets } from './targets.js';
import { activeLoraVariants, loraShapes } from './tensors.js';

// peft/tuners/lora/layer.py reset_lora_parameters: init_lora_weights true -> A as nn.Linear
// (kaiming_uniform_(a=√5) = U(±1/√in)), B = 0; 'gaussian' -> A ~ N(0, 1/r), B = 0; false -> A and
// B as nn.Linear. Variants then compute theirs from A, B and the frozen weight.

function initMatrix(config: LoraAdapterConfig, name: string, shape: readonly number[], seed: number): FloatTensor {
  const isA = name.endsWith('.lora_A.weight');
  const fanIn = shape[1]!;
  const init = config.init_lora_weights;
  if (init === false) return uniformTensor(name, shape, 1 / Math.sqrt(fanIn), seed);
  if (!isA) return filledTensor(shape, 0);
  if (init === true) return uniformTensor(name, shape, 1 / Math.sqrt(fanIn), seed);
  if (init === 'gaussian') return normalTensor(name, shape, 1 / shape[0]!, seed);
  throw new ToolkitError('PEFT_CONFIG_INVALID', `init_lora_weights '${String(init)}' is not supported; use true, false or 'gaussian'.`, { details: { initLoraWeights: init } });
}

/** Starting values of every LoRA tensor (A, B and the variants'), seeded per tensor, in {@link loraShapes} order. */
export async function initialLoraTensors(config: LoraAdapterConfig, model: ModelConfig, context: InitContext): Promise<Map<string, FloatTensor>> {
  const modules = resolveLoraTargets(config, model);
  const shapes = loraShapes(config, model);
  const tensors = new Map<string, FloatTensor>();
  for (const [name, shape] of shapes) if (/\.lora_[AB]\.weight$/.test(name)) tensors.set(name, initMatrix(config, name, shape, context.seed));
  for (const variant of activeLoraVariants(config)) {
    for (const [name, tensor] of await variant.initialTensors(modules.map((module) => ({ module, scaling: loraScaling(config, module.path) })), tensors, model, context)) tensors.set(name, tensor);
  }
  return new Map([...shapes.keys()].map((name) => [name, tensors.get(name)!]));
}
