import { ToolkitError } from '@causal-tune/core';
import { defineOp } from '../builder/op-definition.js';

/** Transpose by `perm` (default: reverse the axes). */
export const transposeOp = defineOp({
  opType: 'Transpose', domain: '', sinceOpset: 13,
  inputs: ['data'], attributes: { perm: 'ints' },
  inferOutputs([data], { perm }) {
    const order = perm ?? data!.shape.map((_dim, index) => data!.shape.length - 1 - index);
    if (order.length !== data!.shape.length || [...order].sort((x, y) => x - y).some((axis, index) => axis !== index)) {
      throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `Transpose: 'perm' ${JSON.stringify(order)} is not a permutation of the ${data!.shape.length} axes of 'data'.`);
    }
    return [{ dtype: data!.dtype, shape: order.map((axis) => data!.shape[axis]!) }];
  },
  gradient: {
    build(g, { inputs: [data], outputGrads: [dy], attributes: { perm } }) {
      // dX = Transpose(dY, perm⁻¹)
      const order = perm ?? data!.shape.map((_dim, index) => data!.shape.length - 1 - index);
      const inverse = order.map((_axis, index) => order.indexOf(index));
      return [g.transpose(dy!, inverse)];
    },
  },
});
