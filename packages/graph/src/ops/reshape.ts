import { defineOp } from '../builder/op-definition.js';
import { type Dim, ShapeMismatchError, knownSize } from '../builder/shape.js';
import { constantInts, unknownDim } from './shared/infer.js';

/**
 * Reshape to the shape in the int64 `shape` input (0 copies the input dim, -1 is inferred).
 * The builder method may pass the output shape explicitly when named dims cannot be inferred.
 */
export const reshapeOp = defineOp({
  opType: 'Reshape', domain: '', sinceOpset: 14,
  inputs: ['data', 'shape'], attributes: {},
  inferOutputs([data, shapeValue]) {
    const target = constantInts(shapeValue);
    if (target === undefined) return [{ dtype: data!.dtype, shape: shapeValue!.shape.map(() => unknownDim()) }];
    const dims: Dim[] = target.map((dim, index) => (dim === 0 ? data!.shape[index]! : dim));
    const inferred = dims.indexOf(-1);
    if (inferred >= 0) {
      const total = knownSize(data!.shape);
      const rest = knownSize(dims.filter((_dim, index) => index !== inferred));
      dims[inferred] = total !== undefined && rest !== undefined ? total / rest : unknownDim();
      if (typeof dims[inferred] === 'number' && !Number.isInteger(dims[inferred])) {
        throw new ShapeMismatchError('Reshape', `input 'data' cannot be reshaped to ${JSON.stringify(target)}.`, `a size divisible by ${rest}`, data!.shape);
      }
    } else {
      const from = knownSize(data!.shape);
      const to = knownSize(dims);
      if (from !== undefined && to !== undefined && from !== to) {
        throw new ShapeMismatchError('Reshape', `input 'data' has ${from} elements but the target shape has ${to}.`, dims, data!.shape);
      }
    }
    return [{ dtype: data!.dtype, shape: dims }];
  },
  gradient: {
    build: (g, { inputs: [data], outputGrads: [dy] }) => [g.reshape(dy!, g.shape(data!), data!.shape), undefined],
  },
});
