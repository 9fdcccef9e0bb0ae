import { encodeBfloat16, encodeFloat16 } from '../checkpoint/float-conversion.js';
import type { FloatTensor } from '../checkpoint/tensor.js';
import type { FrozenTensor } from './frozen-tensor.js';
import { quantizeQ4, quantizeQ8, transposeMatrix, transposeQ8 } from './quantize.js';
import type { FrozenFormat } from './weight-roles.js';

/** What freezing one tensor needs. */
export interface FreezeTensorOptions {
  readonly format: FrozenFormat;
  /** A projection weight's layout; conv1d [in, out] is transposed to [out, in] when quantized. */
  readonly layout: 'linear' | 'conv1d';
  /** 8-bit weights also get the transposed copy their input gradient uses (training). */
  readonly withTransposed: boolean;
}

/**
 * A weight in memory frozen into its format, every part in memory (small models, tests, and the
 * weight cache, which then moves the parts to a file). float32 over float32 data is the same
 * array, not a copy.
 */
export function freezeTensor(tensor: FloatTensor, options: FreezeTensorOptions): FrozenTensor {
  const { format } = options;
  const shape = tensor.shape;
  if (format === 'float32') return { kind: 'float', dtype: 'float32', shape, bytes: { data: tensor.data } };
  if (format === 'float16') return { kind: 'float', dtype: 'float16', shape, bytes: { data: encodeFloat16(tensor.data) } };
  if (format === 'bfloat16') return { kind: 'float', dtype: 'bfloat16', shape, bytes: { data: encodeBfloat16(tensor.data) } };
  const [rows, columns] = shape as [number, number];
  const [out, inFeatures] = options.layout === 'conv1d' ? [columns, rows] : [rows, columns];
  const weight = options.layout === 'conv1d' ? transposeMatrix(tensor.data, rows, columns) : tensor.data;
  if (format === 'q4') {
    const parts = quantizeQ4(weight, out, inFeatures);
    return { kind: 'q4', shape: [out, inFeatures], packed: { data: parts.packed }, scales: { data: parts.scales } };
  }
  const parts = quantizeQ8(weight, out, inFeatures);
  return {
    kind: 'q8',
    shape: [out, inFeatures],
    packed: { data: parts.packed },
    scales: { data: parts.scales },
    rowScales: { data: parts.rowScales },
    ...(options.withTransposed ? { transposed: { data: transposeQ8(parts.packed, out, inFeatures) } } : {}),
  };
}
