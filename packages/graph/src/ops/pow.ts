import { defineOp } from '../builder/op-definition.js';
import { reduceToShape } from '../autodiff/reduce-to-shape.js';
import { inferBroadcast } from './shared/infer.js';

/** Pow: `a ^ b` with broadcasting (both of one floating dtype). */
export const powOp = defineOp({
  opType: 'Pow', domain: '', sinceOpset: 15,
  inputs: ['a', 'b'], attributes: {},
  inferOutputs: (inputs) => inferBroadcast('Pow', ['a', 'b'], inputs),
  gradient: {
    build(g, { inputs: [a, b], outputs: [y], outputGrads: [dy], needsGrad }) {
      // dA = dY * B * A^(B-1) ; dB = dY * Y * ln(A)
      const da = needsGrad[0] ? reduceToShape(g, g.mul(dy!, g.mul(b!, g.pow(a!, g.sub(b!, 1)))), a!) : undefined;
      const db = needsGrad[1] ? reduceToShape(g, g.mul(dy!, g.mul(y!, g.log(a!))), b!) : undefined;
      return [da, db];
    },
  },
});
