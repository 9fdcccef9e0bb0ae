import { defineOp } from '../builder/op-definition.js';
import { expandReduced, inferReduce, reduceAxes } from './shared/reduce.js';

/** ReduceMean over constant `axes` (all axes when empty). */
export const reduceMeanOp = defineOp({
  opType: 'ReduceMean', domain: '', sinceOpset: 18,
  inputs: ['data', 'axes'], optionalInputs: 1, attributes: { keepdims: 'int' },
  inferOutputs: (inputs, { keepdims = 1 }) => inferReduce('ReduceMean', inputs, keepdims),
  gradient: {
    build(g, { inputs: [x, axes], outputs: [y], outputGrads: [dy], attributes: { keepdims = 1 } }) {
      // dX = dY broadcast back, times |Y| / |X| (1 / number of averaged elements)
      const expanded = expandReduced(g, dy!, x!, reduceAxes('ReduceMean', x!, axes), keepdims);
      const scale = g.div(g.cast(g.size(y!), x!.dtype), g.cast(g.size(x!), x!.dtype));
      return [g.mul(expanded, scale), undefined];
    },
  },
});
