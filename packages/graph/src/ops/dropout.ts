import { defineOp } from '../builder/op-definition.js';

/**
 * Dropout in training mode with a fixed `seed`: zeroes elements with probability `ratio` and
 * scales the rest by 1/(1 − ratio). Outputs the result and the bool keep-mask.
 */
export const dropoutOp = defineOp({
  opType: 'Dropout', domain: '', sinceOpset: 13,
  inputs: ['data', 'ratio', 'training_mode'], optionalInputs: 2, attributes: { seed: 'int' },
  inferOutputs: ([data]) => [
    { dtype: data!.dtype, shape: data!.shape },
    { dtype: 'bool', shape: data!.shape },
  ],
  gradient: {
    build(g, { inputs: [data, ratio], outputs: [, mask], outputGrads: [dy] }) {
      // dX = dY · mask / (1 − ratio)
      const keep = g.cast(mask!, data!.dtype);
      const scale = ratio ? g.div(1, g.sub(1, g.cast(ratio, data!.dtype))) : g.constant(2, data!.dtype, []);
      return [g.mul(g.mul(dy!, keep), scale), undefined, undefined];
    },
  },
});
