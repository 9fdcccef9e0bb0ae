import { defineOp } from '../builder/op-definition.js';
import { inferSame } from './shared/infer.js';

/** Trilu: keeps the upper (`upper: 1`) or lower triangle of the last two axes, offset by `k`. */
export const triluOp = defineOp({
  opType: 'Trilu', domain: '', sinceOpset: 14,
  inputs: ['input', 'k'], optionalInputs: 1, attributes: { upper: 'int' },
  inferOutputs: inferSame,
  gradient: {
    // dX = the same triangle of dY
    build: (g, { inputs: [, k], outputGrads: [dy], attributes: { upper = 1 } }) => [g.trilu(dy!, upper === 1, k), undefined],
  },
});
