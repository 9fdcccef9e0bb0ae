import { ToolkitError } from '@causal-tune/core';
import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { FloatTensor } from '../checkpoint/tensor.js';
import type { WeightSource } from './forward-types.js';

/** Options of {@link createWeightSource}. */
export interface WeightSourceOptions {
  /** Tensors fed at run time (full fine-tuning); all others are frozen initializers. */
  readonly trainable?: ReadonlySet<string>;
}

/**
 * A weight source over loaded checkpoint tensors: frozen ones become initializers of `g` the
 * first time the graph asks for them, trainable ones become float32 graph inputs of the same name.
 */
export function createWeightSource(g: GraphBuilder, tensors: ReadonlyMap<string, FloatTensor>, options: WeightSourceOptions = {}): WeightSource & { readonly inputs: ReadonlyMap<string, Value> } {
  const created = new Map<string, Value>();
  const inputs = new Map<string, Value>();
  return {
    inputs,
    get(name) {
      const existing = created.get(name);
      if (existing) return existing;
      const tensor = tensors.get(name);
      if (!tensor) {
        throw new ToolkitError('MODEL_TENSOR_MISSING', `The forward graph needs the tensor '${name}', but the loaded weights do not have it.`, { details: { tensor: name } });
      }
      let value: Value;
      if (options.trainable?.has(name)) {
        value = g.input(name, 'float32', tensor.shape);
        inputs.set(name, value);
      } else value = g.initializer(name, tensor.data, tensor.shape, 'float32');
      created.set(name, value);
      return value;
    },
  };
}
