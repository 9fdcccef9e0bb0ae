import { defineOp } from '../builder/op-definition.js';
import { expandReduced, inferReduce, reduceAxes } from './shared/reduce.js';

/** ReduceMax over constant `axes` (all axes when empty). */
export const reduceMaxOp = defineOp({
  opType: 'ReduceMax', domain: '', sinceOpset: 18,
  inputs: ['data', 'axes'], optionalInputs: 1, attributes: { keepdims: 'int' },
  inferOutputs: (inputs, { keepdims = 1 }) => inferReduce('ReduceMax', inputs, keepdims),
  gradient: {
    build(g, { inputs: [x, axesValue], outputs: [y], outputGrads: [dy], attributes: { keepdims = 1 } }) {
      // dX = dY · mask / count: the gradient is shared evenly by the tied maxima (like torch.amax).
      const axes = reduceAxes('ReduceMax', x!, axesValue);
      const mask = g.cast(g.equal(x!, expandReduced(g, y!, x!, axes, keepdims)), x!.dtype);
      const count = g.reduceSum(mask, axes, true);
      return [g.div(g.mul(expandReduced(g, dy!, x!, axes, keepdims), mask), count), undefined];
    },
  },
});
