import type { FloatTensor } from '../checkpoint/tensor.js';
import type { ModelConfig } from '../families/registry.js';
import { freezeTensor } from './freeze-tensor.js';
import type { FrozenTensor, FrozenWeights } from './frozen-tensor.js';
import { formatOf, weightRoles } from './weight-roles.js';
import type { WeightPrecision } from './weight-precision.js';

/** Options of {@link freezeWeights}. */
export interface FreezeWeightsOptions {
  readonly precision: WeightPrecision;
  /** Keep what the backward pass needs (the transposed copies of 8-bit weights); default false. */
  readonly forTraining?: boolean;
}

/**
 * Frozen weights of a model held in memory (tiny models, tests, small checkpoints): every tensor
 * converted or quantized in JavaScript into the precision's formats. Weights that are trained
 * (full fine-tuning) need not be frozen: pass only the others.
 *
 * @example
 * const frozen = freezeWeights(model.config, model.weights, { precision: 'q8' });
 */
export function freezeWeights(config: ModelConfig, weights: ReadonlyMap<string, FloatTensor>, options: FreezeWeightsOptions): FrozenWeights {
  const roles = weightRoles(config);
  const withTransposed = options.forTraining ?? false;
  const tensors = new Map<string, FrozenTensor>();
  for (const [name, tensor] of weights) {
    const role = roles.get(name) ?? { role: 'small' as const, layout: 'linear' as const };
    tensors.set(name, freezeTensor(tensor, { format: formatOf(role.role, options.precision, tensor.dtype), layout: role.layout, withTransposed }));
  }
  return { precision: options.precision, tensors, withTransposed };
}
