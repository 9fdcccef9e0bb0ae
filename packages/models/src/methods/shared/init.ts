import { createSeededRandom } from '@causal-tune/core';
import { elementCount, type FloatTensor } from '../../checkpoint/tensor.js';

// Starting values as PyTorch initialises them, each tensor from its own seeded stream
// (createSeededRandom(seed, name)), so that a run is reproducible and a tensor does not depend on
// the others: nn.Linear weight and bias kaiming_uniform_(a=√5) = U(−1/√fan_in, 1/√fan_in),
// nn.Embedding N(0, 1), nn.LSTM U(−1/√hidden, 1/√hidden) (torch.nn.modules reset_parameters).

/** U(−bound, bound), seeded by (seed, name). */
export function uniformTensor(name: string, shape: readonly number[], bound: number, seed: number): FloatTensor {
  const random = createSeededRandom(seed, name);
  return { dtype: 'F32', shape: [...shape], data: Float32Array.from({ length: elementCount(shape) }, () => (2 * random.nextFloat() - 1) * bound) };
}

/** N(0, std²), seeded by (seed, name). */
export function normalTensor(name: string, shape: readonly number[], std: number, seed: number): FloatTensor {
  const data = new Float32Array(elementCount(shape));
  createSeededRandom(seed, name).fillNormal(data, std);
  return { dtype: 'F32', shape: [...shape], data };
}

/** A tensor filled with one value. */
export function filledTensor(shape: readonly number[], value: number): FloatTensor {
  return { dtype: 'F32', shape: [...shape], data: new Float32Array(elementCount(shape)).fill(value) };
}
