import { ToolkitError } from '@causal-tune/core';
import { defineOp } from '../builder/op-definition.js';
import { normalizeAxis } from '../builder/shape.js';

/** Gather: picks slices of `data` along `axis` by integer `indices` (embedding lookup). */
export const gatherOp = defineOp({
  opType: 'Gather', domain: '', sinceOpset: 13,
  inputs: ['data', 'indices'], attributes: { axis: 'int' },
  inferOutputs([data, indices], { axis = 0 }) {
    const at = normalizeAxis(axis, data!.shape.length, 'Gather');
    if (indices!.dtype !== 'int64' && indices!.dtype !== 'int32') {
      throw new ToolkitError('GRAPH_DTYPE_MISMATCH', `Gather: 'indices' must be int64 or int32, but got ${indices!.dtype}.`);
    }
    return [{ dtype: data!.dtype, shape: [...data!.shape.slice(0, at), ...indices!.shape, ...data!.shape.slice(at + 1)] }];
  },
  gradient: {
    build(g, { inputs: [data, indices], outputGrads: [dy], attributes: { axis = 0 } }) {
      // dData = zeros with dY scattered-added at the gathered rows (repeated ids accumulate).
      if (normalizeAxis(axis, data!.shape.length, 'Gather') !== 0) {
        throw new ToolkitError('GRAPH_NO_GRADIENT', 'Gather: the gradient is implemented for axis 0 (embedding lookups); transpose the data first.');
      }
      const zeros = g.constantOfShape(g.shape(data!), 0, data!.dtype, data!.shape);
      const index = g.unsqueeze(g.cast(indices!, 'int64'), [-1]);
      return [g.scatterND(zeros, index, dy!, 'add'), undefined];
    },
  },
});
