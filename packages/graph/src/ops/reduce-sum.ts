import { defineOp } from '../builder/op-definition.js';
import { expandReduced, inferReduce, reduceAxes } from './shared/reduce.js';

/** ReduceSum over constant `axes` (all axes when empty). */
export const reduceSumOp = defineOp({
  opType: 'ReduceSum', domain: '', sinceOpset: 13,
  inputs: ['data', 'axes'], optionalInputs: 1, attributes: { keepdims: 'int' },
  inferOutputs: (inputs, { keepdims = 1 }) => inferReduce('ReduceSum', inputs, keepdims),
  gradient: {
    build(g, { inputs: [x, axes], outputGrads: [dy], attributes: { keepdims = 1 } }) {
      // dX = dY broadcast back over the summed axes
      return [expandReduced(g, dy!, x!, reduceAxes('ReduceSum', x!, axes), keepdims), undefined];
    },
  },
});
