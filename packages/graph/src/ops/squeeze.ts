import { ToolkitError } from '@causal-tune/core';
import { defineOp } from '../builder/op-definition.js';
import { normalizeAxis } from '../builder/shape.js';
import { requireConstantInts } from './shared/infer.js';

/** Squeeze: removes the size-1 axes listed in the constant `axes`. */
export const squeezeOp = defineOp({
  opType: 'Squeeze', domain: '', sinceOpset: 13,
  inputs: ['data', 'axes'], attributes: {},
  inferOutputs([data, axesValue]) {
    const axes = requireConstantInts('Squeeze', 'axes', axesValue).map((axis) => normalizeAxis(axis, data!.shape.length, 'Squeeze'));
    for (const axis of axes) {
      const dim = data!.shape[axis];
      if (typeof dim === 'number' && dim !== 1) throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `Squeeze: axis ${axis} of 'data' has size ${dim}, not 1.`);
    }
    return [{ dtype: data!.dtype, shape: data!.shape.filter((_dim, index) => !axes.includes(index)) }];
  },
  gradient: { build: (g, { inputs: [data], outputGrads: [dy] }) => [g.reshape(dy!, g.shape(data!), data!.shape), undefined] },
});
