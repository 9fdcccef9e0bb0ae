import { ToolkitError } from '@causal-tune/core';
import { defineOp } from '../builder/op-definition.js';
import { type Dim, normalizeAxis } from '../builder/shape.js';
import { unknownDim } from './shared/infer.js';

/** Concat: joins its inputs along `axis`. */
export const concatOp = defineOp({
  opType: 'Concat', domain: '', sinceOpset: 13,
  inputs: ['...inputs'], attributes: { axis: 'int' },
  inferOutputs(inputs, { axis = 0 }) {
    const first = inputs[0]!;
    const at = normalizeAxis(axis, first.shape.length, 'Concat');
    let size: Dim = 0;
    for (const [position, input] of inputs.entries()) {
      if (input!.shape.length !== first.shape.length || input!.dtype !== first.dtype) {
        throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `Concat: input ${position} is ${input!.dtype} of rank ${input!.shape.length}, but input 0 is ${first.dtype} of rank ${first.shape.length}.`);
      }
      const dim = input!.shape[at]!;
      size = typeof size === 'number' && typeof dim === 'number' ? size + dim : unknownDim();
    }
    return [{ dtype: first.dtype, shape: first.shape.map((dim, index) => (index === at ? size : dim)) }];
  },
  gradient: {
    build(g, { inputs, outputGrads: [dy], attributes: { axis = 0 }, needsGrad }) {
      // dXᵢ = the slice of dY that Xᵢ filled: Split by the inputs' sizes along the axis.
      const at = normalizeAxis(axis, inputs[0]!.shape.length, 'Concat');
      const sizes = inputs.map((input) => g.slice(g.shape(input!), [at], [at + 1]));
      const parts = g.split(dy!, g.concat(sizes, 0), at, inputs.map((input) => input!.shape));
      return parts.map((part, index) => (needsGrad[index] ? part : undefined));
    },
  },
});
